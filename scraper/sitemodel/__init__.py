"""The site model: what a crawl learns from the many pages of one site that one page lacks.

Per host, from a sample of its pages spread over the site (``sample.py``): the template (blocks
on most pages: menus, sidebars, footers, hidden "latest posts" boxes), the site's name in
``<title>``, where bylines and dates sit, and how pages of each URL shape were judged. The
extractor stays a pure function of one page; the model prunes the template from the page before
it and refines its article after it.
"""

from __future__ import annotations

from scraper.sitemodel.model import SiteModel, url_shape
from scraper.sitemodel.models import (
    MODEL_FILE,
    POOL_PAGES,
    SAMPLE_PAGES,
    SiteModels,
    extract_page,
    host_of,
)
from scraper.sitemodel.refine import PageFacts

__all__ = [
    "MODEL_FILE",
    "POOL_PAGES",
    "SAMPLE_PAGES",
    "PageFacts",
    "SiteModel",
    "SiteModels",
    "extract_page",
    "host_of",
    "url_shape",
]
