"""The crawl's own shortcuts (round nine, issue 18) give what the plain computations gave: a
place's step from its cache, loose text without the markup scan, a page's template told once for
its facts and its pruning, and the context managers of the frontier and of aiohttp's errors."""

from __future__ import annotations

import asyncio
import random
import re
from pathlib import Path

import aiohttp
import httpx
import pytest
from hidden_box_site import write_site
from lxml import etree

from scraper.extractor import parse_html
from scraper.sitemodel import SiteModels
from scraper.sitemodel import blocks as sitemodel_blocks
from scraper.sitemodel.blocks import MAX_CLASSES, page_blocks, step_of, title_text
from scraper.sitemodel.model import loose
from scraper.sitemodel.refine import is_redirect, page_facts, prepare, prune

PAGES = Path(__file__).resolve().parent.parent / "fixtures" / "pages"
_VOLATILE = re.compile(r"\d")


def plain_step(element: etree._Element) -> str:
    """``step_of`` as it was before its cache."""
    if element.tag == "body":
        return "body"
    classes = sorted(c for c in (element.get("class") or "").split() if not _VOLATILE.search(c))
    return element.tag + "." + ".".join(classes[:MAX_CLASSES]) if classes else element.tag


def plain_loose(text: str | None) -> str:
    """``loose`` as it was: the markup scan on every text."""
    tags, not_word = re.compile(r"</?[a-zA-Z][^<>]*>"), re.compile(r"[^\w\s]")
    return " ".join(not_word.sub(" ", tags.sub(" ", text or "").casefold()).split())


def test_cached_steps_are_the_plain_steps_and_long_class_lists_are_not_kept() -> None:
    for path in sorted(PAGES.glob("*.html")):
        root = parse_html(path.read_text(encoding="utf-8"))
        for element in root.iter():
            if isinstance(element.tag, str):
                assert step_of(element) == plain_step(element), path.name
    hostile = etree.fromstring(f'<div class="{" ".join(f"c{n} x{n}a" for n in range(200))} b a"/>')
    kept = sitemodel_blocks._step.cache_info().currsize
    assert step_of(hostile) == plain_step(hostile) == "div.a.b"
    assert sitemodel_blocks._step.cache_info().currsize == kept


def plain_inline_text(element: etree._Element) -> str:
    """``blocks._inline_text`` as it was, without its shortcut for an element with no children."""
    if next(element.iter(*sitemodel_blocks._NO_TEXT_TAGS), None) is None:
        return etree.tostring(element, method="text", encoding=str, with_tail=False)
    parts = [element.text or ""]
    for child in element:
        if not isinstance(child.tag, str) or child.tag not in sitemodel_blocks._NO_TEXT_TAGS:
            parts.append(plain_inline_text(child) if isinstance(child.tag, str) else "")
        parts.append(child.tail or "")
    return "".join(parts)


def test_inline_texts_are_the_plain_texts() -> None:
    odd = "<p>a<b>&amp; b&#233;<!-- c --></b><i></i><em>x<?pi y?></em><a>&lt;tag&gt;</a></p>"
    roots = [parse_html(odd)]
    roots += [parse_html(path.read_text(encoding="utf-8")) for path in sorted(PAGES.glob("*.html"))]
    checked = 0
    for root in roots:
        for element in root.iter():
            if isinstance(element.tag, str) and element.tag not in sitemodel_blocks._NO_TEXT_TAGS:
                assert sitemodel_blocks._inline_text(element) == plain_inline_text(element)
                checked += 1
    assert checked > 1000


def test_loose_text_is_the_same_with_or_without_markup() -> None:
    rng = random.Random(5)
    pieces = ["<b>", "</b>", "<a href='x'>", "a < b", "x>y", "Straße", "ÉTÉ", "—", "  ", "\n"]
    pieces += ["1,2", "word", "<", ">", "<1>", "</ p>", "ﬁne", "İ"]
    texts = [None, "", "<br/>", "plain words only"]
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 12))) for _ in range(500)]
    for text in texts:
        assert loose(text) == plain_loose(text), text


def test_prepare_reads_the_same_facts_and_prunes_the_same_blocks(tmp_path: Path) -> None:
    write_site(tmp_path)
    pages = [
        (f"http://site.test/{path.parent.relative_to(tmp_path).as_posix()}/", path.read_text())
        for path in sorted(tmp_path.rglob("index.html"))
    ]
    models = SiteModels(None)
    models.learn("site.test", pages)
    model = models.models["site.test"]
    assert model.template, "the hidden box is learned as template"
    pruned = 0
    for url, html in pages:
        fast_root = parse_html(html)
        facts = prepare(fast_root, url, model)
        plain_root = parse_html(html)
        blocks = page_blocks(plain_root)
        plain = page_facts(blocks, url, title_text(plain_root), is_redirect(plain_root), model)
        prune(blocks, model)
        assert facts == plain, url
        fast_html, plain_html = etree.tostring(fast_root), etree.tostring(plain_root)
        assert fast_html == plain_html, url
        pruned += fast_html != etree.tostring(parse_html(html))
    assert pruned == len(pages)


def test_aiohttp_errors_become_the_httpx_errors_that_mean_the_same() -> None:
    from scraper.crawler.transport import as_httpx_errors

    request = httpx.Request("GET", "http://x.test/")
    with pytest.raises(httpx.ReadTimeout) as caught, as_httpx_errors(request):
        raise aiohttp.SocketTimeoutError("slow")
    assert caught.value.request is request
    assert isinstance(caught.value.__cause__, aiohttp.SocketTimeoutError)
    with pytest.raises(httpx.RemoteProtocolError), as_httpx_errors():
        raise aiohttp.ServerDisconnectedError()
    with pytest.raises(httpx.ReadTimeout), as_httpx_errors():
        raise TimeoutError()
    # httpx's own errors, other errors and cancellations pass unchanged
    with pytest.raises(httpx.ConnectError), as_httpx_errors():
        raise httpx.ConnectError("refused")
    with pytest.raises(KeyError), as_httpx_errors():
        raise KeyError("x")
    with pytest.raises(asyncio.CancelledError), as_httpx_errors():
        raise asyncio.CancelledError()
    with as_httpx_errors():
        pass
