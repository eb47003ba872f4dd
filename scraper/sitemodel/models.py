"""Site models for one crawl or archive run: learned per host, used per page, saved as JSON.

The crawl holds each host's first pages (up to ``POOL_PAGES``) until it has seen enough of them,
then ``learn``s the host's model from a sample of them spread over the site (``sample.py``) and
decides each of them with it; every later page of the host is extracted with the model from the
start (``prepare`` before the extractor,
``refine`` after). The models live in ``site-model.json`` beside the crawl state, written
atomically when a host's model is learned, so a resumed or incremental crawl uses the same one.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import logging
import os
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from urllib.parse import urlsplit

from lxml.html import HtmlElement

from scraper.errors import StateError
from scraper.extractor import extract, extract_tree, parse_tree
from scraper.extractor.decode import decode_html
from scraper.extractor.metadata import ranked_writers
from scraper.extractor.textdump import looks_like_text
from scraper.models import Article
from scraper.sitemodel.blocks import page_blocks, title_text
from scraper.sitemodel.model import (
    MODEL_VERSION,
    Sample,
    SiteModel,
    few_writers_given,
    joined,
    learn_build_stamps,
    learn_content_places,
    learn_dated_byline,
    learn_hinted_byline,
    learn_menu,
    learn_own_name_writer,
    learn_places,
    learn_template,
    loose,
    with_dated_sections,
    with_declared_dates,
    with_declared_writers,
    with_kinds,
    with_url_dates,
)
from scraper.sitemodel.refine import (
    MIN_CONFIDENT_PAGES,
    PageFacts,
    declared_day,
    declared_writers,
    declares_thing,
    is_redirect,
    outside_dated_sections,
    page_facts,
    prepare,
    prune,
    refine,
)
from scraper.sitemodel.region import outside_lines, respect_region
from scraper.sitemodel.sample import POOL_PAGES, SAMPLE_PAGES, choose_sample

__all__ = [
    "MODEL_FILE",
    "POOL_PAGES",
    "SAMPLE_PAGES",
    "SiteModels",
    "extract_page",
    "extract_prepared",
    "host_of",
    "weigh_paths",
]

MODEL_FILE = "site-model.json"
MIN_NAMED_POSTS = 3  # a sample page naming this many other sample posts by title lists them
MIN_TITLE_WORDS = 2
BYLINE_HINTS = True  # learn the byline place from the writers the ranker puts first, if need be
# the date place as the byline place too, where most dated posts name a writer there
DATED_BYLINES = True
MIN_ARTICLES_CHECKED = 8  # sample articles needed to tell a template that eats posts
# ... or dated ones: the dated pages judged articles alone are the posts, and a few tell it
# (a sample of six posts among twenty documentation pages judged articles alone, which a
# right model makes other pages, must not read as a model that eats its posts)
MIN_DATED_CHECKED = 3

log = logging.getLogger("scraper.sitemodel")


def host_of(url: str) -> str:
    """The key a model is kept under: the URL's host and port."""
    return urlsplit(url).netloc.lower()


def extract_page(
    html: str | bytes,
    url: str,
    model: SiteModel | None,
    *,
    markdown: bool = False,
    include_comments: bool = False,
    encoding: str | None = None,
) -> Article:
    """``scraper.extract`` of one page, with its host's learned ``model`` when there is one:
    the template pruned before the extractor, the article refined after it."""
    text = decode_html(html, encoding)[0] if isinstance(html, bytes) else html
    if model is None or (text.strip() and looks_like_text(text)):
        return extract(text, url, markdown=markdown, include_comments=include_comments)
    try:
        root = parse_tree(text)
        facts = prepare(root, url, model)
        return extract_prepared(
            text, root, facts, model, markdown=markdown, include_comments=include_comments
        )
    except (ValueError, MemoryError, RecursionError) as exc:  # hostile markup: nothing to read
        log.warning("%s: page not read (%s: %s)", url, type(exc).__name__, exc)
        return Article(url=url, page_kind="other")


def extract_prepared(
    html: str,
    root: HtmlElement | None,
    facts: PageFacts,
    model: SiteModel,
    *,
    markdown: bool = False,
    include_comments: bool = False,
) -> Article:
    """The article of a page whose template ``prepare`` pruned from ``root`` (parsed from
    ``html``), refined by ``model``. Where the extractor's text holds lines the page has only
    outside the site's content region, the page is read again with ``choose``'s lines alone,
    and the lines the path chooser added from there are dropped (``region.respect_region``)."""
    article = extract_tree(root, facts.url, markdown=markdown, include_comments=include_comments)
    article = weigh_paths(
        article, html, facts, model, markdown=markdown, include_comments=include_comments
    )
    return refine(article, facts, model)


def weigh_paths(
    article: Article,
    html: str,
    facts: PageFacts,
    model: SiteModel,
    *,
    markdown: bool = False,
    include_comments: bool = False,
) -> Article:
    """``article`` (extracted with the template pruned) without the lines the path chooser
    added that the page holds only outside the site's content region: only where it has such
    lines is the page read again, with ``choose``'s lines alone, to tell which they are."""
    region = facts.region
    if region is None or not outside_lines(article.text, region):
        return article
    url = facts.url
    again = parse_tree(html)
    prepare(again, url, model)
    rules = extract_tree(
        again, url, markdown=markdown, include_comments=include_comments, path_choice=False
    )
    return respect_region(article, rules, region)


class SiteModels:
    """The models of every host of one run, and the file they are kept in (None: memory only)."""

    def __init__(
        self,
        path: Path | None = None,
        *,
        sample_pages: int = SAMPLE_PAGES,
        pool_pages: int = POOL_PAGES,
    ) -> None:
        self.path = path
        self.sample_pages = sample_pages
        self.pool_pages = max(pool_pages, sample_pages)  # pages held before the sample is chosen
        self.models: dict[str, SiteModel] = _load(path) if path is not None else {}

    def sample_of(self, urls: Iterable[str]) -> set[str]:
        """The pages among ``urls`` that ``learn`` learns from."""
        return set(choose_sample(urls, self.sample_pages))

    def is_learned(self, url: str) -> bool:
        return host_of(url) in self.models

    def decides_kinds(self, url: str) -> bool:
        """Whether the host's model has seen enough pages to judge page kinds: then a feed that
        lists a page (Hugo's feeds list "About" and every tag page) does not make it a post."""
        model = self.models.get(host_of(url))
        return model is not None and model.pages >= MIN_CONFIDENT_PAGES

    def extract(self, html: str, url: str, *, markdown: bool = False) -> Article:
        """One page extracted with its host's (learned) model."""
        model = self.models.get(host_of(url))
        if model is None:
            return extract_tree(parse_tree(html), url, markdown=markdown)
        root = parse_tree(html)
        facts = prepare(root, url, model)
        return extract_prepared(html, root, facts, model, markdown=markdown)

    def learn(
        self,
        host: str,
        pages: Sequence[tuple[str, str]],
        *,
        markdown: bool = False,
        alone_kinds: Mapping[str, str] | None = None,
    ) -> dict[str, Article]:
        """Learn ``host``'s model from a sample (``choose_sample``) of its pages (``(url, html)``),
        keep it and save it; returns each sample page's article, decided with the learned model
        (the other pages are left to the caller). ``alone_kinds``: the pages' kinds judged
        alone, when the caller knows them already (else each sample page is extracted alone).

        A sample made mostly of listings (tag pages first in crawl order) can teach a wrong
        model: the posts' excerpts repeat so often that they look like template, and the
        places of dates and headlines come from the listings. Judged with it, the sample's own
        posts come out as "other". When that happens to most of the pages judged articles
        alone (of those with a date, when enough have one), the model is not trusted: the host
        keeps a blank one (every page decided alone), since the model must never make good
        single-page results worse."""
        chosen = self.sample_of(url for url, _ in pages)
        pages = [(url, html) for url, html in pages if url in chosen]
        decided = self._learn(host, pages, markdown=markdown)
        kinds = dict(alone_kinds or {})
        for url, html in pages:
            if url not in kinds:
                kinds[url] = extract(html, url, markdown=markdown).page_kind
        articles = [url for url, _ in pages if kinds[url] == "article"]
        # The posts are the dated ones where enough are: a model that makes the undated pages
        # judged articles alone (About, a CV, a tag page of one teaser) other pages, and keeps
        # the posts, is right, not eating them.
        dated = [url for url in articles if decided[url].date_published]
        enough = MIN_ARTICLES_CHECKED
        if len(dated) >= MIN_DATED_CHECKED:
            articles, enough = dated, MIN_DATED_CHECKED
        eaten = sum(1 for url in articles if decided[url].page_kind == "other")
        if len(articles) >= enough and eaten * 2 > len(articles):
            log.warning(
                "site model of %s turned %d of the sample's %d articles into other pages: "
                "not trusted, its pages are decided alone",
                host,
                eaten,
                len(articles),
            )
            alone = {url: extract(html, url, markdown=markdown) for url, html in pages}
            blank = with_dated_sections(SiteModel(host=host), alone.items())
            self.models[host] = blank
            self.save()
            return {url: _dated_sections_kind(a, blank) for url, a in alone.items()}
        return decided

    def _learn(
        self, host: str, pages: Sequence[tuple[str, str]], *, markdown: bool
    ) -> dict[str, Article]:
        parsed = []
        things: list[bool] = []
        declared: list[tuple[str, ...]] = []  # each page's <meta name="author"> writers
        days: list[str | None] = []  # the day each page's structured data declares
        for url, html in pages:
            root = parse_tree(html)
            blocks = page_blocks(root)
            for block in blocks:  # places now: the extractor below prunes the tree
                block.settle()
            things.append(declares_thing(root))  # (before the extractor prunes the tree)
            declared.append(declared_writers(root))
            days.append(declared_day(root))
            parsed.append((url, root, blocks, title_text(root), is_redirect(root)))
        model = learn_template(host, [(blocks, title) for _, _, blocks, title, _ in parsed])
        model = learn_menu(model, [(url, blocks) for url, _, blocks, _, _ in parsed])
        samples = []
        for url, root, blocks, title, _ in parsed:
            prune(blocks, model)
            try:
                article = extract_tree(root, url, markdown=markdown)
            except Exception:  # one bad page must not stop the learning (nor the crawl)
                log.exception("extraction of %s failed", url)
                article = Article(url=url, page_kind="other")
            samples.append(Sample(url, blocks, title, article))
        model = learn_build_stamps(model, samples)
        model = learn_places(model, samples)
        if BYLINE_HINTS and (model.byline_place is None or few_writers_given(samples)):
            hinted = [
                dataclasses.replace(sample, hints=_writer_hints(sample.article, html, url))
                for sample, (url, html) in zip(samples, pages, strict=True)
            ]
            model = learn_hinted_byline(model, hinted)
        if DATED_BYLINES:
            model = learn_dated_byline(model, samples)
        model = learn_own_name_writer(model, samples)
        model = learn_content_places(model, samples)
        facts = [
            page_facts(blocks, url, title, redirect, model, thing, writers, day)
            for (url, _, blocks, title, redirect), thing, writers, day in zip(
                parsed, things, declared, days, strict=True
            )
        ]
        # The sample's kinds, judged with the template removed (a hidden "latest posts" box on
        # every page must not make every post a listing), tell doubtful pages what they are.
        # Their articles as every later page's: the path choice weighed against the region.
        weighed = [
            weigh_paths(s.article, html, f, model, markdown=markdown)
            for f, s, (_, html) in zip(facts, samples, pages, strict=True)
        ]
        judged = [(f, refine(a, f, model)) for f, a in zip(facts, weighed, strict=True)]
        model = with_kinds(model, _listings_named(judged))
        model = with_dated_sections(model, ((f.url, a) for f, a in judged))
        model = with_url_dates(model, ((f.url, a) for f, a in judged))
        model = with_declared_writers(model, ((a, f.declared) for f, a in judged))
        model = with_declared_dates(model, ((a, f.declared_day) for f, a in judged))
        self.models[host] = model
        self.save()
        log.info("site model %s", model.describe())
        return {f.url: refine(a, f, model) for f, a in zip(facts, weighed, strict=True)}

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


def _dated_sections_kind(article: Article, model: SiteModel) -> Article:
    """A page judged alone, other where the site's dated sections say it is no post."""
    if article.page_kind == "article" and outside_dated_sections(article, model):
        return dataclasses.replace(article, page_kind="other")
    return article


def _writer_hints(article: Article, html: str, url: str) -> tuple[tuple[str, ...], ...]:
    """An article's author candidates as the ranker orders them, whether given or withheld
    (read from a fresh tree: the extractor prunes its own), for learning the byline place."""
    if article.page_kind != "article":
        return ()
    try:
        root = parse_tree(html)
        return ranked_writers(root, url) if root is not None else ()
    except Exception:  # one bad page must not stop the learning (nor the crawl)
        log.exception("reading the writers of %s failed", url)
        return ()


def _listings_named(judged: Sequence[tuple[PageFacts, Article]]) -> list[tuple[str, str]]:
    """Each sample page's kind; an "article" whose content links to several other sample posts
    by their titles is a listing of them (a tag or archive page), however much excerpt it
    shows. Links in the site's link lists, or left out of the page's text ("related posts"),
    do not count."""
    titles = {
        facts.url: loose(a.title)
        for facts, a in judged
        if a.page_kind == "article" and a.title and len(a.title.split()) >= MIN_TITLE_WORDS
    }
    kinds = []
    for facts, article in judged:
        kind = article.page_kind
        if kind == "article":
            words = loose(article.text)
            named = {
                target
                for target, text in ((joined(facts.url, h), t) for h, t in facts.links)
                if target is not None
                and target != facts.url
                and titles.get(target) == loose(text)
                and loose(text) in words
            }
            if len(named) >= MIN_NAMED_POSTS:
                kind = "listing"
        kinds.append((facts.url, kind))
    return kinds


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
