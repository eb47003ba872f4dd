"""Markup-era stress test: how much of the body's quality rests on markup older pages lack?

The issue's third bar is measured on older news and blog pages (2000s markup: no HTML5
sections, no ARIA roles, no JSON-LD or Open Graph, paragraphs as ``<br>`` runs in table
cells), which no dev set here holds. Each transform below rewrites a dev page the way such a
page is written, keeping its words, so ``score.py`` can say how much F1 each kind of markup
carries:

    python ../shared/benchmarks/score.py --set aeb --extractor benchmarks.markup_era:identity
    python ../shared/benchmarks/score.py --set aeb --extractor benchmarks.markup_era:no_semantic

``identity`` parses and re-serialises only (the control: lxml's round trip).
"""

from __future__ import annotations

from collections.abc import Callable

import lxml.html
from lxml import etree

from scraper import extract

_SEMANTIC_BLOCKS = {"article", "main", "header", "footer", "nav", "aside", "section", "figure"}
_SEMANTIC_INLINE = {"time", "figcaption", "mark"}
_MODERN_ATTRIBUTES = ("role", "itemprop", "itemscope", "itemtype", "aria-label", "aria-hidden")


def _no_sections(root: etree._Element) -> None:
    """Only the HTML5 sectioning elements go (``div``, ``span`` inline); attributes stay."""
    for element in root.iter(*_SEMANTIC_BLOCKS, *_SEMANTIC_INLINE):
        element.tag = "span" if element.tag in ("time", "mark") else "div"


def _no_modern_attributes(root: etree._Element) -> None:
    """Only ARIA and microdata attributes go; the elements stay."""
    for element in root.iter():
        if isinstance(element.tag, str):
            for name in _MODERN_ATTRIBUTES:
                element.attrib.pop(name, None)


def _no_head_data(root: etree._Element) -> None:
    """No JSON-LD, Open Graph or Twitter cards: what a 2005 page's head held."""
    for script in root.xpath("//script[@type='application/ld+json']"):
        script.getparent().remove(script)
    for meta in root.xpath("//meta[@property or @name]"):
        key = (meta.get("property") or meta.get("name") or "").lower()
        if key.startswith(("og:", "twitter:", "article:")):
            meta.getparent().remove(meta)


def _undeclared(root: etree._Element) -> None:
    """Only what declares the page an article goes: ``og:type`` and the JSON-LD scripts."""
    for script in root.xpath("//script[@type='application/ld+json']"):
        script.getparent().remove(script)
    for meta in root.xpath("//meta[@property='og:type']"):
        meta.getparent().remove(meta)


def _declared(root: etree._Element) -> None:
    """The page declares itself an article (``og:type``), whatever it said before."""
    _undeclared(root)
    head = root.find("head")
    if head is None:
        head = etree.Element("head")
        root.insert(0, head)
    head.append(etree.Element("meta", property="og:type", content="article"))


def _paragraphs_as_breaks(root: etree._Element) -> None:
    """Each run of sibling ``<p>`` becomes text split by ``<br><br>`` in one ``div``."""
    for parent in list(root.iter()):
        if not isinstance(parent.tag, str):
            continue
        children = list(parent)
        index = 0
        while index < len(children):
            if children[index].tag != "p":
                index += 1
                continue
            end = index
            while end < len(children) and children[end].tag == "p":
                end += 1
            if end - index >= 2:
                _merge_paragraphs(parent, children[index:end])
            index = end


def _merge_paragraphs(parent: etree._Element, paragraphs: list[etree._Element]) -> None:
    holder = etree.Element("div")
    parent.insert(parent.index(paragraphs[0]), holder)
    for number, paragraph in enumerate(paragraphs):
        if number:
            holder.append(etree.Element("br"))
            holder.append(etree.Element("br"))
        _append_text(holder, paragraph.text)
        for child in list(paragraph):
            holder.append(child)
        tail = paragraph.tail
        parent.remove(paragraph)
        _append_text(holder, tail)


def _append_text(holder: etree._Element, text: str | None) -> None:
    if not text:
        return
    if len(holder):
        last = holder[-1]
        last.tail = (last.tail or "") + text
    else:
        holder.text = (holder.text or "") + text


def _no_classes(root: etree._Element) -> None:
    """No class or id anywhere: the extreme of a page whose names say nothing."""
    for element in root.iter():
        if isinstance(element.tag, str):
            element.attrib.pop("class", None)
            element.attrib.pop("id", None)


REWRITES: dict[str, tuple[Callable[[etree._Element], None], ...]] = {
    "identity": (),
    "undeclared": (_undeclared,),
    "declared": (_declared,),
    "no_head_data": (_no_head_data,),
    # HTML5 sections as ``div`` (``span`` inline), ARIA and microdata gone: both halves below
    "no_semantic": (_no_sections, _no_modern_attributes),
    "no_sections": (_no_sections,),
    "no_modern_attributes": (_no_modern_attributes,),
    "breaks": (_paragraphs_as_breaks,),
    # the three 2000s rewrites at once (class and id names kept, as old pages had them)
    "old_page": (_no_sections, _no_modern_attributes, _no_head_data, _paragraphs_as_breaks),
    "no_classes": (_no_classes,),
}


def rewritten(html: str, name: str) -> str:
    """``html`` rewritten by the rewrite ``name`` (``REWRITES``); a page lxml cannot read is
    returned as it is."""
    try:
        root = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return html
    for step in REWRITES[name]:
        step(root)
    return lxml.html.tostring(root, encoding="unicode")


def _adapter(name: str) -> Callable[[str, str | None], str]:
    def text(html: str, url: str | None = None) -> str:
        return extract(rewritten(html, name), url).text

    text.__name__ = name
    text.__doc__ = f"``extract().text`` of the page rewritten by ``{name}``."
    return text


identity = _adapter("identity")
undeclared = _adapter("undeclared")
declared = _adapter("declared")
no_head_data = _adapter("no_head_data")
no_semantic = _adapter("no_semantic")
no_sections = _adapter("no_sections")
no_modern_attributes = _adapter("no_modern_attributes")
breaks = _adapter("breaks")
old_page = _adapter("old_page")
no_classes = _adapter("no_classes")

_GOLD_TYPES: dict[str, str] | None = None


def _gold_type(url: str | None) -> str | None:
    """The gold page type of a wcxb-dev page by its URL (the oracle study only)."""
    global _GOLD_TYPES
    if _GOLD_TYPES is None:
        import json

        from benchmarks.train_body_model import DEFAULT_SHARED

        truth = DEFAULT_SHARED / "wcxb-dev" / "ground-truth.json"
        records = json.loads(truth.read_text()) if truth.exists() else {}
        _GOLD_TYPES = {r.get("url"): r.get("page_type") for r in records.values()}
    return _GOLD_TYPES.get(url)


def declared_if_article(html: str, url: str | None = None) -> str:
    """Oracle: the gold's articles declared, every other page undeclared."""
    name = "declared" if _gold_type(url) in ("article", None) else "undeclared"
    return extract(rewritten(html, name), url).text
