"""Site models for one crawl or archive run: learned per host, used per page, saved as JSON.

The crawl holds each host's first pages (``SAMPLE_PAGES``) until it has seen enough of them, then
``learn``s the host's model from those pages and decides each of them with it; every later page
of the host is extracted with the model from the start (``prepare`` before the extractor,
``refine`` after). The models live in ``site-model.json`` beside the crawl state, written
atomically when a host's model is learned, so a resumed or incremental crawl uses the same one.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import urlsplit

from lxml.html import HtmlElement

from scraper.errors import StateError
from scraper.extractor import extract_tree, parse_html
from scraper.models import Article
from scraper.sitemodel.blocks import page_blocks, title_text
from scraper.sitemodel.model import MODEL_VERSION, Sample, SiteModel, learn, with_kinds
from scraper.sitemodel.refine import PageFacts, prepare, refine

__all__ = ["MODEL_FILE", "SAMPLE_PAGES", "SiteModels", "host_of"]

MODEL_FILE = "site-model.json"
SAMPLE_PAGES = 40  # pages of a host seen before its model is learned (fewer if the site is smaller)

log = logging.getLogger("scraper.sitemodel")


def host_of(url: str) -> str:
    """The key a model is kept under: the URL's host and port."""
    return urlsplit(url).netloc.lower()


class SiteModels:
    """The models of every host of one run, and the file they are kept in (None: memory only)."""

    def __init__(self, path: Path | None = None, *, sample_pages: int = SAMPLE_PAGES) -> None:
        self.path = path
        self.sample_pages = sample_pages
        self.models: dict[str, SiteModel] = _load(path) if path is not None else {}

    def is_learned(self, url: str) -> bool:
        return host_of(url) in self.models

    def prepare(self, root: HtmlElement | None, url: str) -> PageFacts | None:
        """Before extraction: prune the host's template from ``root`` (None while learning)."""
        model = self.models.get(host_of(url))
        return prepare(root, url, model) if model is not None else None

    def refine(self, article: Article, facts: PageFacts | None) -> Article:
        """After extraction: what the host's model decides better than the page alone."""
        if facts is None:
            return article
        return refine(article, facts, self.models[host_of(facts.url)])

    def extract(self, html: str, url: str, *, markdown: bool = False) -> Article:
        """One page extracted with its host's (learned) model."""
        root = parse_html(html)
        facts = self.prepare(root, url)
        return self.refine(extract_tree(root, url, markdown=markdown), facts)

    def learn(self, host: str, pages: Sequence[tuple[str, str]]) -> SiteModel:
        """Learn ``host``'s model from its sample pages (``(url, html)``), keep it and save it."""
        samples = []
        for url, html in pages:
            root = parse_html(html)
            blocks = page_blocks(root)
            title = title_text(root)
            samples.append(Sample(url, blocks, title, extract_tree(root, url)))
        model = learn(host, samples)
        # The sample's kinds, judged with the template removed (a hidden "latest posts" box on
        # every page must not make every post a listing), tell doubtful pages what they are.
        judged = []
        for url, html in pages:
            root = parse_html(html)
            facts = prepare(root, url, model)
            judged.append((url, refine(extract_tree(root, url), facts, model).page_kind))
        model = with_kinds(model, judged)
        self.models[host] = model
        self.save()
        log.info("site model %s", model.describe())
        return model

    def save(self) -> None:
        """Write every model to the file, atomically (a kill leaves the old file or the new)."""
        if self.path is None:
            return
        data = {
            "version": MODEL_VERSION,
            "hosts": {h: m.to_json() for h, m in sorted(self.models.items())},
        }
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".site-model-", suffix=".tmp")
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as handle:
                    json.dump(data, handle, ensure_ascii=False, indent=1)
                    handle.flush()
                    os.fsync(handle.fileno())
                os.replace(tmp, self.path)
            except BaseException:
                with contextlib.suppress(FileNotFoundError):
                    os.remove(tmp)
                raise
        except OSError as exc:
            raise StateError(f"cannot write the site model {self.path}: {exc}") from exc


def _load(path: Path) -> dict[str, SiteModel]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        raise StateError(f"{path}: unreadable site model ({exc})") from exc
    if not isinstance(data, dict) or data.get("version") != MODEL_VERSION:
        log.info("%s: site model of another version, learning again", path)
        return {}
    try:
        models = {h: SiteModel.from_json(m) for h, m in (data.get("hosts") or {}).items()}
    except (KeyError, TypeError, ValueError) as exc:
        raise StateError(f"{path}: unreadable site model ({exc})") from exc
    for model in models.values():
        log.info("site model %s (from %s)", model.describe(), path)
    return models
