"""Speed shortcuts keep the old semantics: each fast path gives what the plain computation it
replaced gives, on the fixture pages and on random inputs."""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

import numpy as np
import pytest
from lxml import etree

from scraper.extractor import authordata, authors, bylines, dates, metadata, vocab
from scraper.extractor.blocks import GROUP_BASE, _group_bits
from scraper.extractor.body import (
    DECLARED_FRAGMENT_RATIO,
    PROSE_MAX_LINK_DENSITY,
    _ladder_is_fragment,
    analyse_page,
    choose,
    expected_f1_lines,
    model_alone,
)
from scraper.extractor.features import _FEW_LINES, FEATURE_NAMES, _char_counts, heuristic_flags
from scraper.extractor.jsonld import ARTICLE_TYPES, JsonLd, parse_jsonld, type_names
from scraper.extractor.metadata import (
    _WORD_ENDS,
    MAX_COMMON_WORDS,
    MAX_LABELLED_LINKS,
    MAX_LINK_LABEL,
    LinkLabels,
    _capital_words,
    _common_words,
    link_labels,
)
from scraper.extractor.model import shipped_model
from scraper.extractor.parse import collapsed_text, element_text, parse_html
from scraper.extractor.prune import PruneLog, _detached, in_code, swap_out, wrapped_text_chars
from scraper.extractor.render import Line
from scraper.extractor.sources import gather_sources
from scraper.extractor.titles import loose

PAGES = Path(__file__).resolve().parent.parent / "fixtures" / "pages"
PAGE_NAMES = sorted(path.name for path in PAGES.glob("*.html"))


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_the_cached_ladder_flags_are_heuristic_flags(name: str) -> None:
    root = parse_html((PAGES / name).read_text(encoding="utf-8"))
    assert root is not None
    page = analyse_page(root, all_blocks=True)
    assert page.blocks is not None
    assert page.in_ladder() == heuristic_flags(page.blocks.lines, page.heuristic)
    assert page.in_ladder() is page.in_ladder()  # computed once


def _fragment_by_scalars(
    lines: list[Line], scores: np.ndarray, threshold: float, ladder_chars: int
) -> bool:
    """``_ladder_is_fragment`` as it was: one numpy scalar comparison per line."""
    kept_chars = link_chars = 0
    for line, score in zip(lines, scores, strict=True):
        if score >= threshold:
            kept_chars += len(line.text)
            link_chars += line.link_chars
    return (
        ladder_chars > 0
        and kept_chars >= DECLARED_FRAGMENT_RATIO * ladder_chars
        and link_chars <= PROSE_MAX_LINK_DENSITY * kept_chars
    )


def test_the_vectorised_fragment_test_matches_the_scalar_one() -> None:
    rng = np.random.default_rng(7)
    for _ in range(300):
        count = int(rng.integers(0, 40))
        lines = [
            Line("x" * int(rng.integers(1, 200)), link_chars=int(rng.integers(0, 120)))
            for _ in range(count)
        ]
        for dtype in (np.float32, np.float64):
            scores = rng.random(count).astype(dtype)
            threshold = float(rng.choice([0.5, float(scores[0]) if count else 0.5]))
            ladder = int(rng.integers(0, 400))
            assert _ladder_is_fragment(lines, scores, threshold, ladder) == _fragment_by_scalars(
                lines, scores, threshold, ladder
            )


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_the_choices_read_from_python_bools_match_numpy_masks(name: str) -> None:
    """``choose`` and ``model_alone`` iterate ``tolist()`` masks: the lines they keep are the
    lines the numpy mask keeps (the title rule aside), at any threshold."""
    model = shipped_model()
    assert model is not None
    root = parse_html((PAGES / name).read_text(encoding="utf-8"))
    assert root is not None
    page = analyse_page(root, all_blocks=True)
    scores = model.scores(page.features())
    lines = page.blocks.lines
    for threshold in (0.2, model.threshold_keep, 0.8):
        mask = expected_f1_lines(lines, scores, threshold)
        alone = model_alone(page, scores, threshold)
        if alone is not None:
            kept = set(np.flatnonzero(mask).tolist()) - alone.untitled
            assert {i for i, keep in enumerate(alone.kept) if keep} == kept
        now = choose(page, scores, threshold)
        if now.kept is not None and not now.bounded and not now.prose_fallback:
            kept = set(np.flatnonzero(mask).tolist()) - now.untitled
            assert {i for i, keep in enumerate(now.kept) if keep} == kept


def _detached_by_walking_up(root: etree._Element, el: etree._Element) -> bool:
    """``prune._detached`` as it was: a Python walk up to ``root``."""
    while el is not root:
        parent = el.getparent()
        if parent is None:
            return True
        el = parent
    return False


def test_the_tag_filtered_walk_up_finds_swapped_out_subtrees() -> None:
    root = parse_html(
        "<html><body><div id='a'><section><p>one <b>two</b></p></section>"
        "<html-like><div id='b'><p>three</p><div><span>four</span></div></div></html-like>"
        "</div><aside><p>five</p></aside></body></html>"
    )
    assert root is not None
    elements = list(root.iter())
    swap_out(root, [root.get_element_by_id("b"), elements[-2]], PruneLog())
    for el in elements:
        assert _detached(root, el) == _detached_by_walking_up(root, el)
    assert any(_detached(root, el) for el in elements)
    assert not _detached(root, root)


def _eager_labels(texts: list[str]) -> dict[str, int]:
    """``link_labels`` as it was: every link text folded and counted up front."""
    counts: dict[str, int] = {}
    for text in texts:
        key = " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())
        if key:
            counts[key] = counts.get(key, 0) + 1
    return counts


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_link_labels_counted_when_asked_match_the_eager_count(name: str) -> None:
    root = parse_html((PAGES / name).read_text(encoding="utf-8"))
    assert root is not None
    anchors = gather_sources(root).anchors
    texts = [
        text
        for anchor in anchors[:MAX_LABELLED_LINKS]
        if (text := anchor.text if len(anchor) == 0 else collapsed_text(anchor))
        and len(text) <= MAX_LINK_LABEL
    ]
    eager = _eager_labels(texts)
    asked = link_labels(anchors)
    for key in [*eager, "", "  ", "no such label", "Home", *(k.upper() for k in eager)]:
        assert asked.get(key, 0) == eager.get(key, 0)
    assert dict(asked) == eager and len(asked) == len(eager)


def test_link_labels_fold_case_punctuation_and_unicode_as_loose() -> None:
    texts = ["Straße & Co.", "STRASSE  & co", "Ünïcode—Ünïcode", "über", "ÜBER!", "a_b", "…"]
    texts.append("İstanbul")
    labels = LinkLabels(texts)
    eager = _eager_labels(texts)
    for text in texts:
        assert labels.get(loose(text), 0) == eager.get(loose(text), 0)
    assert labels.get(loose("strasse & co"), 0) == 2 and dict(labels) == eager


def test_link_labels_asked_keys_match_the_eager_count_on_random_texts() -> None:
    """The count's length and last-word filters drop no text folding to the key: random texts
    of words, punctuation, case and non-ASCII folds, asked their own keys and near misses."""
    rng = random.Random(11)
    words = ["the", "The", "blog", "BLOG", "ß", "ss", "İ", "news", "a", "x-y", "…", "Straße"]
    marks = ["", " ", "  ", "!", " & ", "—", ".", "\t"]
    for _ in range(300):
        texts = [
            "".join(rng.choice(words) + rng.choice(marks) for _ in range(rng.randint(1, 5)))
            for _ in range(rng.randint(1, 30))
        ]
        eager = _eager_labels(texts)
        labels = LinkLabels(texts)
        keys = [*eager, *(key + " blog" for key in eager), *(key[:-1] for key in eager)]
        for key in keys:
            assert labels.count(key) == eager.get(key, 0), (texts, key)


def _wrapped_text_by_walking_up(top: etree._Element) -> int:
    """``prune.wrapped_text_chars`` as it was: a Python walk up from every wrapper."""
    wrappers = list(top.iter(*vocab.STRUCTURAL_DROP_TAGS))
    outermost = set(wrappers)
    inside = 0
    for el in wrappers:
        parent = el.getparent()
        while parent is not None and parent not in outermost:
            parent = parent.getparent()
        if parent is None:
            inside += len(element_text(el))
    return inside


_NESTED_WRAPPERS = (
    "<html><body><nav><p>menu</p><aside>in <nav>nav <footer>deep</footer></nav></aside></nav>"
    "<p>story text</p><aside><p>box</p></aside><div><footer>foot <nav>links</nav></footer>"
    "</div><noscript>no script</noscript></body></html>"
)


@pytest.mark.parametrize("name", [*PAGE_NAMES, "nested"])
def test_outermost_wrappers_found_in_c_match_the_walk_up(name: str) -> None:
    html = _NESTED_WRAPPERS if name == "nested" else (PAGES / name).read_text(encoding="utf-8")
    root = parse_html(html)
    assert root is not None
    top = root.find("body")
    etree.strip_elements(top, *vocab.INVISIBLE_TAGS, with_tail=False)  # as drop_never_text
    assert wrapped_text_chars(top) == _wrapped_text_by_walking_up(top)
    if name == "nested":
        assert wrapped_text_chars(top) == len("menuin nav deepboxfoot linksno script")


def _in_code_by_walking_up(el: etree._Element) -> bool:
    """``prune.in_code`` as it was: a Python walk up testing every ancestor's tag."""
    node = el.getparent()
    while node is not None:
        if node.tag in ("pre", "code"):
            return True
        node = node.getparent()
    return False


def test_the_code_ancestor_test_in_c_matches_the_walk_up() -> None:
    root = parse_html(
        "<html><body><pre><span class='comment'>a<span>b</span></span></pre><p><code>"
        "<span>c</span></code><span>d</span></p><div><span><em>e</em></span></div></body></html>"
    )
    assert root is not None
    pages = [root] + [parse_html((PAGES / name).read_text(encoding="utf-8")) for name in PAGE_NAMES]
    for page in pages:
        assert page is not None
        for el in page.iter(etree.Element):
            assert in_code(el) == _in_code_by_walking_up(el)


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_block_feature_columns_match_their_definitions(name: str) -> None:
    """``block_features`` fills its matrix block by block: the context, page and neighbour
    columns are each what their name says, computed line by line here."""
    root = parse_html((PAGES / name).read_text(encoding="utf-8"))
    assert root is not None
    page = analyse_page(root, all_blocks=True)
    features = page.features().astype(np.float64)
    lines, contexts = page.blocks.lines, page.blocks.contexts
    n = len(lines)
    column = {feature: index for index, feature in enumerate(FEATURE_NAMES)}
    heur = page.in_ladder()
    heur_chars: dict[object, int] = {}
    for line, ctx, kept in zip(lines, contexts, heur, strict=True):
        node = ctx
        for _ in range(3):
            if kept and node is not None:
                heur_chars[node] = heur_chars.get(node, 0) + len(line.text)
                node = node.parent
    for i, ctx in enumerate(contexts):
        nodes = [ctx]
        for _ in range(2):
            nodes.append(nodes[-1].parent if nodes[-1].parent is not None else nodes[-1])
        for level, node in zip(("own", "parent", "grandparent"), nodes, strict=True):
            safe = max(node.chars, 1.0)
            expected = {
                "log_chars": np.log1p(node.chars),
                "link_density": node.links / safe,
                "log_lines": np.log1p(node.lines),
                "heuristic_share": heur_chars.get(node, 0) / safe,
                "log_repeats": np.log1p(node.repeats()),
            }
            for what, value in expected.items():
                assert features[i, column[f"{level}_{what}"]] == np.float32(value)
    for side, step, sign in (("prev", 1, -1), ("next", 1, 1), ("prev", 2, -2), ("next", 2, 2)):
        for what, fill in (("log_chars", 0.0), ("link_density", 0.0), ("kind", -1.0)):
            for i in range(n):
                j = i + sign
                want = features[j, column[what]] if 0 <= j < n else fill
                assert features[i, column[f"{side}{step}_{what}"]] == want
        for i in range(n):
            j = i + sign
            want = features[j, column["in_heuristic"]] if 0 <= j < n else 0.0
            assert features[i, column[f"{side}{step}_in_heuristic"]] == want
    total = sum(len(line.text) for line in lines)
    if n:
        assert features[0, column["page_log_chars"]] == np.float32(np.log1p(total))
        assert features[-1, column["page_log_lines"]] == np.float32(np.log1p(n))
        assert features[-1, column["position"]] == np.float32((n - 1) / n)


# Author-name strings as pages give them, with odd Unicode: superscript and Arabic-Indic digits
# (``str.isdigit`` says yes, ``\d`` not always), combining marks, a lone surrogate, NBSP, RTL.
_ODD_NAMES = [
    "Jane Doe",
    "By Jane Doe and John Roe, Staff Writers",
    "Needleman, Sarah",
    "Jo Roe, MD, PhD",
    "Jo Roe²",
    "Jo Roe ٣",
    "Ｊａｎｅ Ｄｏｅ",
    "Zoë Ångström",
    "Jose\u0301 Nun\u0303ez",
    "Jane\u00a0Doe",
    "מרים כהן",
    "\ud83d Jo",
    "@jdoe42",
    "jane@example.org",
    "https://example.org/author/jane",
    "By Jane Doe | May 3, 2024",
    "JANE DOE",
    "—",
    " ",
    "x" * 400,
    "Jane Doe " * 60,
]


def _page_name_strings() -> list[str]:
    """Short texts of every fixture page: what the author scans feed the name readers."""
    texts: list[str] = []
    for name in PAGE_NAMES:
        root = parse_html((PAGES / name).read_text(encoding="utf-8"))
        assert root is not None
        for element in root.iter(etree.Element):
            for text in (element.text, element.tail):
                if text and text.strip() and len(text) < 400:
                    texts.append(text)
    return texts


def test_memoised_name_readers_give_what_the_plain_reading_gives() -> None:
    for value in [*_ODD_NAMES, *_page_name_strings()]:
        for _ in range(2):  # asked twice: the verdict keeps no state between calls
            assert authors.looks_like_name(value) == authors._reads_as_name(value)
            assert authors._names_in(value) == authors._read_names(value)
            assert authors._declared_names_in(value) == authors._read_declared_names(value)


def test_memoised_name_readers_hand_out_fresh_lists_and_keep_no_tree_alive() -> None:
    first = authors._names_in("By Jane Doe")
    first.append("Mutated")
    assert authors._names_in("By Jane Doe") == ["Jane Doe"]
    root = etree.fromstring("<p><b>Jane Doe Smith</b></p>")
    smart = root.xpath("//b/text()")[0]  # an lxml smart string: it holds its element
    assert smart.getparent() is not None
    before = sys.getrefcount(smart)
    authors.looks_like_name(smart)
    authors._names_in(smart)
    authors._declared_names_in(smart)
    assert sys.getrefcount(smart) == before  # the memos hold a plain copy, not the tree


def test_profile_link_pre_test_matches_the_listed_parts() -> None:
    hrefs = [
        "/author/jane",
        "/AUTHORS/x",
        "/users/1",
        "/u/jdoe",
        "/U/JDOE",
        "/writers/a",
        "/contributors/b",
        "/people/c",
        "/profile/d",
        "/members/e.12",
        "/2024/05/post/",
        "/uk/news",
        "/İstanbul/user",
        "/ſtaff/x",
        "",
    ]
    for href in hrefs:
        low = href.lower()
        assert authordata._may_be_profile(href) == any(
            part in low for part in authordata._PROFILE_PARTS
        )


def test_memoised_date_normalising_gives_what_the_plain_reading_gives() -> None:
    values = [
        "2020-01-01",
        "2024-05-03T10:20:30Z",
        "2024-05-03T25:00:00+0530",
        "Fri, 03 May 2024 10:00:00 GMT",
        "3 May 2024",
        "May 3, 2024",
        "20240503",
        "1714730400",
        "2024/05/03",
        "２０２４-０５-０３",
        "٢٠٢٤-٠٥-٠٣",
        "2024²-05-03",
        "\ud83d 2024-05-03",
        "May\u00a03,\u00a02024",
        " ",
        "x" * 400,
        "2024-05-03 " * 40,
        *_ODD_NAMES,
        *_page_name_strings(),
    ]
    for value in values:
        for _ in range(2):
            assert dates.normalise_date(value) == dates._normalised(value)
    root = etree.fromstring("<p><time>May 3, 2024</time></p>")
    smart = root.xpath("//time/text()")[0]
    before = sys.getrefcount(smart)
    assert dates.normalise_date(smart) == "2024-05-03"
    assert sys.getrefcount(smart) == before


def _char_counts_by_code_points(texts: list[str]) -> tuple[np.ndarray, ...]:
    """``features._char_counts`` as it was: running sums over all lines' code points, and the
    last character tested with ``np.isin``."""
    chars = np.array([len(text) for text in texts], dtype=np.float64)
    codes = np.frombuffer("".join(texts).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    ends = np.cumsum(chars).astype(np.intp)
    starts = ends - chars.astype(np.intp)
    counts = []
    for mask in (codes == 32, codes == 46, codes == 44, (codes >= 48) & (codes <= 57)):
        running = np.concatenate([[0], np.cumsum(mask, dtype=np.int64)])
        counts.append((running[ends] - running[starts]).astype(np.float64))
    ends_sentence = np.array(sorted(map(ord, ".!?:;\"')”’")), dtype=np.uint32)
    return (*counts, np.isin(codes[ends - 1], ends_sentence).astype(np.float64))


# Lines with odd Unicode: Arabic-Indic and full-width digits (not ASCII digits), a full-width
# stop, a lone surrogate, curly quotes, a non-breaking space, table cell separators.
_ODD_LINES = [
    "One sentence, two clauses. 2024!",
    "٣ ٤ ٥ digits that are not ASCII",
    "Ｆｕｌｌ ｗｉｄｔｈ １２３．",
    "A lone \ud83d surrogate",
    "He said “yes”",
    "It’s",
    "no\u00a0break 3.5",
    "cell \ue000 cell \ue000 42",
    "x",
    ".",
    "Ends with a colon:",
]


@pytest.mark.parametrize("many", [False, True])
def test_char_counts_match_the_code_point_sums(many: bool) -> None:
    """Few lines take ``str.count`` per line, many the code point sums; both, and the
    last-character test in Python, give what the code point sums and ``np.isin`` gave."""
    texts = _ODD_LINES * (3 if many else 1)
    assert (len(texts) > _FEW_LINES) is many
    chars = np.array([len(text) for text in texts], dtype=np.float64)
    got = _char_counts(texts, chars)
    want = _char_counts_by_code_points(texts)
    for column, expected in zip(got, want, strict=True):
        assert column.dtype == np.float64
        assert np.array_equal(column, expected)


def test_char_counts_of_fixture_pages_match_the_code_point_sums() -> None:
    for name in PAGE_NAMES:
        root = parse_html((PAGES / name).read_text(encoding="utf-8"))
        assert root is not None
        page = analyse_page(root, all_blocks=True)
        texts = [line.text for line in page.blocks.lines]
        for part in (texts, texts[:_FEW_LINES]):  # both ways of counting
            if part:
                chars = np.array([len(text) for text in part], dtype=np.float64)
                got = _char_counts(part, chars)
                assert all(
                    np.array_equal(a, b)
                    for a, b in zip(got, _char_counts_by_code_points(part), strict=True)
                )


def test_char_counts_with_an_empty_line_read_as_before() -> None:
    """An empty line (none is rendered, but the matrix must not change if one were) takes its
    neighbour's last code point, as the code point sums always did."""
    for texts in (["First line.", "", "third"], ["", "second."]):
        chars = np.array([len(text) for text in texts], dtype=np.float64)
        got = _char_counts(texts, chars)
        want = _char_counts_by_code_points(texts)
        assert all(np.array_equal(a, b) for a, b in zip(got, want, strict=True))


def _group_bits_by_named_groups(words: str) -> int:
    """``blocks._group_bits`` as it was: ``vocab.MODEL_ATTR_RE``'s named groups."""
    bits = 0
    for match in vocab.MODEL_ATTR_RE.finditer(words.lower()):
        bits |= 1 << (GROUP_BASE + int(match.lastgroup[1:]))  # type: ignore[index]
    return bits


def _fixture_class_strings() -> list[str]:
    strings: list[str] = []
    for name in PAGE_NAMES:
        root = parse_html((PAGES / name).read_text(encoding="utf-8"))
        assert root is not None
        for element in root.iter(etree.Element):
            cls, ident = element.get("class"), element.get("id")
            strings.extend(value for value in (cls, ident) if value)
            if cls and ident:
                strings.append(f"{cls} {ident}")
    return strings


def test_grouped_model_words_find_what_the_named_groups_find() -> None:
    """The first-letter alternation and the word -> group table give the named groups' bits:
    on the fixture pages' class/id strings and on random strings of the words themselves
    (prefixes of each other, "ad"/"ads"/"advert", words listed in two groups, "reply")."""
    words = [word for group in vocab.MODEL_ATTR_GROUPS for word in group.split("|")]
    rng = random.Random(7)
    parts = [*words, "-", "_", " ", "x", "1", "A", "É", "Nav", "sr-", "-only"]
    randoms = ["".join(rng.choice(parts) for _ in range(rng.randint(1, 6))) for _ in range(5000)]
    for value in [*_fixture_class_strings(), *words, *randoms, "", "navbar", "ads advert"]:
        assert _group_bits.__wrapped__(value) == _group_bits_by_named_groups(value), value


def _first_of_type_by_names(ld: JsonLd, *names: str) -> dict | None:
    """``JsonLd.first_of_type`` as it was: every node's type names lower-cased per call."""
    wanted = {name.lower() for name in names}
    for node in ld.nodes:
        if any(name.lower() in wanted for name in type_names(node)):
            return node
    return None


def test_shared_node_type_lookup_picks_the_node_the_per_call_reading_picks() -> None:
    """``main_article`` and ``first_of_type`` share one lookup: the same node wins for every
    query, also after more nodes are added (URL types, lists of types, odd and missing @type
    values)."""
    scripts = [
        '{"@type": "https://schema.org/WebPage/", "name": "Page"}',
        '{"@graph": [{"@type": ["Thing", "NewsArticle"], "headline": "A"},'
        ' {"@type": "BreadcrumbList", "itemListElement": []}, {"@type": 42}, {"name": "none"}]}',
        '[{"@type": "PRODUCT", "name": "P"}, {"@type": ["", null, "Person"], "name": "J"}]',
    ]
    ld = parse_jsonld(scripts)
    queries = [("Article", "NewsArticle"), ("BreadcrumbList",), ("webpage",), ("Product",)]
    queries += [("Person", "Organization"), ("Nothing",), ()]
    for _ in range(2):
        for names in queries:
            assert ld.first_of_type(*names) is _first_of_type_by_names(ld, *names)
        assert ld.main_article() is _first_of_type_by_names(ld, *ARTICLE_TYPES)
        ld.nodes.append({"@type": "Article", "headline": "added later"})
    for name in PAGE_NAMES:
        root = parse_html((PAGES / name).read_text(encoding="utf-8"))
        assert root is not None
        page_ld = gather_sources(root).jsonld
        for names in [*queries, ("BlogPosting",), ("WebSite",)]:
            assert page_ld.first_of_type(*names) is _first_of_type_by_names(page_ld, *names)
        assert page_ld.main_article() is _first_of_type_by_names(page_ld, *ARTICLE_TYPES)


def test_author_class_test_gives_what_the_plain_test_gives() -> None:
    """``bylines._is_author_element``'s class/id verdict: the same as the plain regex test on
    every fixture class/id string, odd ones and a long one, asked twice."""
    odd = ["byline", "post-author", "authorName", "AUTHOR", "author-bio", "x" * 400 + " byline"]
    for words in [*_fixture_class_strings(), *odd, "", "ｂｙｌｉｎｅ", "vcard"]:
        plain = bool(bylines._AUTHOR_HINT_RE.search(words)) and any(
            bylines._AUTHOR_TOKEN_RE.search(token) for token in words.split()
        )
        element = etree.Element("span", {"class": words}) if words else etree.Element("span")
        for _ in range(2):  # asked twice: the verdict keeps no state between calls
            assert bylines._is_author_element(element) is plain, words


def test_author_hint_without_the_regex_gives_what_the_regex_gives() -> None:
    """``bylines._may_name_author`` (substring tests on ASCII words) answers as
    ``_AUTHOR_HINT_RE.search`` does on every fixture class/id string and on the case-folding
    oddities (long s, dotless i, Kelvin sign, full-width letters) the regex alone matches."""
    odd = ["AUTH", "usER-name", "Byline", "writ er", "x" * 400 + " Poster", "", "vcard"]
    folded = ["po\u017fter", "wr\u0131ter", "\u0130auth", "auth\u212a", "\uff42\uff59\uff4c"]
    for words in [*_fixture_class_strings(), *odd, *folded, *(w.upper() for w in folded)]:
        regex = bylines._AUTHOR_HINT_RE.search(words) is not None
        assert bylines._may_name_author(words) is regex, words
    assert bylines._may_name_author("po\u017fter") and bylines._may_name_author("wr\u0131ter")


def test_element_text_of_childless_elements_is_what_the_serialiser_gives() -> None:
    """A childless element's text is read from its text node, not serialised: the same text."""
    root = parse_html(
        "<html><body><p></p><p>plain &amp; &lt;escaped&gt; &nbsp;\u00e9\u4e2d</p><a> </a>"
        "<p>a<!-- gone -->b</p><pre>\n  code\r\n</pre><script>if (a < b) {}</script>"
        "<style>p{}</style><textarea>typed</textarea><p>x<br>y</p></body></html>"
    )
    assert root is not None
    pages = [root] + [parse_html((PAGES / name).read_text(encoding="utf-8")) for name in PAGE_NAMES]
    childless = 0
    for page in pages:
        assert page is not None
        for el in page.iter(etree.Element):
            serialised = etree.tostring(el, method="text", encoding=str, with_tail=False)
            assert element_text(el) == serialised
            childless += not len(el)
    assert childless > 500  # the fast path ran


def _common_words_in_text(root: etree._Element, names: list[str]) -> set[str]:
    """``metadata._common_words`` as it was: the probes searched in the decoded text."""
    words = list(dict.fromkeys(w.lower() for name in names for w in _capital_words(name)))
    body = root.find("body")
    if not words or body is None:
        return set()
    text = etree.tostring(body, method="text", encoding=str, with_tail=False)
    found = set()
    for word in words[:MAX_COMMON_WORDS]:
        probe = " " + word
        start = text.find(probe)
        for _ in range(8):
            if start < 0:
                break
            end = start + len(probe)
            if end >= len(text) or text[end] in _WORD_ENDS:
                found.add(word)
                break
            start = text.find(probe, end)
    return found


def test_common_words_found_in_utf8_bytes_match_the_decoded_text() -> None:
    """The probes find the same words in the body's UTF-8 bytes as in its decoded text: at the
    page's end, before a no-break space, before multi-byte letters, past eight misses."""
    synthetic = parse_html(
        "<html><body><p>apply now\u00a0or café: über naïve, nowhere nowhere nowhere nowhere "
        "nowhere nowhere nowhere nowhere nowhere now.</p><p>Jane Doe writes \u4e2d\u6587 "
        "straße)</p><b> tips</b></body></html>"
    )
    assert synthetic is not None
    names = ["Apply Now", "Café Über", "Naïve Straße", "Tips Jane", "Doe Writes", "Nowhere"]
    assert _common_words(synthetic, names) == _common_words_in_text(synthetic, names)
    assert {"now", "café", "über", "naïve", "straße", "tips"} <= _common_words(synthetic, names)
    rng = random.Random(7)
    for name in PAGE_NAMES:
        root = parse_html((PAGES / name).read_text(encoding="utf-8"))
        assert root is not None
        text = element_text(root.find("body"))
        words = [w for w in text.split() if w.isalpha() and len(w) > 2]
        for _ in range(20):
            picked = rng.sample(words, min(len(words), 4))
            names = [" ".join(w[:1].upper() + w[1:] for w in picked[:2]), " ".join(picked[2:])]
            assert _common_words(root, names) == _common_words_in_text(root, names)


_CATALOGUE_PAGE = """<html><head><title>Blue kettle | Shop</title>
<script type="application/ld+json">{"@context": "https://schema.org", "@type": "Product",
 "name": "Blue kettle", "author": {"@type": "Person", "name": "Jane Roe"},
 "datePublished": "2024-03-05"}</script>
<meta name="author" content="Jane Roe"><meta property="article:published_time"
 content="2024-03-05T10:00:00Z"></head><body><h1>Blue kettle</h1>
<p class="byline">By Jane Roe, March 5, 2024</p><p>A kettle that boils water fast and keeps
it warm for an hour; the handle stays cool.</p><time datetime="2024-03-05">March 5</time>
</body></html>"""


def test_catalogue_pages_skip_the_writer_and_date_rankers_with_the_same_metadata(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """On a product or list page the authors and the date are dropped, so ``read_metadata``
    need not read their candidates: the metadata is what the full reading (with a trace, as
    explain makes it) gives, and the author candidates are not gathered."""
    pages = [_CATALOGUE_PAGE] + [(PAGES / name).read_text(encoding="utf-8") for name in PAGE_NAMES]
    for html in pages:
        skipped = metadata.read_metadata(parse_html(html), "https://example.com/a")
        full, _ = metadata.trace_metadata(parse_html(html), "https://example.com/a")
        assert skipped == full
    calls: list[str] = []
    original = metadata._author_found
    monkeypatch.setattr(
        metadata, "_author_found", lambda *args: calls.append("authors") or original(*args)
    )
    meta = metadata.read_metadata(parse_html(_CATALOGUE_PAGE), "https://example.com/a")
    assert meta.authors == () and meta.date_published is None and not calls
    assert meta.title == "Blue kettle"


def _plain_profile_keys(hrefs: list[str]) -> set[str]:
    """``profile_keys`` as it read before the inline part tests: ``_may_be_profile`` a link."""
    keys: set[str] = set()
    for href in hrefs[: authordata.MAX_PROFILE_LINKS]:
        handle = authordata.profile_handle(href) if authordata._may_be_profile(href) else None
        if handle:
            keys.add(authordata.name_key(handle))
    return keys


def test_profile_keys_read_as_the_plain_link_by_link_reading() -> None:
    odd = [
        "/AUTHOR/Jane-Doe",
        "/People/jdoe42/",
        "",
        "/u/\u212a\u212ay",  # Kelvin signs lower to ASCII "k"
        "/tag/\x00/user/nul_in_a_link",  # a NUL in a link
        "/members/jdoe.1234/",
        "/writers/" + "x" * 400,  # a long link
        "https://example.org/profile/%C3%A9lodie",
        "/news/2024/05/a-post",
        "/\u0130user/dotted",
    ]
    pages = [odd, [], ["/about", "/contact"], [f"/p/{n}" for n in range(2100)] + ["/user/late"]]
    pages.append([f"/p/{n}" for n in range(1999)] + ["/user/last_read", "/user/unread"])
    for _, hrefs, _ in _page_links():
        pages.append(hrefs)
    for hrefs in pages:
        for _ in range(2):  # asked twice: no state kept between calls
            assert authordata.profile_keys(iter(hrefs)) == _plain_profile_keys(hrefs)


def _page_links() -> list[tuple[str, list[str], None]]:
    """Every link of the fixture pages the other fast-path tests read."""
    found = []
    for name in PAGE_NAMES:
        root = parse_html((PAGES / name).read_text(encoding="utf-8"))
        assert root is not None
        found.append((name, [a.get("href") or "" for a in root.iter("a")], None))
    return found


def test_place_memo_gives_the_four_searches() -> None:
    """``authorscan._words_place`` (memoised) names the first of the four place patterns, as
    ``_place``'s chain of searches did, for class/id strings of every kind and case."""
    import random

    from scraper.extractor import authorscan as scan

    words = [
        "about-the-author x",
        "AuthorBio",
        "bio",
        "biography",
        "comment-list",
        "Reply",
        "sidebar widget",
        "site-footer",
        "share-bar",
        "Social",
        "x-related",
        "author-card comments",
        "commentsidebar",
        "",
        " ",
        "pre_share",
    ]
    rng = random.Random(3)
    parts = [w for w in words if w.strip()] + ["post", "entry", "-", "_", " "]
    words += ["".join(rng.choice(parts) for _ in range(rng.randint(1, 5))) for _ in range(500)]
    for text in words + [w.upper() for w in words]:
        expected = next(
            (
                kind
                for kind, pattern in (
                    (scan._BIO, scan._BIO_RE),
                    (scan._OTHER, scan._OTHER_RE),
                    (scan._ASIDE, scan._ASIDE_RE),
                    (scan._SOCIAL, scan._SOCIAL_RE),
                )
                if pattern.search(text)
            ),
            0,
        )
        assert scan._words_place(text) == expected, text


def test_gathered_declared_article_is_the_tree_walks() -> None:
    """``PageSources.declared_article`` (the gather walk's <meta>s and <script>s, which
    ``extract_tree`` hands to the body path) equals ``body.declares_article``'s own walk."""
    from scraper.extractor.body import declares_article
    from scraper.extractor.parse import parse_tree
    from scraper.extractor.sources import gather_sources

    og = '<meta property="{}" content="{}">'
    ld = '<script type="{}">{{"@type": {}}}</script>'
    parts = [
        og.format("og:type", "Article"),
        og.format("og:type", "website"),
        og.format("OG:type", "article"),
        '<meta name="og:type" content="article">',
        '<meta property="og:type">',
        ld.format("application/ld+json", '"NewsArticle"'),
        ld.format("Application/LD+JSON", '["BlogPosting", "Thing"]'),
        ld.format("application/ld+json ", '"Article"'),
        ld.format("text/javascript", '"Article"'),
        ld.format("application/ld+json", '"WebPage"'),
        '<script type="application/ld+json"></script>',
    ]
    pages = [p.read_text(encoding="utf-8", errors="replace") for p in sorted(PAGES.rglob("*.html"))]
    rng = random.Random(5)
    for _ in range(300):
        chosen = rng.sample(parts, rng.randint(0, 3))
        where = rng.choice(("head", "body", "after"))
        head = "".join(chosen) if where == "head" else ""
        body = "".join(chosen) if where == "body" else ""
        after = "".join(chosen) if where == "after" else ""
        pages.append(f"<html><head>{head}</head><body><p>x</p>{body}</body>{after}</html>")
    declared = 0
    for html in pages:
        gathered = parse_tree(html)
        walked = parse_tree(html)
        if gathered is None or walked is None:
            continue
        expected = declares_article(walked)
        assert gather_sources(gathered).declared_article == expected, html[:300]
        declared += expected
    assert 30 < declared < len(pages) - 30


def test_line_sums_without_generators_give_the_per_line_values() -> None:
    """``lines_to_text``, ``_link_density`` and ``expected_f1_lines``' word counts read the
    lines through ``map`` and one joined string: the per-line expressions' values."""
    from scraper.extractor.body import _link_density, lines_to_text
    from scraper.extractor.render import CELL_SEPARATOR

    rng = random.Random(41)
    texts = ["", "a b", CELL_SEPARATOR, f"x{CELL_SEPARATOR}y", f"{CELL_SEPARATOR}{CELL_SEPARATOR}"]
    texts += [" \ue000", "\ue000 ", "words and more words", "é ü"]
    for _ in range(500):
        lines = [
            Line(rng.choice(texts) + rng.choice(texts), "p", rng.randrange(4))
            for _ in range(rng.randrange(8))
        ]
        joined = "\n".join(line.text.replace(CELL_SEPARATOR, " ") for line in lines)
        assert lines_to_text(lines) == joined
        total = sum(len(line.text) for line in lines)
        links = sum(line.link_chars for line in lines)
        assert _link_density(lines) == (links / total if total else 0.0)
        scores = np.array([rng.random() for _ in lines])
        words = np.fromiter((line.text.count(" ") + 1 for line in lines), np.float64, len(lines))
        expected = scores * words
        order = np.argsort(-scores, kind="stable")
        if len(lines):
            gain = np.cumsum(expected[order]) * 2.0 / (np.cumsum(words[order]) + expected.sum())
            chosen = np.zeros(len(lines), dtype=bool)
            chosen[order[: int(np.argmax(gain)) + 1]] = True
            assert (expected_f1_lines(lines, scores, 0.5) == chosen).all()
