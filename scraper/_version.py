"""The package version, in a module of its own so every layer can read it without importing
the package's public ``__init__`` (which imports the crawler and the extractor)."""

__version__ = "0.1.0"
