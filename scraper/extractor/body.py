"""The article body: find the main content, drop boilerplate, render text and Markdown.

Two stages. A ladder, like Readability's: prune by tag, then by class/id vocabulary, pick the
container with the most prose; when that leaves too little text, put the vocabulary-pruned
elements back and try again, keeping whichever attempt found more. Then a learned block model
(``model.py``, trained on pages of many kinds) reads every line of the page with its DOM
context and the ladder's verdict, and decides which lines are the main content; the ladder's
lines stand when the model keeps too little, and on declared articles and long ladder texts,
where the model adds the lines it keeps between the ladder's first and last line (what pruning
and cleaning took out of the story) and, elsewhere, only the lines it is sure of. Last, where
the model ran, a learned page-level chooser (``pathchoice.py``) may return the model's lines
alone instead of those rules' choice, or, where the ladder's lines stand, those rules' choice
widened by the model's own (``choose_path``).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from itertools import compress, repeat
from operator import attrgetter
from typing import TYPE_CHECKING

import numpy as np
from lxml import etree
from lxml.html import HtmlElement

from scraper.extractor import vocab
from scraper.extractor.articleshape import (
    ArticleShape,
    PageEvidence,
    shape_row,
    shipped_article_shape,
)
from scraper.extractor.blocks import (
    HIDDEN_BIT,
    Context,
    PageBlocks,
    css_path,
    page_blocks,
    read_bits,
)
from scraper.extractor.candidates import select_body
from scraper.extractor.clean import clean_lines, drop_title
from scraper.extractor.copies import drop_render_copies
from scraper.extractor.features import LineReading, block_features, heuristic_flags, line_reading
from scraper.extractor.jsonld import declares_article_in, types_page_in
from scraper.extractor.markdown import to_markdown
from scraper.extractor.model import shipped_model
from scraper.extractor.pathchoice import (
    PAGE_FEATURE_NAMES,
    PATHS,
    PathChooser,
    page_features,
    shipped_chooser,
)
from scraper.extractor.prune import (
    PLACEHOLDER_TAG,
    PruneLog,
    Scan,
    attr_words,
    drop_never_text,
    is_hidden,
    is_light,
    scan_boilerplate,
    swap_out,
)
from scraper.extractor.render import CELL_SEPARATOR, Line, render_lines
from scraper.extractor.sequence import block_scores

if TYPE_CHECKING:  # (metadata never imports the body; the body reads it only when asked)
    from scraper.extractor.metadata import Metadata

# ``hidden_lines``' loop in C (``_cwalks.hidden_counts``, optional; not built: the Python loop).
try:
    from scraper.extractor._cwalks import hidden_counts as _compiled_hidden
except (ImportError, TypeError, ValueError):
    _compiled_hidden = None
COMPILED_HIDDEN = True
# The pruned body's non-blank characters counted on libxml2's nodes (``_cwalks.nonspace_chars``)
# instead of serialising the body's text to count them.
try:
    from scraper.extractor._cwalks import nonspace_chars as _compiled_nonspace
except (ImportError, TypeError, ValueError):
    _compiled_nonspace = None
COMPILED_NONSPACE = True
# ``page_title``'s meta and title reads in one C walk (``_cwalks.title_sources``): the title
# metas' contents and the first <title>, with no proxy and no ``get`` per <meta>.
try:
    from scraper.extractor._cwalks import title_sources as _compiled_title_sources
except (ImportError, TypeError, ValueError):
    _compiled_title_sources = None
COMPILED_TITLE_SOURCES = True

MIN_BODY_CHARS = 250
COMMENT_MAX_LINK_DENSITY = 0.8
# The model's lines replace the ladder's unless they hold less than this share of them.
MIN_MODEL_SHARE = 0.2
PROSE_MAX_LINK_DENSITY = 0.5
# The ladder's lines are the body on a declared article, when they hold this many characters,
# or nearly all the page's text.
LADDER_BOUNDS_CHARS = 1500
LADDER_WHOLE_PAGE = 0.8
# Where the ladder's lines stand, the model adds a hidden line back (the ladder pruned it) only
# from a hidden element of at least this many lines (a closed tab or accordion panel, not a lone
# hidden paragraph). ``LONE_HIDDEN_EVERYWHERE`` would hold the model to that where it decides
# too: off, as 30% of the words of lone hidden lines on wcxb-dev are content (service pages'
# accordion answers), and it cost 0.001 out of fold (service -0.004; benchmarks/README.md)
HIDDEN_PANEL_LINES = 2
LONE_HIDDEN_EVERYWHERE = False
# ... but lone hidden lines alone never make the model's path an alternative to ``choose``'s:
# the chooser switches only for a line a reader sees (out of fold: -0.0001 on wcxb-dev, AEB
# unchanged; on a short story the blend with the sequence network scores a lone hidden
# paragraph near 0.5, and a switch for it alone showed hidden text; benchmarks/README.md)
ADDS_NEED_SHOWN = True
VISIBLE_SHARE = True  # "nearly all the page's text" counts the visible lines only
# Where the ladder's lines stand, the model still adds the lines it is this sure of (the
# ladder's single container misses posts, sections and items spread over the page); with
# ``EXPECTED_F1`` on, a page that does not declare an article gains the lines that choice keeps.
MODEL_ADD_SCORE = 0.6
# Where the ladder's lines stand, the lines between its first and last line that the model
# scores at least this are added on every page: boxes, captions, lists and short lines inside
# the story that the class/id pruning or the line cleaner took out of the ladder's container.
SPAN_ADD_SCORE = 0.5
# On a page that declares one article, where related stories lurk around it, only lines between
# the ladder's first and last line are added, at this score: inline "Related:" links, teaser
# and newsletter boxes and captions sit inside news stories (on AEB, 0.5 adds twice as many
# wrong words as right ones; on wcxb-dev the adds over 0.8 are right 3 words in 4).
DECLARED_ADD_SCORE = 0.8
# The model adds lines outside the ladder's span only when the ladder's lines hold less than
# this share of the text left after pruning: otherwise the rest is the page's furniture.
LADDER_SURE_SHARE = 0.5
# On a declared article the ladder's container can be a fragment of the story (a summary box,
# one section, the first item of a list article): where the model keeps this many times the
# ladder's text, and that text is prose (link density at most PROSE_MAX_LINK_DENSITY; teaser
# lists are links), the model decides the page as on an undeclared one.
DECLARED_FRAGMENT_RATIO = 5.0
# A declared article whose ladder lines hold under this share of the pruned text is not bounded
# by the ladder's span: its container is one section of several (a service or listing page that
# declares itself an article), and the model adds the lines it scores at ``SPREAD_ADD_SCORE``.
SPREAD_SHARE = 0.25
SPREAD_ADD_SCORE = 0.8
# Where the ladder's lines stand and the model adds to them, the ladder's own lines the model
# scores under this are dropped (0: never; a study of issue 11, off: benchmarks/README.md).
LADDER_DROP_SCORE = 0.0
# Where the model decides, keep the lines that maximize the expected word F1 (not a fixed cut).
EXPECTED_F1 = True
# Where the model decides (and in its lines alone), a line whose text repeats a line it already
# kept is dropped: the benchmarks count words with their multiplicity and the gold holds one
# copy, while the model cannot tell copies apart (same tags, classes and neighbours: a product's
# name in its boxes, a quoted post, a teaser beside its story). The ladder's lines are never
# touched (dropping their repeats cost documentation and AEB: benchmarks/README.md, body9).
DROP_REPEATS = True
# The path chooser's "widened" path, where the ladder's lines stand and the model adds: the
# lines ``choose`` keeps plus the model's expected-F1 lines (None), or plus every line it scores
# at least this. Recall is lost there on service and listing pages that declare an article, and
# AEB's news stories would gain teasers: only the learned chooser may take it (benchmarks/
# README.md, body11 and body12).
WIDEN_SCORE: float | None = None


@dataclass(frozen=True, slots=True)
class Body:
    """The body as text (one paragraph or heading a line), Markdown, and comments if asked."""

    text: str = ""
    markdown: str | None = None
    comments: str | None = None
    link_density: float = 0.0
    paragraph_count: int = 0
    # The ladder's own text and link density: the page-kind evidence ``classify`` was tuned on
    # (the model keeps a listing's items as its text; that must not make it an article).
    ladder_text: str | None = None
    ladder_link_density: float | None = None
    # The page's head types nothing and its shape said article (``analyse_page``): the page
    # kind reads it as it reads a declaration (``classify.classify_page``).
    declared_by_shape: bool = False
    # The shape model's probability that the page is one article, where it read the page (no
    # declared article, blocks cut; else None): the page kind may veto an article on it.
    shape_probability: float | None = None


def extract_body(
    root: HtmlElement,
    url: str | None,
    *,
    markdown: bool = False,
    include_comments: bool = False,
    path_choice: bool = True,
    declared: bool | None = None,
    typed: bool | None = None,
    evidence: PageEvidence | None = None,
) -> Body:
    """Extract the main text of a parsed page. Prunes ``root`` in place. ``path_choice=False``:
    ``choose``'s lines, without the learned chooser (the site model weighs both paths).
    ``declared`` / ``typed`` / ``evidence``: ``declares_article(root)`` / ``types_page(root)`` /
    ``page_evidence(root, url)`` when the caller knows them (None: read here if needed)."""
    page = analyse_page(
        root,
        declared=declared,
        typed=typed,
        url=url,
        shape=shipped_article_shape(),
        evidence=evidence,
    )
    comments = comments_text(page.comment_sections) if include_comments else None
    model = shipped_model()
    if model is None or page.blocks is None:
        lines = page.heuristic
    else:
        scores = block_scores(model, page.features())
        chooser = shipped_chooser() if path_choice else None
        lines = choose_path(page, scores, model.threshold_keep, chooser).lines
    text = lines_to_text(lines)
    link_density = _link_density(lines)
    ladder = lines is page.heuristic  # most pages: the ladder's lines are the body
    return Body(
        text=text,
        markdown=without_edge_marks(to_markdown(lines)) if markdown else None,
        comments=comments,
        link_density=link_density,
        paragraph_count=sum(map(_PROSE_KINDS.__contains__, map(_KIND, lines))),
        ladder_text=text if ladder else lines_to_text(page.heuristic),
        ladder_link_density=link_density if ladder else _link_density(page.heuristic),
        declared_by_shape=page.declared_by_shape,
        shape_probability=page.shape_probability,
    )


def _link_density(lines: list[Line]) -> float:
    total = _chars(lines)
    return sum(map(_LINK_CHARS, lines)) / total if total else 0.0


@dataclass(slots=True)
class PageAnalysis:
    """Everything the body decision reads: all lines of the page and the ladder's choice."""

    title: str | None
    blocks: PageBlocks | None  # None when the ladder's lines are the body (no model needed)
    heuristic: list[Line]
    comment_sections: list[HtmlElement]
    paths: list[str] | None = None  # CSS-like path of each line's element (for explain)
    declared_article: bool = False  # JSON-LD or Open Graph say "article"
    # the ladder's share of the page's text after pruning (computed where the ladder bounds)
    ladder_share: float = 0.0
    # the ladder's container has lines it leaves out in its midst (pruned elements, lines the
    # cleaner dropped, several containers): only then can the model add lines within its span
    ladder_gaps: bool = True
    # per page line, how many lines its hidden element holds (0: visible; ``hidden_lines``)
    hidden: list[int] | None = None
    # the page's head types it (an og:type or any JSON-LD); when not, the page's shape may
    # stand in for a declaration (``shape_may_declare``)
    head_typed: bool = True
    # the pruned page's characters other than whitespace: read where the ladder bounds the body,
    # where the shape may declare the page, and on every page cut with ``all_blocks`` (else 0)
    text_chars: int = 0
    # the shape model's probability that the page is one article (``shape_may_read`` pages)
    shape_probability: float | None = None
    _in_ladder: list[bool] | None = None  # ``in_ladder()``, computed once
    _reading: LineReading | None = None  # ``reading()``, computed once
    _shown_lines: tuple[list[int], np.ndarray] | None = None  # ``_shown(page)`` of ``hidden``

    def features(self) -> np.ndarray:
        if self.blocks is None:
            raise ValueError("analyse_page(all_blocks=True) cuts blocks on every page")
        return block_features(
            self.blocks, self.heuristic, self.title, self.in_ladder(), self.reading()
        )

    def reading(self) -> LineReading:
        """The page lines' texts, columns and text counts (``features.line_reading``): the
        block features, the path chooser's signals and the expected-F1 cut all read them."""
        if self._reading is None:
            self._reading = line_reading(self.blocks.lines)
        return self._reading

    @property
    def declared_by_shape(self) -> bool:
        """The shape model, not the head, declared the page: only a page whose head types
        nothing is ever declared by its shape, and such a head declares nothing."""
        return self.declared_article and not self.head_typed

    def in_ladder(self) -> list[bool]:
        """Which page lines the ladder also kept; ``choose`` and the path chooser both ask."""
        if self._in_ladder is None:
            self._in_ladder = heuristic_flags(self.blocks.lines, self.heuristic)
        return self._in_ladder


def analyse_page(
    root: HtmlElement,
    *,
    paths: bool = False,
    all_blocks: bool = False,
    declared: bool | None = None,
    typed: bool | None = None,
    url: str | None = None,
    shape: ArticleShape | None = None,
    evidence: PageEvidence | None = None,
) -> PageAnalysis:
    """Run the ladder, then, when the model is needed (or ``all_blocks``), put the pruned
    elements back and cut the whole page into blocks. Prunes ``root`` in place.
    ``declared`` / ``typed``: ``declares_article(root)`` / ``types_page(root)`` of the unpruned
    tree, when the caller has them (``extract`` does, from the metadata's gather walk).
    ``shape``: that model of the page's shape (with ``url``, and ``evidence``: read here from
    the unpruned page when not given) gives its probability of one article wherever no article
    is declared and the model reads the page (``shape_may_read``), and on a page whose head
    types nothing may declare it one (``shape_may_declare``)."""
    title = page_title(root)
    if declared is None:
        declared = declares_article(root)
    if typed is None:
        typed = declared or types_page(root)
    if shape is not None and not declared and evidence is None:
        evidence = page_evidence(root, url)
    drop_never_text(root)
    drop_render_copies(root)
    scan = scan_boilerplate(root, strict=True)
    light_log = PruneLog()
    swap_out(root, [el for el in scan.soft if is_light(el)], light_log)
    ladder_log = PruneLog()
    heuristic, gaps = _body_lines(root, title, scan, ladder_log, declared)
    blocks = None
    found_paths = None
    share = 0.0
    text_chars = 0
    bounded = ladder_bounds(declared, heuristic)
    if bounded:
        text_chars = _nonspace_text_chars(root)
        share = _nonspace_chars(heuristic) / max(text_chars, 1)
    sure = ladder_is_sure(declared, heuristic, share, gaps)
    cut = all_blocks or paths or (not sure and shipped_model() is not None)
    if not bounded and (all_blocks or (cut and shape is not None and not typed)):
        # the pruned page's text, for a declaration by shape (read before the restore)
        text_chars = _nonspace_text_chars(root)
    if cut:
        ladder_log.restore()
        light_log.restore()
        blocks = page_blocks(root, vocab.SKIP_RENDER_TAGS)
        if paths:
            cache: dict[HtmlElement, str] = {}
            found_paths = [css_path(ctx.element, cache) for ctx in blocks.contexts]
    hidden = None if blocks is None else hidden_lines(blocks)
    page = PageAnalysis(
        title,
        blocks,
        heuristic,
        scan.comments,
        found_paths,
        declared,
        share,
        gaps,
        hidden,
        head_typed=typed,
        text_chars=text_chars,
    )
    # (``evidence`` is read above wherever the head declares no article)
    if shape is not None and evidence is not None and shape_may_read(page):
        page.shape_probability = shape.probability(shape_signals(page, url, evidence))
        if shape_may_declare(page) and page.shape_probability >= shape.threshold:
            redeclare(page, True)
    return page


def types_page(root: HtmlElement) -> bool:
    """The page's head types it (``jsonld.types_page_in``); read before the scripts go."""
    return types_page_in(root.iter("meta", "script"))


def shape_signals(page: PageAnalysis, url: str | None, evidence: PageEvidence) -> np.ndarray:
    """``articleshape.shape_row`` of a page the model reads (its blocks cut)."""
    return shape_row(page.heuristic, page.blocks.lines, page.ladder_gaps, url, evidence)


def page_evidence(root: HtmlElement, url: str | None) -> PageEvidence:
    """What the page's metadata decides of it, read from the unpruned page: ``extract()``
    passes its own ``Metadata``'s (``evidence_of``) instead of reading it twice."""
    from scraper.extractor.metadata import read_metadata  # (metadata never imports the body)

    return evidence_of(read_metadata(root, url))


def evidence_of(meta: Metadata) -> PageEvidence:
    """The shape model's evidence in a page's ``Metadata``: a date given, a writer named."""
    return PageEvidence(dated=bool(meta.date_published), signed=bool(meta.authors))


def shape_may_read(page: PageAnalysis) -> bool:
    """The page's shape is read where no article is declared, the ladder found text and the
    model reads the page (the page kind weighs it there: ``classify.classify_page``)."""
    return not page.declared_article and page.blocks is not None and bool(page.heuristic)


def shape_may_declare(page: PageAnalysis) -> bool:
    """The page's shape may declare it only where its head types nothing, among the pages it
    reads (where the ladder is sure, a declaration changes nothing: ``ladder_is_sure`` never
    holds on a short ladder, and a long one bounds either way)."""
    return not page.head_typed and shape_may_read(page)


def redeclare(page: PageAnalysis, declared: bool) -> None:
    """``page`` as ``analyse_page`` gives it when the head does (or does not) declare it an
    article: the flag, and the ladder's share of the pruned page, which is taken only where the
    ladder bounds the body. (``text_chars`` must be known: it is wherever the shape may declare
    the page, and on every page cut with ``all_blocks``.)"""
    page.declared_article = declared
    bounds = ladder_bounds(declared, page.heuristic)
    page.ladder_share = _nonspace_chars(page.heuristic) / max(page.text_chars, 1) if bounds else 0.0


def ladder_is_sure(declared: bool, heuristic: list[Line], share: float, gaps: bool) -> bool:
    """The ladder's lines are the body without the model: they bound it, hold most of the pruned
    page's text, leave nothing out in their midst, and are not a short declared story."""
    short_declared = declared and _chars(heuristic) < LADDER_BOUNDS_CHARS
    bounded = ladder_bounds(declared, heuristic)
    return bounded and share >= LADDER_SURE_SHARE and not gaps and not short_declared


def _nonspace_chars(lines: list[Line]) -> int:
    # the lines' texts joined once (C): the same count as a generator summing each line's
    text = "".join(map(_TEXT, lines))
    return len(text) - text.count(" ")


def _nonspace_text_chars(root: HtmlElement) -> int:
    """The characters other than whitespace in the (pruned) page's body text: cheap, in C."""
    body = root.find("body")
    top = body if body is not None else root
    if COMPILED_NONSPACE and _compiled_nonspace is not None:
        chars = _compiled_nonspace(top)
        if chars is not None:  # None: an entity reference (serialised below)
            return chars
    text = etree.tostring(top, method="text", encoding=str)
    return len(text) - sum(map(text.count, (" ", "\n", "\t", "\r")))


def ladder_bounds(declared: bool, heuristic: list[Line]) -> bool:
    """On a declared article, or where the ladder found a long text, the ladder's lines are the
    body, and the model only adds the lines it is very sure of (``MODEL_ADD_SCORE``): related
    story teasers and link lists around a story stay out."""
    ladder_chars = _chars(heuristic)
    return ladder_chars > 0 and (declared or ladder_chars >= LADDER_BOUNDS_CHARS)


def declares_article(root: HtmlElement) -> bool:
    """True when the page's JSON-LD @type or og:type says it is one article (read before the
    scripts are dropped): there, teasers and link lists around the story are not its text."""
    # One walk for both tags (each walk of the tree costs a tenth of a millisecond, in C);
    # ``extract()`` passes the metadata gather walk's answer instead (``PageSources``).
    return declares_article_in(root.iter("meta", "script"))


@dataclass(frozen=True, slots=True)
class Choice:
    """The body lines, and which page lines they are: ``kept`` is None for the ladder's lines."""

    lines: list[Line]
    kept: list[bool] | None
    untitled: frozenset[int]  # indices the model kept but the title rule removed
    bounded: bool = False  # the ladder's lines stood and bounded what the model could add
    added: frozenset[int] = frozenset()  # indices the model added to the ladder's lines
    prose_fallback: bool = False  # the model kept nothing: every line but link lists is kept
    repeats: frozenset[int] = frozenset()  # indices the model kept that repeat an earlier one


def choose(page: PageAnalysis, scores: np.ndarray | None, threshold: float) -> Choice:
    """The lines the model keeps (the repeated title removed), else the ladder's lines."""
    blocks = page.blocks
    if blocks is None or scores is None:
        return Choice(page.heuristic, None, frozenset(), bounded=True)
    ladder_chars = _chars(page.heuristic)
    if _ladder_stands(page, blocks, scores, threshold):
        if page.ladder_share >= LADDER_SURE_SHARE and not page.ladder_gaps:
            return Choice(page.heuristic, None, frozenset(), bounded=True)  # nothing to add
        return _ladder_and_sure_lines(page, blocks, scores)
    all_lines = blocks.lines
    chosen = expected_f1_lines(all_lines, scores, threshold, _spaces(page))
    if LONE_HIDDEN_EVERYWHERE:
        chosen &= _shown(page)
    chosen = chosen.tolist()  # Python bools: cheap
    repeats = _drop_repeats(all_lines, chosen)
    kept_lines = [line for line, keep in zip(all_lines, chosen, strict=True) if keep]
    titled = drop_title(kept_lines, page.title)
    fallback = not titled and not page.heuristic
    if fallback:
        # never empty when the page shows prose: every line that is not a link list
        titled = [line for line in all_lines if line.link_density <= PROSE_MAX_LINK_DENSITY]
        titled = drop_title(titled, page.title) or titled
    elif _chars(titled) < MIN_MODEL_SHARE * ladder_chars:
        return Choice(page.heuristic, None, frozenset())
    kept, untitled = _kept_after_title(all_lines, titled, chosen)
    return Choice(titled, kept, untitled, prose_fallback=fallback, repeats=repeats)


def _kept_after_title(
    lines: list[Line], titled: list[Line], chosen: list[bool]
) -> tuple[list[bool], frozenset[int]]:
    """Which of ``lines`` ``titled`` keeps (the chosen ones after ``drop_title``), and the
    chosen lines the repeated title took out (``Choice.untitled``)."""
    survivors = set(map(id, titled))
    kept = list(map(survivors.__contains__, map(id, lines)))
    return kept, frozenset(index for index, keep in enumerate(chosen) if keep and not kept[index])


def _drop_repeats(lines: list[Line], chosen: list[bool]) -> frozenset[int]:
    """Unchoose, in place, every chosen line whose text an earlier chosen line has, and
    return their indices (none when ``DROP_REPEATS`` is off)."""
    if not DROP_REPEATS:
        return frozenset()
    if len(lines) != len(chosen):
        raise ValueError("one choice per line")
    seen: set[str] = set()
    repeats = []
    # only the chosen indices are visited (``compress`` in C); an index is unchosen once read
    for index in compress(range(len(chosen)), chosen):
        text = lines[index].text
        if text in seen:
            chosen[index] = False
            repeats.append(index)
        else:
            seen.add(text)
    return frozenset(repeats)


def _ladder_stands(
    page: PageAnalysis, blocks: PageBlocks, scores: np.ndarray, threshold: float
) -> bool:
    """The ladder's lines bound the body (a declared article, a long ladder text, or nearly all
    the page's text), unless on a declared article they are a fragment of the story."""
    ladder_chars = _chars(page.heuristic)
    bounded = ladder_bounds(page.declared_article, page.heuristic) or (
        ladder_chars > 0 and ladder_chars >= LADDER_WHOLE_PAGE * _visible_chars(page, blocks.lines)
    )
    return bounded and not (
        page.declared_article and _ladder_is_fragment(blocks.lines, scores, threshold, ladder_chars)
    )


def expected_f1_lines(
    lines: list[Line], scores: np.ndarray, threshold: float, spaces: np.ndarray | None = None
) -> np.ndarray:
    """The lines whose choice maximizes the expected word F1 against the unknown body, given
    the model's probabilities: the most probable lines first, as many as raise ``2 * expected
    true words / (chosen words + expected body words)``. On a page the model is unsure of that
    keeps more than the lines over ``threshold`` (its probable body is larger than they are);
    with ``EXPECTED_F1`` off, the lines over ``threshold`` are kept. ``spaces``: each line's
    spaces (``PageAnalysis.reading()``'s column), when the caller has them."""
    if not EXPECTED_F1 or not len(lines):
        return scores >= threshold
    if spaces is not None:
        words = spaces + 1.0  # a new array: the reading's column is never written
    else:
        # spaces counted by ``map`` (no generator frame a line), then one added to all
        words = np.fromiter(map(str.count, map(_TEXT, lines), repeat(" ")), np.float64, len(lines))
        words += 1.0
    expected = scores * words
    order = np.argsort(-scores, kind="stable")
    gain = np.cumsum(expected[order]) * 2.0 / (np.cumsum(words[order]) + expected.sum())
    chosen = np.zeros(len(lines), dtype=bool)
    chosen[order[: int(np.argmax(gain)) + 1]] = True
    return chosen


def _ladder_is_fragment(
    lines: list[Line], scores: np.ndarray, threshold: float, ladder_chars: int
) -> bool:
    """True when the lines the model keeps are prose holding ``DECLARED_FRAGMENT_RATIO`` times
    the ladder's text: the ladder found a piece of the story, not the story."""
    keep = (scores >= threshold).tolist()  # Python bools (numpy scalars cost per line)
    if len(keep) != len(lines):
        raise ValueError("one score per line")
    kept = list(compress(lines, keep))  # only the kept lines are read (in C)
    kept_chars = sum(map(len, map(_TEXT, kept)))
    link_chars = sum(map(_LINK_CHARS, kept))
    return (
        ladder_chars > 0
        and kept_chars >= DECLARED_FRAGMENT_RATIO * ladder_chars
        and link_chars <= PROSE_MAX_LINK_DENSITY * kept_chars
    )


def _ladder_and_sure_lines(page: PageAnalysis, blocks: PageBlocks, scores: np.ndarray) -> Choice:
    """The ladder's lines and, in page order among them, the lines the model keeps within the
    ladder's span and, where the ladder holds little of the page, the lines it is sure of."""
    all_lines = blocks.lines
    in_ladder = page.in_ladder()
    where = np.flatnonzero(in_ladder)
    if not len(where) or len(where) < len(page.heuristic):  # a ladder line the page lacks
        return Choice(page.heuristic, None, frozenset(), bounded=True)
    sure = np.zeros(len(all_lines), dtype=bool)
    first, last = where[0], where[-1] + 1
    span_score = DECLARED_ADD_SCORE if page.declared_article else SPAN_ADD_SCORE
    sure[first:last] = scores[first:last] >= span_score
    if page.ladder_share < LADDER_SURE_SHARE:
        if page.declared_article and page.ladder_share < SPREAD_SHARE:
            sure |= scores >= SPREAD_ADD_SCORE
        elif not page.declared_article:  # the lines the model would choose by itself
            sure |= expected_f1_lines(all_lines, scores, MODEL_ADD_SCORE, _spaces(page))
    sure &= _shown(page)  # the ladder pruned hidden lines: only whole hidden panels come back
    adds = sure.tolist()  # Python bools: numpy scalars cost per line
    if LADDER_DROP_SCORE > 0.0:
        in_ladder = (np.array(in_ladder, dtype=bool) & (scores >= LADDER_DROP_SCORE)).tolist()
    chosen = [ladder or add for ladder, add in zip(in_ladder, adds, strict=True)]
    candidates = [line for line, keep in zip(all_lines, chosen, strict=True) if keep]
    titled = drop_title(candidates, page.title)
    if not titled:
        return Choice(page.heuristic, None, frozenset(), bounded=True)
    kept, untitled = _kept_after_title(all_lines, titled, chosen)
    added = frozenset(index for index, ladder in enumerate(in_ladder) if kept[index] and not ladder)
    return Choice(titled, kept, untitled, bounded=True, added=added)


def model_alone(
    page: PageAnalysis, scores: np.ndarray, threshold: float, chosen: np.ndarray | None = None
) -> Choice | None:
    """The lines the model keeps by itself (its expected-F1 choice, the repeated title
    removed), whatever the ladder says; None when it keeps nothing. ``chosen``: that choice's
    mask, when the caller has it."""
    all_lines = page.blocks.lines
    if chosen is None:
        chosen = expected_f1_lines(all_lines, scores, threshold, _spaces(page))
    if LONE_HIDDEN_EVERYWHERE:
        chosen = chosen & _shown(page)
    chosen = chosen.tolist()  # Python bools: cheap
    repeats = _drop_repeats(all_lines, chosen)
    kept_lines = [line for line, keep in zip(all_lines, chosen, strict=True) if keep]
    titled = drop_title(kept_lines, page.title)
    if not titled:
        return None
    kept, untitled = _kept_after_title(all_lines, titled, chosen)
    return Choice(titled, kept, untitled, repeats=repeats)


def widened(page: PageAnalysis, now: Choice, extra: np.ndarray) -> Choice | None:
    """Where the ladder's lines stand and the model adds (``choose``'s "ladder + adds" way),
    ``now``'s lines plus the ``extra`` ones in page order: never a lone hidden line (the ladder
    pruned it), never a line whose text is already kept, the repeated title removed. None on
    another way, or when it adds no line."""
    if not now.bounded or now.kept is None:
        return None
    lines = page.blocks.lines
    keep = list(now.kept)
    seen = {line.text for line, kept in zip(lines, keep, strict=True) if kept}
    new = []
    for index in np.flatnonzero(extra & _shown(page)).tolist():
        text = lines[index].text
        if not keep[index] and text not in seen:
            keep[index] = True
            seen.add(text)
            new.append(index)
    if not new:
        return None
    candidates = [line for line, kept in zip(lines, keep, strict=True) if kept]
    titled = drop_title(candidates, page.title) or candidates
    kept_mask, untitled = _kept_after_title(lines, titled, keep)
    in_ladder = page.in_ladder()
    added = frozenset(
        index for index, kept in enumerate(kept_mask) if kept and not in_ladder[index]
    )
    return Choice(titled, kept_mask, untitled, bounded=True, added=added)


def widen_lines(scores: np.ndarray, chosen: np.ndarray) -> np.ndarray:
    """The lines the widened path adds from: the model's expected-F1 choice (``chosen``), or
    those it scores at least ``WIDEN_SCORE``."""
    return chosen if WIDEN_SCORE is None else scores >= WIDEN_SCORE


def branch_index(choice: Choice) -> int:
    """Which way ``choose`` went (an index in ``pathchoice.BRANCHES``)."""
    if choice.bounded:
        return 0 if choice.kept is None else 1
    return 2 if choice.kept is not None else 3


@dataclass(frozen=True, slots=True)
class PathCandidates:
    """``choose``'s lines and the alternatives the path chooser weighs, with its features."""

    choices: dict[str, Choice]  # by ``pathchoice.PATHS`` name; an alternative absent: none
    features: np.ndarray  # (len(PATHS) - 1, features): each alternative's signals
    # per alternative, whether it holds a line ``choose``'s lack: only then may it replace them
    # (a model choice inside ``choose``'s lines only drops text, and can drop a plain
    # article's paragraph)
    available: tuple[bool, ...] = ()

    @property
    def model_adds(self) -> bool:
        """The model's lines alone hold a line ``choose``'s lack."""
        return self.available[0]


def path_candidates(page: PageAnalysis, scores: np.ndarray, threshold: float) -> PathCandidates:
    """The candidate paths for a page the model read, and the page-level signals about them."""
    now, alone, masks, wide = _paths(page, scores, threshold, widen=True)
    choices = {"now": now}
    if alone is not None:
        choices["model"] = alone
    if wide is not None:
        choices["widened"] = wide
    available = _available(page, masks, wide, len(PATHS) - 1)
    features = _page_signals(page, scores, masks, now, wide, (True,) * (len(PATHS) - 1))
    return PathCandidates(choices, features, available)


def _paths(
    page: PageAnalysis, scores: np.ndarray, threshold: float, *, widen: bool
) -> tuple[Choice, Choice | None, dict[str, np.ndarray], Choice | None]:
    """``choose``'s lines, the model's alone, which lines each keeps, and (``widen``)
    ``choose``'s lines widened by the model's where the ladder's lines stand."""
    lines = page.blocks.lines
    now = choose(page, scores, threshold)
    chosen = expected_f1_lines(lines, scores, threshold, _spaces(page))
    alone = model_alone(page, scores, threshold, chosen)
    in_ladder = np.array(page.in_ladder(), dtype=bool)
    masks = {
        "ladder": in_ladder,
        "now": in_ladder if now.kept is None else np.array(now.kept, dtype=bool),
        "model": np.zeros(len(lines), dtype=bool) if alone is None else np.array(alone.kept),
    }
    wide = widened(page, now, widen_lines(scores, chosen)) if widen else None
    return now, alone, masks, wide


def _available(
    page: PageAnalysis, masks: dict[str, np.ndarray], wide: Choice | None, alternatives: int
) -> tuple[bool, ...]:
    """Per alternative the chooser weighs, whether it holds a line ``choose``'s lack."""
    adds = masks["model"] & ~masks["now"]
    if ADDS_NEED_SHOWN:
        adds &= _shown(page)
    model_adds = bool(np.any(adds))
    wide_adds = wide is not None and bool(np.any(np.array(wide.kept) & ~masks["now"]))
    return (model_adds, wide_adds)[:alternatives]


def _page_signals(
    page: PageAnalysis,
    scores: np.ndarray,
    masks: dict[str, np.ndarray],
    now: Choice,
    wide: Choice | None,
    wanted: tuple[bool, ...],
) -> np.ndarray:
    """One row of page signals per alternative in ``wanted`` (the others zeros): each with
    that alternative's lines in the "model" candidate's place."""
    rows = np.zeros((len(wanted), len(PAGE_FEATURE_NAMES)), dtype=np.float32)
    for row, (name, want) in enumerate(zip(PATHS[1 : len(wanted) + 1], wanted, strict=True)):
        if not want:
            continue
        if name == "widened":
            if wide is None:
                continue
            masks = {**masks, "model": np.array(wide.kept, dtype=bool)}
        rows[row] = page_features(
            page.blocks.lines,
            scores,
            masks,
            declared=page.declared_article,
            gaps=page.ladder_gaps,
            pruned_share=page.ladder_share,
            branch=branch_index(now),
            reading=page.reading(),
        )
    return rows


def choose_path(
    page: PageAnalysis, scores: np.ndarray | None, threshold: float, chooser: PathChooser | None
) -> Choice:
    """``choose``'s lines, or the path the learned chooser says beats them on this page (only
    where the model read the page: where the ladder is sure, its lines stand). The page's
    signals are computed only for the alternatives that could replace ``choose``'s."""
    if (
        chooser is None
        or page.blocks is None
        or scores is None
        or not page.blocks.lines
        or ladder_is_sure(
            page.declared_article, page.heuristic, page.ladder_share, page.ladder_gaps
        )
    ):
        return choose(page, scores, threshold)
    now, alone, masks, wide = _paths(page, scores, threshold, widen=chooser.alternatives > 1)
    available = _available(page, masks, wide, chooser.alternatives)
    if not any(available):
        return now
    signals = _page_signals(page, scores, masks, now, wide, available)
    picked = PATHS[chooser.pick(signals, np.array(available))]
    if picked == "model" and alone is not None:
        return alone
    return wide if picked == "widened" and wide is not None else now


def choose_lines(page: PageAnalysis, scores: np.ndarray, threshold: float) -> list[Line]:
    """The body lines ``choose`` picks."""
    return choose(page, scores, threshold).lines


def _body_lines(
    root: HtmlElement, title: str | None, scan: Scan, log: PruneLog, declared: bool = False
) -> tuple[list[Line], bool]:
    """The ladder's lines, and whether its container has lines it leaves out in its midst.
    On a page that ``declared`` itself one article, the relaxed attempt's lines are never
    links to other pages."""
    swap_out(root, scan.comments + scan.boilerplate, log)
    lines, gaps, _ = _attempt(root, title, scan.markers)
    if _chars(lines) >= MIN_BODY_CHARS:
        return lines, gaps
    log.restore()
    scan = scan_boilerplate(root, strict=False)
    swap_out(root, scan.comments + scan.boilerplate, log)
    relaxed, relaxed_gaps, elements = _attempt(root, title, scan.markers)
    if _chars(relaxed) > _chars(lines) and not (declared and lines and _linked(relaxed, elements)):
        # (a short post's own lines over the teaser cards of its "related posts" box, which
        # the vocabulary pruned and which are links: more text, but no article's; a listing's
        # cards are its content)
        return relaxed, relaxed_gaps
    return lines, True  # the strict attempt's pruned elements are back in the page


def _linked(lines: list[Line], elements: tuple[HtmlElement, ...]) -> bool:
    """Whether the lines are links: each of their containers inside one (a teaser card's
    ``<a>``), or most of their text link text (a list of links)."""
    if all(next(el.iterancestors("a"), None) is not None for el in elements):
        return True
    return sum(line.link_chars for line in lines) > PROSE_MAX_LINK_DENSITY * _chars(lines)


def _attempt(
    root: HtmlElement, title: str | None, markers: list[HtmlElement]
) -> tuple[list[Line], bool, tuple[HtmlElement, ...]]:
    selection = select_body(root, markers)
    if selection is None:
        body = root.find("body")
        elements: tuple[HtmlElement, ...] = (body if body is not None else root,)
    else:
        elements = selection.elements
    lines, dropped = clean_lines(render_lines(elements, vocab.SKIP_RENDER_TAGS), title)
    gaps = (
        dropped
        or len(elements) > 1
        or any(next(el.iter(PLACEHOLDER_TAG), None) is not None for el in elements)
    )
    return lines, gaps, elements


def hidden_lines(blocks: PageBlocks) -> list[int]:
    """For each line, 0 when a reader sees it, else how many lines its outermost hidden
    element (hidden attribute, aria-hidden, display:none) holds: a closed tab or accordion
    panel holds a section, a lone hidden paragraph one line."""
    hidden = 1 << HIDDEN_BIT
    read_bits(blocks.contexts)  # every line's signals, read in one pass (in C when built)
    if COMPILED_HIDDEN and _compiled_hidden is not None:
        return _compiled_hidden(blocks.contexts, hidden)  # the loop below, in C
    roots: list[Context | None] = []
    for context in blocks.contexts:
        root = None
        if context.inherited & hidden:
            node: Context | None = context
            while node is not None and node.inherited & hidden:
                if node.own & hidden:
                    root = node
                node = node.parent
        roots.append(root)
    counts = Counter(id(root) for root in roots if root is not None)
    return [0 if root is None else counts[id(root)] for root in roots]


def _spaces(page: PageAnalysis) -> np.ndarray:
    """The page lines' spaces (``expected_f1_lines``' word counts less one), read once."""
    return page.reading()[1][3]


def _shown(page: PageAnalysis) -> np.ndarray | bool:
    """Which lines the model may keep: not a lone hidden paragraph (``HIDDEN_PANEL_LINES``)."""
    if page.hidden is None:
        return True
    # asked two or three times a page: computed once for this ``hidden`` list (never written)
    cached = page._shown_lines
    if cached is not None and cached[0] is page.hidden:
        return cached[1]
    panel_lines = np.array(page.hidden)
    shown = (panel_lines == 0) | (panel_lines >= HIDDEN_PANEL_LINES)
    page._shown_lines = (page.hidden, shown)
    return shown


def _visible_chars(page: PageAnalysis, lines: list[Line]) -> int:
    """The characters of the lines a reader sees: the ladder prunes hidden elements, so its
    share of the page is measured against the visible lines, not tab panels and hidden text."""
    if page.hidden is None or not VISIBLE_SHARE:
        return _chars(lines)
    return sum(len(line.text) for line, hid in zip(lines, page.hidden, strict=True) if not hid)


_TEXT = attrgetter("text")
_KIND = attrgetter("kind")
_LINK_CHARS = attrgetter("link_chars")
_PROSE_KINDS = frozenset(("p", "quote", "pre"))


def _chars(lines: list[Line]) -> int:
    return sum(map(len, map(_TEXT, lines)))  # no generator frame: asked ~8 times a page


def lines_to_text(lines: list[Line]) -> str:
    """Plain text: one line per block, table cells separated by spaces."""
    # one replace on the joined text: the separator holds no newline, so no match straddles
    # two lines and the result is the per-line replace's
    return without_edge_marks("\n".join(map(_TEXT, lines)).replace(CELL_SEPARATOR, " "))


# A zero-width space or byte-order mark that starts or ends a line: a heading's anchor link
# ("The Problem<a class=hash-link>&#8203;</a>", Docusaurus), nothing a reader sees. Inside a
# line it stays: Thai, Khmer and Burmese mark their word breaks with it.
_EDGE_MARKS_RE = re.compile(r"^[\u200b\ufeff]+$\n?|^[\u200b\ufeff]+|[\u200b\ufeff]+$", re.M)


def without_edge_marks(text: str) -> str:
    """The text without the zero-width marks at its lines' edges (``_EDGE_MARKS_RE``)."""
    if "\u200b" not in text and "\ufeff" not in text:
        return text
    return _EDGE_MARKS_RE.sub("", text)


def page_title(root: HtmlElement) -> str | None:
    """The page's own title (og:title, else <title>), to recognise it in the body."""
    found = (
        _compiled_title_sources(root)
        if COMPILED_TITLE_SOURCES and _compiled_title_sources is not None
        else None
    )
    if found is not None:
        contents, title = found
        for content in contents:
            if content and content.strip():
                return content.strip()
        if title is not None and title.text:
            return title.text.strip()
        return None
    head = root.find("head")
    for meta in (head if head is not None else root).iter("meta"):
        if meta.get("property") == "og:title" or meta.get("name") == "twitter:title":
            content = meta.get("content")
            if content and content.strip():
                return content.strip()
    title = next(root.iter("title"), None)
    if title is not None and title.text:
        return title.text.strip()
    return None


def comments_text(sections: list[HtmlElement]) -> str | None:
    """The comment sections' text (found by the comment vocabulary); None when there is none."""
    sections = [el for el in sections if not _has_ancestor_in(el, sections)]
    if not sections:
        return None
    skip = [el for section in sections for el in section.iter() if _is_comment_form(el)]
    lines = [
        line
        for line in render_lines(sections, vocab.SKIP_RENDER_TAGS, skip=skip)
        if line.link_density < COMMENT_MAX_LINK_DENSITY
        and not vocab.BOILERPLATE_LINE_RE.match(line.text)
    ]
    text = lines_to_text(lines)
    return text or None


def _is_comment_form(el: HtmlElement) -> bool:
    """The reply form inside a comment section ("Leave a reply", "You must be logged in")."""
    words = f"{el.get('class') or ''} {el.get('id') or ''}"
    return len(words) > 1 and vocab.COMMENT_FORM_ATTR_RE.search(words.lower()) is not None


def _has_ancestor_in(el: HtmlElement, elements: list[HtmlElement]) -> bool:
    """True when another of ``elements`` contains ``el`` (keep outermost sections only)."""
    others = set(elements)
    node = el.getparent()
    while node is not None:
        if node in others:
            return True
        node = node.getparent()
    return False


# Tags dropped before the blocks are cut whose text a reader would see (explain lists them).
_VISIBLE_DROP_TAGS = (
    *("nav", "aside", "footer", "dialog", "menu", "button", "select", "label", "figcaption"),
)


@dataclass(frozen=True, slots=True)
class BlockDecision:
    """One visible block of the page and what the body stage did with it, and why."""

    text: str
    kept: bool
    reason: str
    path: str
    score: float | None = None


def explain_body(root: HtmlElement, url: str | None = None) -> list[BlockDecision]:
    """Every visible text block of the page, kept or dropped, with the reason, in page order.

    The kept blocks' texts joined by newlines are ``extract_body(...).text`` for the same page.
    Prunes ``root`` in place, like ``extract_body``.
    """
    order = {el: index for index, el in enumerate(root.iter())}
    tag_dropped = _tag_dropped(root, order)
    page = analyse_page(root, paths=True, url=url, shape=shipped_article_shape())
    model = shipped_model()
    scores = block_scores(model, page.features()) if model is not None else None
    threshold = model.threshold_keep if model is not None else 0.5
    choice = choose_path(page, scores, threshold, shipped_chooser())
    decisions = _block_decisions(page, choice, scores, model.threshold_keep if model else 0.0)
    return _merge(decisions, tag_dropped, page, order)


def _tag_dropped(
    root: HtmlElement, order: dict[HtmlElement, int]
) -> list[tuple[int, BlockDecision]]:
    """The visible text of the elements dropped by tag (<nav>, <aside>...), outermost only."""
    found = [el for el in root.iter(*_VISIBLE_DROP_TAGS)]
    chosen = set(found)
    outer = [el for el in found if not _has_ancestor_in(el, chosen)]
    cache: dict[HtmlElement, str] = {}
    out = []
    for el in outer:
        path = css_path(el, cache)
        for line in render_lines([el]):
            text = line.text.replace(CELL_SEPARATOR, " ")
            out.append((order.get(el, 0), BlockDecision(text, False, f"tag <{el.tag}>", path)))
    return out


def _block_decisions(
    page: PageAnalysis, choice: Choice, scores: np.ndarray | None, threshold: float
) -> list[BlockDecision]:
    lines = page.blocks.lines
    paths = page.paths or [""] * len(lines)
    if choice.kept is None:
        return _ladder_decisions(page, choice, scores)
    out = []
    for index, line in enumerate(lines):
        score = float(scores[index]) if scores is not None else None
        text = line.text.replace(CELL_SEPARATOR, " ")
        sure = score is not None and score >= threshold
        if choice.kept[index]:
            if index in choice.added:
                reason = f"kept: added to the ladder's article; model score {score or 0.0:.2f}"
            elif choice.bounded:
                reason = f"kept: in the ladder's article; model score {score or 0.0:.2f}"
            else:
                reason = (
                    "kept: no other prose"
                    if choice.prose_fallback
                    else f"kept: model score {score or 0.0:.2f}"
                )
        elif index in choice.untitled:
            reason = "repeats the page title"
        elif index in choice.repeats:
            reason = f"repeats a line kept above; model score {score or 0.0:.2f}"
        elif choice.bounded and sure:
            reason = f"outside the ladder's article; model score {score:.2f}"
        else:
            reason = _drop_reason(page, index, score, threshold)
        out.append(BlockDecision(text, choice.kept[index], reason, paths[index], score))
    return out


def _ladder_decisions(
    page: PageAnalysis, choice: Choice, scores: np.ndarray | None
) -> list[BlockDecision]:
    """The model kept too little: the ladder's lines stand, matched to the page's lines."""
    lines = page.blocks.lines
    paths = page.paths or [""] * len(lines)
    wanted = [line.text for line in choice.lines]
    out = []
    position = 0
    for index, line in enumerate(lines):
        score = float(scores[index]) if scores is not None else None
        text = line.text.replace(CELL_SEPARATOR, " ")
        if position < len(wanted) and line.text == wanted[position]:
            position += 1
            out.append(
                BlockDecision(
                    text,
                    True,
                    "kept: the ladder's article"
                    if choice.bounded
                    else "kept: ladder (model kept too little)",
                    paths[index],
                    score,
                )
            )
        else:
            out.append(
                BlockDecision(text, False, "outside the ladder's container", paths[index], score)
            )
    for extra in choice.lines[position:]:  # ladder lines no page line matches (rare)
        out.append(BlockDecision(extra.text.replace(CELL_SEPARATOR, " "), True, "kept: ladder", ""))
    return out


def _drop_reason(page: PageAnalysis, index: int, score: float | None, threshold: float) -> str:
    """The most telling signal against a dropped line, then its model score."""
    line = page.blocks.lines[index]
    ctx = page.blocks.contexts[index]
    detail = ""
    node = ctx
    while node is not None and not detail:
        el = node.element
        if el is not None:
            if is_hidden(el):
                detail = "hidden element"
            elif (el.get("role") or "").lower() in vocab.BOILERPLATE_ROLES:
                detail = f"role '{el.get('role')}'"
            else:
                words = attr_words(el)
                match = vocab.BOILERPLATE_ATTR_RE.search(words) if words else None
                if match is not None and not vocab.CONTENT_ATTR_RE.search(words):
                    detail = f"class/id word '{match.group(0).strip(' _-:.')}'"
        node = node.parent
    if not detail and line.link_density > 0.5:
        detail = f"link density {line.link_density:.2f}"
    if not detail:
        detail = "outside the main container"
    if score is None:
        return detail
    return f"{detail}; model score {score:.2f} < {threshold:.2f}"


def _merge(
    decisions: list[BlockDecision],
    tag_dropped: list[tuple[int, BlockDecision]],
    page: PageAnalysis,
    order: dict[HtmlElement, int],
) -> list[BlockDecision]:
    """Slot the tag-dropped blocks in by document position; the page's lines keep their order."""
    if not tag_dropped:
        return decisions
    contexts = page.blocks.contexts
    positions = [order.get(ctx.element, 0) for ctx in contexts]
    out: list[BlockDecision] = []
    pending = sorted(tag_dropped, key=lambda item: item[0])
    cursor = 0
    for index, decision in enumerate(decisions):
        position = positions[index] if index < len(positions) else len(order)
        while cursor < len(pending) and pending[cursor][0] < position:
            out.append(pending[cursor][1])
            cursor += 1
        out.append(decision)
    out.extend(decision for _, decision in pending[cursor:])
    return out
