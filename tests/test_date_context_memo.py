"""``datescan._words_verdict`` (the memoised class/id verdict ``_context`` reads) says what
the three regexes say of the same words, and ``_context`` gives what its regex loop gave."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from scraper.extractor import datescan
from scraper.extractor.nearby import own_words
from scraper.extractor.pagemarks import walk_marks
from scraper.extractor.parse import parse_tree

PAGES = Path(__file__).resolve().parent.parent / "fixtures" / "pages"
WORDS = [
    "",
    "   ",
    "entry-meta",
    "post-date published",
    "comment-list has-comments",
    "has-sidebar widget_recent",
    "Sidebar-Left",
    "related-posts",
    "byline author-info",
    "category-comments tag-widget",
    "newsletter-box",
    "TIME",
    "\u017fidebar",
]


def _regex_verdict(words: str) -> tuple[bool, bool, bool] | None:
    words = datescan._role_words(words)
    if not words.strip():
        return None
    return (
        bool(datescan._NOT_POST_RE.search(words)),
        bool(datescan._DATE_HINT_RE.search(words)),
        bool(datescan._ASIDE_RE.search(words)),
    )


def test_words_verdict_is_the_regexes() -> None:
    for words in WORDS + [w.upper() for w in WORDS]:
        verdict = datescan._words_verdict(words)
        expected = _regex_verdict(words)
        if expected is None:
            assert verdict == 0
            continue
        assert bool(verdict & datescan._NOT_POST) == expected[0]
        assert bool(verdict & datescan._HINT) == expected[1]
        assert bool(verdict & datescan._ASIDE) == expected[2]


def _plain_context(holder: Any) -> tuple[bool, bool, bool] | None:
    """``_context`` as its loop read the regexes before the memo."""
    hinted = in_post = in_footer = aside = False
    for depth, node in enumerate((holder, *holder.iterancestors())):
        if node.tag in ("body", "html"):
            break
        if node.tag == "footer":
            in_footer = True
        elif node.tag in datescan._OFF_TAGS or node.tag in datescan.SKIPPED_TAGS:
            return None
        if node.tag in ("article", "main"):
            in_post = True
            in_footer = False
        elif node.tag == "aside":
            aside = True
        words = datescan._role_words(own_words(node))
        if words.strip():
            if datescan._NOT_POST_RE.search(words):
                return None
            if depth < 3 and datescan._DATE_HINT_RE.search(words):
                hinted = True
            if not aside and datescan._ASIDE_RE.search(words):
                aside = True
    return None if in_footer else (hinted, in_post, aside)


def test_context_on_fixture_pages() -> None:
    checked = 0
    for path in sorted(PAGES.rglob("*.html")):
        root = parse_tree(path.read_text(encoding="utf-8", errors="replace"))
        if root is None:
            continue
        for _, holder, _ in walk_marks(root).dated:
            assert datescan._context(holder) == _plain_context(holder)
            checked += 1
    assert checked > 50


def test_own_words_memo_cuts_the_taxonomy_words_as_the_loop() -> None:
    """``own_words`` with its memoised cut: the class and id words less the taxonomy classes,
    as the generator wrote them, for every element of the fixture pages."""
    prefixes = ("category-", "tag-", "topic-", "section-", "genre-", "series-")
    for path in sorted(PAGES.rglob("*.html"))[:20]:
        root = parse_tree(path.read_text(encoding="utf-8", errors="replace"))
        assert root is not None
        for element in root.iter("*"):
            words = f"{element.get('class') or ''} {element.get('id') or ''}"
            if "-" in words:
                words = " ".join(w for w in words.split() if not w.startswith(prefixes))
            assert own_words(element) == words
