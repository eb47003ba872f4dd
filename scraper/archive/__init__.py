"""Saved pages in and out: WARC reading and writing, site mirrors, and batch extraction of files.

Entry points: ``scraper.archive.warc`` (``iter_warc_articles``, ``WarcWriter``),
``scraper.archive.mirror`` (``iter_mirror_articles``) and ``scraper.archive.batch`` (the engine
of ``scraper extract``); the other modules are their parts.
"""
