"""Schema.org JSON-LD: every node of every script, @graph flattened, @id references resolved.

Real pages ship broken JSON-LD (trailing commas, raw newlines, HTML comments, two objects pasted
together, quotes a template left unescaped, ``//`` comments), so parsing is lenient: the cheap
repairs first, then ``json_repair`` on a bounded share of the page's text, and, as a last resort,
a few scalar fields are salvaged by pattern from text that is not JSON at all.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

__all__ = ["ARTICLE_TYPES", "JsonLd", "declares_article_in", "parse_jsonld", "types_page_in"]

Node = dict[str, Any]

ARTICLE_TYPES: frozenset[str] = frozenset(
    {
        "article",
        "newsarticle",
        "blogposting",
        "reportagenewsarticle",
        "analysisnewsarticle",
        "opinionnewsarticle",
        "reviewnewsarticle",
        "backgroundnewsarticle",
        "askpublicnewsarticle",
        "techarticle",
        "scholarlyarticle",
        "report",
        "socialmediaposting",
        "liveblogposting",
        "advertisercontentarticle",
        "satiricalarticle",
        "medicalscholarlyarticle",
        "apireference",
    }
)

# a script's "@type" names, read without parsing it (``declares_article_in``)
_JSONLD_TYPE_RE = re.compile(r'"@type"\s*:\s*\[?\s*"([A-Za-z]+)"')


def declares_article_in(elements: Iterable[Any]) -> bool:
    """Whether one of the page's ``<meta>`` and ``<script>`` elements (any order) says the page
    is one article: ``og:type`` "article", or a JSON-LD script whose @type is an article type.
    ``body.declares_article`` walks the tree for them; the metadata gather walk has them."""
    for element in elements:
        if element.tag == "meta":
            if (
                element.get("property") == "og:type"
                and (element.get("content") or "").lower() == "article"
            ):
                return True
            continue
        if (element.get("type") or "").lower() != "application/ld+json" or not element.text:
            continue
        for name in _JSONLD_TYPE_RE.findall(element.text):
            if name.lower() in ARTICLE_TYPES:
                return True
    return False


def script_types_in(elements: Iterable[Any]) -> set[str]:
    """The @type names (lower case) the JSON-LD ``<script>`` elements among ``elements`` give,
    read without parsing them, as ``declares_article_in`` reads them."""
    names: set[str] = set()
    for element in elements:
        if (element.get("type") or "").lower() == "application/ld+json" and element.text:
            names.update(name.lower() for name in _JSONLD_TYPE_RE.findall(element.text))
    return names


def types_page_in(elements: Iterable[Any]) -> bool:
    """Whether one of the page's ``<meta>`` and ``<script>`` elements types the page at all
    (an ``og:type``, any JSON-LD): a page that does and is no article has said so; one that
    does not (older markup) leaves the question to the page's shape (``articleshape``)."""
    for element in elements:
        if element.tag == "meta":
            if element.get("property") == "og:type":
                return True
        elif (element.get("type") or "").lower() == "application/ld+json":
            return True
    return False


# json_repair is pure Python and slows down on long broken texts (~0.1 s for 32 KB of stray
# quotes): a page's scripts share this many characters of repair, the rest are salvaged.
REPAIR_BUDGET = 32_768
_TRAILING_COMMA_RE = re.compile(r",\s*([}\]])")
_WRAPPER_RE = re.compile(r"^\s*(?:<!--|//\s*<!\[CDATA\[|<!\[CDATA\[)|(?:-->|//\s*\]\]>|\]\]>)\s*$")
_SALVAGE_KEYS = ("headline", "datePublished", "dateModified", "description", "articleSection")
_SALVAGE_RE = {key: re.compile(rf'"{key}"\s*:\s*"((?:[^"\\]|\\.)*)"') for key in _SALVAGE_KEYS}
_SALVAGE_TYPE_RE = re.compile(r'"@type"\s*:\s*"([^"]+)"')
_SALVAGE_AUTHOR_RE = re.compile(r'"author"\s*:\s*\[?\s*\{[^{}]*?"name"\s*:\s*"((?:[^"\\]|\\.)*)"')


@dataclass(slots=True)
class JsonLd:
    """All JSON-LD nodes of a page, with an index by ``@id`` for resolving references."""

    nodes: list[Node] = field(default_factory=list)
    by_id: dict[str, Node] = field(default_factory=dict)

    def types(self) -> list[str]:
        """Every ``@type`` named by a top-level or @graph node, in page order."""
        found: list[str] = []
        for node in self.nodes:
            for name in type_names(node):
                if name not in found:
                    found.append(name)
        return found

    def resolve(self, value: Any) -> Any:
        """The node an ``{"@id": ...}`` reference points to, or the value itself."""
        if isinstance(value, dict) and set(value) <= {"@id", "@type"} and "@id" in value:
            return self.by_id.get(str(value["@id"]), value)
        return value

    def main_article(self) -> Node | None:
        """The first Article-like node: the page's own (later ones are usually teasers)."""
        return self._first_named(ARTICLE_TYPES)

    def first_of_type(self, *names: str) -> Node | None:
        return self._first_named({name.lower() for name in names})

    def _first_named(self, wanted: frozenset[str] | set[str]) -> Node | None:
        """The first node one of whose lower-cased type names is in ``wanted``."""
        for node in self.nodes:
            if any(name.lower() in wanted for name in type_names(node)):
                return node
        return None


def type_names(node: Node) -> list[str]:
    """A node's ``@type`` as a list of bare names ("https://schema.org/Article" -> "Article")."""
    value = node.get("@type")
    values = value if isinstance(value, list) else [value]
    return [str(v).rstrip("/").rsplit("/", 1)[-1] for v in values if isinstance(v, str) and v]


def parse_jsonld(scripts: Iterable[str]) -> JsonLd:
    """Parse the text of each ``application/ld+json`` script; never raises."""
    result = JsonLd()
    budget = [REPAIR_BUDGET]
    for text in scripts:
        try:
            nodes = list(_walk(_load(text, budget)))
        except RecursionError:  # absurdly deep JSON from a hostile page: no metadata from it
            continue
        for node in nodes:
            result.nodes.append(node)
            node_id = node.get("@id")
            if isinstance(node_id, str) and len(node) > 2:
                result.by_id.setdefault(node_id, node)
    for node in result.nodes:
        _index_nested(node, result.by_id)
    return result


def _load(text: str, budget: list[int]) -> Any:
    """One script's JSON; ``budget`` holds the characters json_repair may still read."""
    text = text.strip()
    # The wrapper regex tries its tail at every offset (~70 us on a big block); no wrapper
    # can match without one of these substrings.
    if "<!" in text or "-->" in text or "]]>" in text:
        text = _WRAPPER_RE.sub("", text)
    if not text:
        return None
    try:
        return json.loads(text, strict=False)
    except ValueError:
        pass
    repaired = _TRAILING_COMMA_RE.sub(r"\1", text)
    try:
        return json.loads(repaired, strict=False)
    except ValueError:
        pass
    pasted = _load_concatenated(repaired)
    if pasted:
        return pasted
    if len(text) <= budget[0]:
        budget[0] -= len(text)
        value = _repair(text)
        if isinstance(value, dict | list) and value:
            return value
    return _salvage(text)


def _repair(text: str) -> Any:
    """``json_repair``'s reading of broken JSON (unescaped quotes, comments, missing commas),
    imported on first need: most pages never call it."""
    from json_repair import loads as repair_loads

    try:
        return repair_loads(text, skip_json_loads=True)
    except Exception:  # hostile text must not stop the page's metadata
        return None


def _load_concatenated(text: str) -> list[Any]:
    """Two or more JSON values pasted one after another (``{...}{...}``)."""
    decoder = json.JSONDecoder(strict=False)
    values: list[Any] = []
    index = 0
    while index < len(text):
        while index < len(text) and text[index] in " \t\r\n;,":
            index += 1
        if index >= len(text):
            break
        try:
            value, index = decoder.raw_decode(text, index)
        except ValueError:
            return values
        values.append(value)
    return values


def _salvage(text: str) -> Node | None:
    """A node rebuilt from the few scalar fields a regex can still find in broken JSON."""
    node: Node = {}
    type_match = _SALVAGE_TYPE_RE.findall(text)
    article_types = [t for t in type_match if t.lower() in ARTICLE_TYPES]
    if article_types or type_match:
        node["@type"] = article_types[0] if article_types else type_match[0]
    for key, pattern in _SALVAGE_RE.items():
        match = pattern.search(text)
        if match:
            node[key] = _unescape(match.group(1))
    author = _SALVAGE_AUTHOR_RE.search(text)
    if author:
        node["author"] = {"@type": "Person", "name": _unescape(author.group(1))}
    return node if len(node) > 1 else None


def _unescape(value: str) -> str:
    try:
        return str(json.loads(f'"{value}"', strict=False))
    except ValueError:
        return value


def _walk(value: Any) -> Iterator[Node]:
    """Top-level nodes: lists flattened, ``@graph`` members yielded in place of their holder."""
    if isinstance(value, list):
        for item in value:
            yield from _walk(item)
    elif isinstance(value, dict):
        graph = value.get("@graph")
        if isinstance(graph, list | dict):
            yield from _walk(graph)
            rest = {k: v for k, v in value.items() if k not in {"@graph", "@context"}}
            if "@type" in rest:
                yield rest
        else:
            yield value


def _index_nested(value: Any, by_id: dict[str, Node], depth: int = 0) -> None:
    """Nested nodes with an @id (an author inside an article) become resolvable too."""
    if depth > 6:
        return
    if isinstance(value, dict):
        node_id = value.get("@id")
        if isinstance(node_id, str) and len(value) > 2:
            by_id.setdefault(node_id, value)
        for item in value.values():
            if isinstance(item, dict | list):
                _index_nested(item, by_id, depth + 1)
    elif isinstance(value, list):
        for item in value:
            _index_nested(item, by_id, depth + 1)
