"""A datatrove pipeline step (``pip install "scraper[datatrove]"``): scraper's extractor in place
of datatrove's ``Trafilatura`` extractor, as in FineWeb-style pipelines.

>>> from datatrove.executor import LocalPipelineExecutor
>>> from datatrove.pipeline.readers import WarcReader
>>> from datatrove.pipeline.writers import JsonlWriter
>>> from scraper.integrations.datatrove import ScraperExtractor
>>> LocalPipelineExecutor(pipeline=[  # doctest: +SKIP
...     WarcReader("crawl/"), ScraperExtractor(), JsonlWriter("out/")
... ]).run()

Each document's HTML becomes the article's text; its metadata gains the article's title,
authors, dates, language, site name, page kind and canonical URL. Like the ``Trafilatura``
step, extraction runs in datatrove's sandbox process with a per-document timeout, and a
document left with no text is dropped (so are non-article pages with ``articles_only=True``).
"""

from __future__ import annotations

from typing import Any

from datatrove.data import DocumentsPipeline
from datatrove.pipeline.extractors.base import BaseExtractor, ExtractorSandbox
from datatrove.utils.logging import logger
from datatrove.utils.typeshelper import StatHints

from scraper.errors import ScraperError
from scraper.extractor import extract
from scraper.models import Article

__all__ = ["ScraperExtractor", "article_metadata"]

_WARMUP = ("<html><body><article><p>warm up</p></article></body></html>", None)


class ScraperExtractor(BaseExtractor):
    """Extract each document's article text and metadata with ``scraper.extractor.extract``."""

    name = "⛏ scraper"

    def __init__(
        self,
        timeout: float = 1,
        *,
        markdown: bool = False,
        include_comments: bool = False,
        articles_only: bool = False,
    ) -> None:
        super().__init__(timeout)
        self.markdown = markdown
        self.include_comments = include_comments
        self.articles_only = articles_only

    def extract(self, text: str) -> str:
        """The article text of one HTML page (what datatrove's base step asks of extractors)."""
        return self.extract_with_metadata(text, None)[0]

    def extract_with_metadata(self, html: str, url: str | None) -> tuple[str, dict[str, Any]]:
        """(text, metadata) of one page; the text is empty when the page is to be dropped."""
        try:
            article = extract(
                html, url, markdown=self.markdown, include_comments=self.include_comments
            )
        except ScraperError:
            return "", {}
        if self.articles_only and article.page_kind != "article":
            return "", {}
        text = article.markdown if self.markdown and article.markdown else article.text
        return text, article_metadata(article)

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        """datatrove's extractor loop, keeping the article's metadata as well as its text."""
        with ExtractorSandbox(timeout=self.timeout, warmup_text=_WARMUP) as sandbox:
            for doc in data:
                self.stat_update(StatHints.total)
                with self.track_time():
                    try:
                        url = doc.metadata.get("url")
                        text, metadata = sandbox.process_document(
                            (doc.text, url), self.extract_with_metadata
                        )
                        self.stat_update("extracted")
                    except TimeoutError:
                        self.stat_update("timeout")
                        logger.warning("Timeout while extracting a document; skipped")
                        continue
                    except EOFError:
                        self.stat_update("broken_process")
                        continue
                    except Exception as exc:  # as datatrove's step: one page never ends a run
                        self.stat_update("clean_error")
                        if not self._warned_error:
                            logger.warning(f"Error {exc!r} while extracting a document; skipped")
                            self._warned_error = True
                        continue
                if not text:
                    self.stat_update(StatHints.dropped)
                    continue
                doc.text = text
                doc.metadata.update(metadata)
                self.stat_update(StatHints.forwarded)
                self.update_doc_stats(doc)
                yield doc


def article_metadata(article: Article) -> dict[str, Any]:
    """The article's metadata as flat, JSON-ready values (empty ones left out)."""
    values: dict[str, Any] = {
        "title": article.title,
        "authors": list(article.authors),
        "date_published": article.date_published,
        "date_modified": article.date_modified,
        "site_name": article.site_name,
        "description": article.description,
        "language": article.language,
        "canonical_url": article.canonical_url,
        "tags": list(article.tags),
        "page_kind": article.page_kind,
    }
    return {key: value for key, value in values.items() if value not in (None, [], "")}
