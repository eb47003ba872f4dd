"""Steps that put scraper's extractor into other people's data pipelines (optional extras)."""
