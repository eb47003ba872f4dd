"""Archives in and out: WARC reading and writing, and the parallel, resumable extraction runs.

``scraper.warc`` and ``scraper.mirror`` are the public entry points; this package holds the parts.
"""
