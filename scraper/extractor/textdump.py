"""Text dump in, ``Article`` out: the extractor for pages that exist only as rendered text.

lynx/w3m/links ``-dump`` output, text copied out of a browser and Common Crawl WET records have
no markup left, so the body is found from what a reader sees:

1. ``textlines`` rebuilds paragraphs from wrapped lines and drops the trailing link list;
2. ``textfeatures`` describes each block (length, punctuation, stop words, link markers,
   bullets, repetition in the page and across the site, neighbours) and ``textmodel`` turns that
   into a content probability;
3. the body is the run of blocks with the largest total evidence (blocks weighted by their
   length), so short subheadings inside the article stay and short chrome outside it goes;
   inside the run, clear chrome (link lists, form controls, repeated lines) is dropped and the
   run's edges are trimmed of blocks typeset differently from the body (a widget's straight
   quotes next to an editor's curly ones); ``textedges`` then judges the blocks near both
   edges and past the end again (headings between them and the core, learned cue words,
   distance) and cuts or extends the body where that gains evidence, then again around the
   edges each round left (``EDGE_ROUNDS``); learned end and start cuts (``textend``,
   ``texthead``) move the body's ends where what lies past them reads as chrome, and
   ``textdecode`` decodes the blocks as one sequence (before / body / hole / after), its body
   taken instead when a learned gate prefers it;
4. the title is the heading-like block just above the body (closest to the URL's slug when there
   is one), the byline gives the author and the date, and all three leave the body.

A pure function like the HTML extractor: no I/O, no state. ``site_lines`` (from ``textsite``)
passes lines known to repeat across the site's other pages.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from scraper.errors import ExtractionError
from scraper.extractor.authors import looks_like_name
from scraper.extractor.dates import normalise_date
from scraper.extractor.textdecode import DECODE_ON, TREE_KIND_NAMES, decoded_keep_skipping
from scraper.extractor.textedges import DumpBlocks, EdgeModel, judge_edges, shipped_edges
from scraper.extractor.textend import end_cut
from scraper.extractor.textfeatures import (
    FEATURE_NAMES,
    BlockFeatures,
    block_features,
    block_key,
    title_slug,
    url_path_words,
)
from scraper.extractor.texthead import start_cut
from scraper.extractor.textlines import Dump, split_dump
from scraper.extractor.textmodel import BlockModel, content_probabilities
from scraper.extractor.textruns import candidate_runs, choose_run, run_features
from scraper.extractor.textweights import SELECTION
from scraper.models import Article

# The comment-heading scan in C (built from _ctext.pyx by setup.py; optional): the same block.
try:
    from scraper.extractor import _ctext
except ImportError:
    _ctext = None

__all__ = [
    "EdgeInputs",
    "TextBody",
    "candidate_bodies",
    "edge_inputs",
    "extract_text",
    "find_body",
    "looks_like_text",
]

_WORD_RE = re.compile(r"\w+", re.UNICODE)
_MARKUP_RE = re.compile(
    r"<(?:!doctype|html|head|body|p|div|span|a|br|meta|title|table|script|style|article|section|"
    r"h[1-6]|ul|ol|li|img|link|\?xml)[\s/>]",
    re.IGNORECASE,
)
_CONTROL_RE = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f]")
_BYLINE_RE = re.compile(
    r"^(?:(?:written|posted|published|words|story|text|report(?:ed)?|eingestellt|geschrieben|"
    r"publié|écrit|publicado|escrito|scritto|pubblicato|geschreven)\s+)?"
    r"(?:by|von|par|por|di|door|av|af)[:\s]\s*"
    r"(?P<name>[^\W\d_][\w.'’-]*(?:\s+(?:[^\W\d_][\w.'’-]*))*?)"
    r"\s*(?:$|[-–—|,•·/]|\s\d|"
    r"\s(?:on|in|and|published|posted|updated|at|am|um|le|el|il|op|den)\b)",
    re.IGNORECASE,
)
_AUTHOR_LABEL_RE = re.compile(r"^(?:author|autor|auteur)\s*:\s*(?P<name>.+)$", re.IGNORECASE)
# How either pattern's match can start when its first two characters are ASCII: the first two
# letters of their words, lower-cased (an ASCII character matches a letter ignoring case only
# as that letter; a non-ASCII one, "É" or "ſ", is left to the regexes; every match is longer).
_BYLINE_HEAD_WORDS = "wr po pu wo st te re ei ge es sc by vo pa di do av af au"  # written...
_BYLINE_HEADS = frozenset(_BYLINE_HEAD_WORDS.split())
_BYLINE_HEAD_CHARS = _BYLINE_HEAD_WORDS.replace(" ", "")  # for ``_ctext.byline_scan``
_UPDATED_RE = re.compile(
    r"\b(?:updated|modified|edited|aktualisiert|mis à jour|actualizado|aggiornato)\b[^.]*$",
    re.IGNORECASE,
)
_YEAR_RE = re.compile(r"\d{4}")
_GLUED_YEAR_RE = re.compile(r"(\d{4})([^\W\d_])")
_MONTH_WORD = r"[^\W\d_]{3,10}\.?"
_DATE_SPAN_RE = re.compile(
    r"\b\d{4}-\d{1,2}-\d{1,2}\b|"
    r"\b" + _MONTH_WORD + r"\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}\b|"
    r"\b\d{1,2}(?:st|nd|rd|th|er)?\.?\s+(?:de\s+)?" + _MONTH_WORD + r",?\s+(?:de\s+)?\d{4}\b|"
    r"\b\d{4}/\d{1,2}/\d{1,2}\b",
    re.IGNORECASE,
)
_MAX_META_WORDS = 24
_SITE_LINE_PROB = 0.05
_TITLE_LOOKBACK = 6
_MAX_LEADING_META = 3
_BYLINE_AHEAD = 40
_MAX_COMMENT_HEADING = 40
_MIN_WORDS_ABOVE_COMMENTS = 50  # an article shorter than this is not an "article" page
# A count heading ("124 Comments") ends the body only with this many of its words above: the
# count set beside the byline can sit under a standfirst of 50-100 words and cut there.
_MIN_WORDS_ABOVE_COUNT = 100
# A block that starts in lower case and ends a sentence is the tail of a wrapped paragraph
# ("responses in organizational reality.", "comment on the report."), not a heading.
_COMMENTS_RE = re.compile(
    r"^(?!(?-i:[a-z]).*[.!?][\"'\u201d\u2019)]*\s*$)"
    r"(?:(?:\d+\s+)?(?:comments?|responses?|replies|kommentare?|commentaires?|"
    r"comentarios?|commenti|reacties|reacciones|discussion)\b\s*[:(]?|"
    r"(?:leave|post|add|write) a (?:comment|reply|response)\b|(?:kommentar|commentaire|"
    r"comentario|commento|reactie) (?:veröffentlichen|schreiben|laisser|escribir|lasciare))",
    re.IGNORECASE,
)
# What a comment heading can start with (``_COMMENTS_RE`` ignores case; "\u212a" is a "k").
_COMMENT_FIRST_CHARS = "crkdlpawCRKDLPAW\u212a"
_COMMENT_FIRSTS = frozenset(_COMMENT_FIRST_CHARS)
# The first three letters of every word ``_COMMENTS_RE`` can start with (a count aside): a block
# whose first three characters are ASCII and start none of them is not matched (``_may_head``).
_COMMENT_HEAD_WORDS = "com res rep kom rea dis lea pos add wri"
_COMMENT_HEADS = frozenset(_COMMENT_HEAD_WORDS.split())
_COMMENT_HEAD_CHARS = _COMMENT_HEAD_WORDS.replace(" ", "")  # for ``_ctext``
_MAX_LABEL_WORDS = 12
_MIN_TAGS = 3
_MAX_TAG_WORDS = 4
_MIN_TITLE_WORDS = 2
_MAX_TITLE_WORDS = 30


@dataclass(frozen=True, slots=True)
class TextBody:
    """The body's blocks and the metadata read around them."""

    paragraphs: tuple[str, ...]
    title: str | None
    authors: tuple[str, ...]
    date_published: str | None
    date_modified: str | None
    tags: tuple[str, ...] = ()
    words: int = 0  # in the paragraphs (whitespace-separated)


def looks_like_text(document: str) -> bool:
    """True when ``document`` is clean text with no HTML markup: a conservative routing test."""
    end = min(len(document), 65536)  # the head, searched in place (no copy of it)
    if document.find("<", 0, end) >= 0 and (
        document.find("</", 0, end) >= 0 or _MARKUP_RE.search(document, 0, end)
    ):
        return False  # markup: the common case for the HTML path, decided first
    # NULs and binary junk (a UTF-16 page read as UTF-8): left to the HTML path's defences.
    return _CONTROL_RE.search(document, 0, end) is None


def extract_text(
    text: str,
    url: str | None = None,
    *,
    markdown: bool = False,
    site_lines: Collection[str] = frozenset(),
    weights: Sequence[float] | None = None,
    context_weights: Sequence[float] | None = None,
    selection: Mapping[str, float] | None = None,
    trees: BlockModel | None = None,
    edges: EdgeModel | bool | None = True,
) -> Article:
    """Extract the article body and metadata from one text dump (lynx/w3m/links, WET, copy).

    ``site_lines``: block fingerprints the site repeats (``textsite.learn_site_lines``).
    ``markdown=True`` also fills ``Article.markdown`` (the paragraphs, blank-line separated).
    """
    if not isinstance(text, str):
        raise ExtractionError(f"extract_text() takes str, not {type(text).__name__}")
    body = find_body(
        text,
        url,
        site_lines=site_lines,
        weights=weights,
        context_weights=context_weights,
        selection=selection,
        trees=trees,
        edges=edges,
    )
    return Article(
        url=url,
        title=body.title,
        authors=body.authors,
        date_published=body.date_published,
        date_modified=body.date_modified,
        tags=body.tags,
        text="\n".join(body.paragraphs),
        markdown="\n\n".join(body.paragraphs) if markdown else None,
        page_kind="article" if body.words >= 50 else "other",
    )


def find_body(
    text: str,
    url: str | None = None,
    *,
    site_lines: Collection[str] = frozenset(),
    weights: Sequence[float] | None = None,
    context_weights: Sequence[float] | None = None,
    selection: Mapping[str, float] | None = None,
    trees: BlockModel | None = None,
    run_weights: Sequence[float] | None = None,
    edges: EdgeModel | bool | None = True,
) -> TextBody:
    """Split, score and select: the body's paragraphs plus the title, byline and date.

    ``weights``, ``context_weights`` and ``selection`` replace the shipped model's
    (``FEATURE_NAMES``/``CONTEXT_NAMES`` order; ``textweights.SELECTION``), ``run_weights``
    the stretch chooser's (``textruns.RUN_FEATURE_NAMES`` order), for training; ``edges``
    the edge model's (True: the shipped one, None or False: edges left as the run has them).
    """
    scored = _score(text, url, site_lines, weights, context_weights, selection, trees)
    if scored is None:
        return TextBody((), None, (), None, None)
    start, end = choose_run(
        scored.evidence, scored.probs, scored.lengths, scored.features, scored.dump, run_weights
    )
    model = shipped_edges() if edges is True else edges or None
    return _body_of_run(scored, start, end, model)


def candidate_bodies(
    text: str, url: str | None = None, **options: object
) -> list[tuple[np.ndarray, TextBody]]:
    """Every candidate stretch's features and the body it gives: what the chooser learns from."""
    scored = _score(text, url, frozenset(), **options)  # type: ignore[arg-type]
    if scored is None:
        return []
    runs = candidate_runs(scored.evidence, scored.probs, scored.lengths)
    rows = run_features(runs, scored.probs, scored.features, scored.dump)
    return [(row, _body_of_run(scored, s, e)) for row, (s, e, _) in zip(rows, runs, strict=True)]


@dataclass(frozen=True, slots=True)
class _Scored:
    """A dump with its blocks' features, content probabilities and run evidence."""

    dump: Dump
    features: BlockFeatures
    probs: np.ndarray
    evidence: np.ndarray
    lengths: np.ndarray  # each block's weight in the evidence: longer blocks say more
    rule: Mapping[str, float]
    url: str | None


def _score(
    text: str,
    url: str | None,
    site_lines: Collection[str] = frozenset(),
    weights: Sequence[float] | None = None,
    context_weights: Sequence[float] | None = None,
    selection: Mapping[str, float] | None = None,
    trees: BlockModel | None = None,
) -> _Scored | None:
    dump = split_dump(text)
    if not len(dump):
        return None
    features = block_features(dump, title_slug(url))
    if weights is None:
        probs = content_probabilities(features.matrix, trees=trees)
    else:
        probs = content_probabilities(features.matrix, weights, context_weights or ())
    if site_lines:  # blocks the site repeats on many pages are its chrome, whatever they say
        known = np.fromiter((block_key(t) in site_lines for t in dump.texts), bool, len(dump))
        probs = np.where(known, np.minimum(probs, _SITE_LINE_PROB), probs)
    rule = {**SELECTION, **(selection or {})}
    lengths = np.minimum(features.words, 60.0)  # new arrays, so the rest is done in place:
    lengths **= rule["exponent"]  # min(words, 60) ** exponent
    evidence = probs - rule["threshold"]
    evidence *= lengths
    evidence -= rule["penalty"]  # (probs - threshold) * lengths - penalty
    negative = rule.get("negative", 1.0)  # chrome inside the article costs the run this much
    if negative != 1.0:
        evidence = np.where(evidence < 0, evidence * negative, evidence)
    return _Scored(dump, features, probs, evidence, lengths, rule, url)


@dataclass(frozen=True, slots=True)
class _Selection:
    """The kept blocks of a chosen stretch and where its metadata sits."""

    keep: list[int]
    limit: int  # blocks past the body's end may be added up to here (a comment section's start)
    chrome: np.ndarray  # bool per block: never body (form controls, link lists)
    start: int
    byline_at: int | None
    title_at: int | None
    tags: tuple[str, ...]


def _select(scored: _Scored, start: int, end: int) -> _Selection:
    """The stretch ``[start, end)`` with its title, byline, tags and comment section taken out."""
    dump, features, probs, rule = scored.dump, scored.features, scored.probs, scored.rule
    blocks = _Blocks(dump, features.words)
    byline_at = _find_byline(blocks, start)
    if byline_at is not None and start <= byline_at < end:
        start = byline_at + 1
    title_at = _find_title(blocks, probs, start, byline_at, scored.url)
    if title_at is not None and start <= title_at < end:
        start = title_at + 1
    if start < end:  # what follows a byline or title may be tags or a date line: re-trim
        inner_start, inner_end = _inner_run(scored.evidence, start, end)
        start, end = start + inner_start, start + inner_end
    tags: tuple[str, ...] = ()
    texts = dump.texts
    for _ in range(_MAX_LEADING_META):  # a date, byline or tag line heading the body is metadata
        if start < end and _is_meta_line(texts[start]):
            start += 1
        elif start < end and not tags and _is_tag_line(texts[start]):
            tags = tuple(t.strip() for t in re.split(r"[,;]", texts[start]) if t.strip())
            start += 1
        else:  # the same block again, with the same verdicts: nothing more moves
            break
    run_end = end
    count_above = rule.get("count_above", _MIN_WORDS_ABOVE_COUNT)
    end = _comments_start(texts, features.words, start, end, count_above)
    # lynx marks every link: a linked block is chrome when the block model doubts it, list item
    # or not (an article's own list items carry links too; a link list's the model doubts).
    chrome, keep = _keep_blocks(dump, probs, start, end, rule["keep_min"])
    last = keep[-1] if keep else None
    keep = _trim_list_labels(blocks, keep)
    keep = _trim_edges(texts, keep)
    limit = end if end < run_end else len(dump)
    if keep and keep[-1] != last:  # the rules above ended the body: nothing past it is added
        limit = keep[-1] + 1
    elif keep:  # nor is a comment section below it
        limit = _first_comment_heading(texts, keep[-1] + 1, limit)
    return _Selection(keep, limit, chrome, start, byline_at, title_at, tags)


_DOUBTED = 0.3  # a linked block below this probability is chrome
_REPEATED_COLUMN = FEATURE_NAMES.index("repeated_in_page")
_DIGIT_COLUMN = FEATURE_NAMES.index("digit_ratio")


def _keep_blocks(
    dump: Dump, probs: np.ndarray, start: int, end: int, keep_min: float
) -> tuple[np.ndarray, list[int]]:
    """The chrome mask (form controls; links the model doubts) and the blocks of
    ``[start, end)`` kept (not chrome, probability at least ``keep_min``); in one C loop when
    the arrays have the extractor's types (``_ctext.keep_blocks``)."""
    if (
        _ctext is not None
        and dump.forms.dtype == dump.links.dtype == np.int64
        and probs.dtype == np.float64
        and dump.forms.flags.c_contiguous
        and dump.links.flags.c_contiguous
        and probs.flags.c_contiguous
        and type(keep_min) is float
        and 0 <= start <= end
    ):
        return _ctext.keep_blocks(dump.forms, dump.links, probs, start, end, _DOUBTED, keep_min)
    chrome = (dump.forms > 0) | ((dump.links > 0) & (probs < _DOUBTED))
    kept = ~chrome[start:end] & (probs[start:end] >= keep_min)
    return chrome, (np.flatnonzero(kept) + start).tolist()


def _body_of_run(scored: _Scored, start: int, end: int, edges: EdgeModel | None = None) -> TextBody:
    """The body from the chosen stretch ``[start, end)``: metadata read around it, chrome out."""
    chosen = _select(scored, start, end)
    keep = chosen.keep
    texts, title_at = scored.dump.texts, chosen.title_at
    authors, published, modified = _byline_facts(texts, chosen.byline_at, title_at, chosen.start)
    if edges is not None and keep:
        keep = _decide_edges(scored, keep, chosen.limit, chosen.chrome, edges)
        # where the article ends, judged by what follows each cut (``textend``)
        dump, features = scored.dump, scored.features
        page = (published is not None, bool(authors), title_at is not None)
        repeated = features.matrix[:, _REPEATED_COLUMN]
        digits = features.matrix[:, _DIGIT_COLUMN]
        keep = end_cut(texts, scored.probs, features.words, dump.links, dump.bullet, repeated,
                       keep, page, digits)  # fmt: skip
        # where it starts, judged by what the head drops (``texthead``)
        keep = start_cut(texts, scored.probs, features.words, dump.links, dump.bullet, repeated,
                         keep, page, chosen.byline_at, digits)  # fmt: skip
    if edges is not None:  # the probabilities read as one sequence, when the gate prefers it
        keep = _decoded(scored, chosen, keep)
    return TextBody(
        paragraphs=tuple(map(texts.__getitem__, keep)),
        title=texts[title_at] if title_at is not None else None,
        authors=authors,
        date_published=published,
        date_modified=modified,
        tags=chosen.tags,
        words=int(scored.features.words[keep].sum()) if keep else 0,
    )


_GATE_COLUMNS = np.array([FEATURE_NAMES.index(n) for n in TREE_KIND_NAMES], np.intp)


def _decoded(scored: _Scored, chosen: _Selection, keep: list[int]) -> list[int]:
    """``textdecode``'s second reading of the body: chrome, title and byline never in it."""
    if not DECODE_ON:
        return keep
    f = scored.features
    return decoded_keep_skipping(
        keep, scored.probs, f.words, chosen.chrome, (chosen.title_at, chosen.byline_at),
        f.matrix, _GATE_COLUMNS,
    )  # fmt: skip


@dataclass(frozen=True, slots=True)
class EdgeInputs:
    """What the edge model reads of one dump (for ``benchmarks/train_text_edges.py``)."""

    texts: list[str]
    probs: np.ndarray
    words: np.ndarray
    matrix: np.ndarray
    links: np.ndarray
    bullet: np.ndarray
    keep: list[int]
    limit: int
    chrome: np.ndarray

    @property
    def blocks(self) -> DumpBlocks:
        """The block arrays as the edge step takes them."""
        return DumpBlocks(
            self.texts, self.probs, self.words, self.matrix, FEATURE_NAMES, self.links, self.bullet
        )


def edge_inputs(text: str, url: str | None = None, **options: object) -> EdgeInputs | None:
    """The body's kept blocks before the edge model, with the arrays the edge model reads."""
    scored = _score(text, url, frozenset(), **options)  # type: ignore[arg-type]
    if scored is None:
        return None
    start, end = choose_run(
        scored.evidence, scored.probs, scored.lengths, scored.features, scored.dump, None
    )
    chosen = _select(scored, start, end)
    dump = scored.dump
    return EdgeInputs(
        dump.texts,
        scored.probs,
        scored.features.words,
        scored.features.matrix,
        dump.links,
        dump.bullet,
        chosen.keep,
        chosen.limit,
        chosen.chrome,
    )


def _decide_edges(
    scored: _Scored, keep: list[int], limit: int, chrome: np.ndarray, edges: EdgeModel
) -> list[int]:
    """The edge model's cut of the body's head and tail and its extension past the end."""
    dump, features = scored.dump, scored.features
    blocks = DumpBlocks(
        dump.texts,
        scored.probs,
        features.words,
        features.matrix,
        FEATURE_NAMES,
        dump.links,
        dump.bullet,
    )
    return judge_edges(blocks, keep, limit, chrome, edges)


class _Blocks:
    """Read access to a dump's blocks for the few the metadata rules look at."""

    __slots__ = ("bullet", "forms", "gap_before", "links", "texts", "words")

    def __init__(self, dump: Dump, words: np.ndarray) -> None:
        self.texts = dump.texts
        self.bullet: list[bool] = dump.bullet.tolist()
        self.forms: list[int] = dump.forms.tolist()
        self.links: list[int] = dump.links.tolist()
        self.gap_before: list[bool] = dump.gap_before.tolist()
        self.words: list[int] = words.tolist()

    def __len__(self) -> int:
        return len(self.texts)


# --------------------------------------------------------------------------- selection


def _inner_run(evidence: np.ndarray, start: int, end: int) -> tuple[int, int]:
    """``_best_run`` of ``evidence[start:end]`` (relative to ``start``), in C when built."""
    if _ctext is not None and evidence.dtype == np.float64 and evidence.flags.c_contiguous:
        return _ctext.best_run(evidence, start, end)
    return _best_run(evidence[start:end].tolist())


def _best_run(weights: Sequence[float]) -> tuple[int, int]:
    """The contiguous blocks with the largest summed weight (Kadane), as ``[start, end)``."""
    best, best_span = 0.0, (0, 0)
    total, start = 0.0, 0
    for index, weight in enumerate(weights):
        if total <= 0:
            total, start = 0.0, index
        total += weight
        if total > best:
            best, best_span = total, (start, index + 1)
    return best_span


# An apostrophe between two word characters; the literal comes first so the scan is fast.
_MIN_APOSTROPHES = 4  # a body with fewer of its kind has no typesetting habit to go by
_STRAIGHT_RE = re.compile(r"'(?<=\w')(?=\w)")
_CURLY_RE = re.compile(r"’(?<=\w’)(?=\w)")


def _trim_list_labels(blocks: _Blocks, keep: list[int]) -> list[int]:
    """Drop a short block that ends the body by introducing a list left out ("Share this:")."""
    while len(keep) > 1:
        last = keep[-1]
        if last + 1 >= len(blocks) or not blocks.bullet[last + 1] or blocks.bullet[last]:
            break
        if len(_WORD_RE.findall(blocks.texts[last])) > _MAX_LABEL_WORDS:
            break
        keep = keep[:-1]
    return keep


def _is_tag_line(text: str) -> bool:
    """Comma-separated short phrases and no sentence: the post's tags or keywords."""
    parts = [p for p in re.split(r"[,;]", text) if p.strip()]
    if len(parts) < _MIN_TAGS or text.rstrip().endswith((".", "!", "?")):
        return False
    return all(len(p.split()) <= _MAX_TAG_WORDS for p in parts)


def _trim_edges(texts: Sequence[str], keep: list[int]) -> list[int]:
    """Drop edge blocks typeset unlike the body: apostrophes straight where the body's are curly.

    Widgets, promo boxes and templates are written apart from the article; when the body is
    consistently set one way, a block at its edge set the other way came from elsewhere.
    """
    if len(keep) < 3:
        return keep
    if _ctext is not None and type(texts) is list:  # the same counts from one C loop, no join
        totals = _ctext.kept_apostrophes(texts, keep)
        apostrophes = _ctext.apostrophes
    else:
        body = "\n".join(map(texts.__getitem__, keep))
        if body.count("'") < _MIN_APOSTROPHES and body.count("’") < _MIN_APOSTROPHES:
            return keep  # too few of either kind to set a style: the scans would find none
        totals = _apostrophes(body)  # (straight, curly) over the whole body: one scan
        apostrophes = _apostrophes
    for dominant, minority in ((1, 0), (0, 1)):
        main, other = totals[dominant], totals[minority]
        if main < _MIN_APOSTROPHES or other > main / 4:
            continue
        while len(keep) > 2:
            style = apostrophes(texts[keep[-1]])
            if not style[minority] or style[dominant]:
                break
            keep = keep[:-1]
        while len(keep) > 2:
            style = apostrophes(texts[keep[0]])
            if not style[minority] or style[dominant]:
                break
            keep = keep[1:]
    return keep


def _apostrophes(text: str) -> tuple[int, int]:
    return len(_STRAIGHT_RE.findall(text)), len(_CURLY_RE.findall(text))


# --------------------------------------------------------------------------- metadata


def _byline_name(text: str) -> str | None:
    head = text[:2]
    if head.isascii() and head.lower() not in _BYLINE_HEADS:  # neither pattern can match
        return None
    match = _BYLINE_RE.match(text) or _AUTHOR_LABEL_RE.match(text)  # anchored: fails fast
    if not match or len(_WORD_RE.findall(text)) > _MAX_META_WORDS:
        return None
    name = match.group("name").strip(" .,:;-–—|")
    return name if looks_like_name(name) else None


def _find_byline(blocks: _Blocks, start: int) -> int | None:
    """A "By Name" block just above the body or at its top, before its first long paragraph."""
    low, stop = max(0, start - _TITLE_LOOKBACK), min(len(blocks), start + _BYLINE_AHEAD)
    if _ctext is not None and type(blocks.texts) is list:  # C skips the blocks that go on
        most, texts, words, heads = (
            _MAX_META_WORDS * 2,
            blocks.texts,
            blocks.words,
            _BYLINE_HEAD_CHARS,
        )
        index = _ctext.byline_scan(texts, words, low, stop, start, most, heads)
        while index < stop:
            if words[index] <= most and _byline_name(texts[index]):
                return index
            if index >= start and words[index] > most:
                return None
            index = _ctext.byline_scan(texts, words, index + 1, stop, start, most, heads)
        return None
    for index in range(low, stop):
        if blocks.words[index] <= _MAX_META_WORDS * 2 and _byline_name(blocks.texts[index]):
            return index
        if index >= start and blocks.words[index] > _MAX_META_WORDS * 2:
            return None
    return None


def _comments_start(
    texts: Sequence[str],
    words: np.ndarray,
    start: int,
    end: int,
    count_above: float = _MIN_WORDS_ABOVE_COUNT,
) -> int:
    """Where a comment section opens inside the run ("4 Comments", "Leave a Reply"), or ``end``.

    Reader comments read like prose, so only their heading tells them apart from the article.
    Comments follow an article: a heading with less than a short article above it is the
    comment count beside the byline, not the section; a count ("124 Comments") needs more
    above it (``count_above`` words), as a standfirst can sit above the byline's count.
    """
    if end - start < 2:
        return end
    above = np.cumsum(words[start : end - 1])  # words from the run's start up to each block
    first = start + 1 + int(np.searchsorted(above, _MIN_WORDS_ABOVE_COMMENTS))
    found = _first_comment_heading(texts, first, end)
    while found < end and texts[found][0].isdigit() and above[found - start - 1] < count_above:
        found = _first_comment_heading(texts, found + 1, end)  # a count under a standfirst
    return found


def _first_comment_heading(texts: Sequence[str], start: int, end: int) -> int:
    """The first block of ``[start, end)`` that heads a comment section, or ``end``."""
    if _ctext is not None and type(texts) is list:  # the same loop in C
        return _ctext.first_comment_heading(
            texts, start, end, _COMMENT_FIRST_CHARS, _COMMENTS_RE.match, _MAX_COMMENT_HEADING,
            _COMMENT_HEAD_CHARS,
        )  # fmt: skip
    match = _COMMENTS_RE.match
    for index in range(start, end):
        text = texts[index]  # only short blocks that may start a heading are matched
        if (
            len(text) <= _MAX_COMMENT_HEADING
            and (text[0] in _COMMENT_FIRSTS or text[0].isdigit())
            and _may_head(text)
            and match(text) is not None
        ):
            return index
    return end


def _may_head(text: str) -> bool:
    """Whether ``_COMMENTS_RE`` may match ``text``: False only when its first three characters
    are ASCII, the first no digit, and they start none of the pattern's words (an ASCII
    character matches a letter ignoring case only as that letter; every word is 3+ letters)."""
    head = text[:3]
    if not head.isascii() or head[:1].isdigit():
        return True  # a count, or a character the pattern may fold ("K" is a "k")
    return head.lower() in _COMMENT_HEADS


def _comment_heading(text: str) -> bool:
    return len(text) <= _MAX_COMMENT_HEADING and _COMMENTS_RE.match(text) is not None


def _heading_like(blocks: _Blocks, index: int) -> bool:
    """A short block that reads as a heading; the layout and its end tested before the words
    are counted (a paragraph ends in a full stop: no ``findall`` over it)."""
    text = blocks.texts[index]
    if blocks.bullet[index] or blocks.forms[index] or blocks.links[index] > 1:
        return False
    if text.endswith((".", ",", ":", ";")):
        return False
    return _MIN_TITLE_WORDS <= len(_WORD_RE.findall(text)) <= _MAX_TITLE_WORDS


def _slug_words(url: str | None) -> set[str]:
    """The URL path's words (``url_path_words``' segments together; read once per URL)."""
    if not url:
        return set()
    return set().union(*url_path_words(url))


def _find_title(
    blocks: _Blocks,
    probs: Sequence[float],
    start: int,
    byline_at: int | None,
    url: str | None,
) -> int | None:
    """The heading-like block closest above the body (or the byline); the URL slug breaks ties."""
    anchor = byline_at if byline_at is not None and byline_at <= start else start
    slug: set[str] | None = None  # the URL's words, read at the first heading-like block
    best: tuple[float, int] | None = None
    low = max(0, anchor - _TITLE_LOOKBACK)
    for index in range(anchor - 1, low - 1, -1):
        text = blocks.texts[index]
        if not _heading_like(blocks, index) or _is_meta_line(text):
            continue
        if slug is None:
            slug = _slug_words(url)
        words = {w.lower() for w in _WORD_RE.findall(text)}
        overlap = len(words & slug) / len(words) if slug and words else 0.0
        closeness = 1.0 - (anchor - 1 - index) / _TITLE_LOOKBACK
        score = closeness + 2.0 * overlap + (0.3 if blocks.gap_before[index] else 0.0)
        if best is None or score > best[0]:
            best = (score, index)
    if best is None and start < len(blocks) and _heading_like(blocks, start):
        words = _WORD_RE.findall(blocks.texts[start])
        if len(words) <= 15 and probs[start] < 0.9:
            return start
    return best[1] if best else None


def _is_meta_line(text: str) -> bool:
    """Bylines and date lines sit next to the title but are not titles."""
    return bool(_byline_name(text)) or (
        _YEAR_RE.search(text) is not None  # every date form has a year: no year, no word count
        and len(_WORD_RE.findall(text)) <= _MAX_META_WORDS
        and bool(_dates_in(text))
    )


def _byline_facts(
    texts: Sequence[str], byline_at: int | None, title_at: int | None, start: int
) -> tuple[tuple[str, ...], str | None, str | None]:
    """Author from the byline; dates from the short lines between the title and the body."""
    authors: tuple[str, ...] = ()
    if byline_at is not None:
        name = _byline_name(texts[byline_at])
        authors = (name,) if name else ()
    first = min(x for x in (title_at, byline_at, start) if x is not None)
    published: list[str] = []
    modified: list[str] = []
    for index in range(max(0, first - 1), min(len(texts), start + 1)):
        text = texts[index]
        if _YEAR_RE.search(text) is None or len(_WORD_RE.findall(text)) > _MAX_META_WORDS:
            continue  # no year: ``_dates_in`` finds nothing
        for found, updated in _dates_in(text):
            (modified if updated else published).append(found)
    # A page shows its update next to its publication; publication is never the later one.
    if len(published) > 1:
        modified.append(max(published))
    first_published = min(published) if published else None
    later = [d for d in modified if first_published is None or d > first_published]
    return authors, first_published, max(later) if later else None


def _dates_in(text: str) -> list[tuple[str, bool]]:
    """Every date written in a short line, each with whether an "updated" label precedes it."""
    if _YEAR_RE.search(text) is None:  # every date form has a four-digit year
        return []
    text = _GLUED_YEAR_RE.sub(r"\1 \2", text)
    found = []
    for match in _DATE_SPAN_RE.finditer(text):
        value = normalise_date(match.group(0))
        if value is not None:
            before = text[max(0, match.start() - 30) : match.start()]
            found.append((value[:10], bool(_UPDATED_RE.search(before))))
    return found
