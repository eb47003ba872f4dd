"""A byline whose "By" opens after an element, not at the start of one.

The Pallets blog prints "Posted by David Lord on 2021-05-11" as bare text right after its
``<h1>``; WordPress themes print "Posted on <time>…</time> by <a>Jo Roe</a>"; others put the
date, a ``<br>`` and "By Jo Roe" in one element, or an icon before "By Jo Roe". The scan read
only an element's own first text, so none of these named a writer. A "by" after a word of a
sentence ("accredited</a> by the Higher Learning Commission") is still prose."""

from __future__ import annotations

import pytest
from post_page import post_authors, post_page

from scraper.extractor import pagemarks
from scraper.extractor.authors import clean_authors
from scraper.extractor.authorscan import scan_authors
from scraper.extractor.parse import parse_html


@pytest.mark.parametrize(
    "meta",
    [
        "<p>Posted on <time datetime='2021-05-11'>May 11, 2021</time> by <a href='/a'>Jane "
        "Doe</a></p>",
        "<p><time datetime='2021-05-11'>May 11, 2021</time><br>By <a href='/a'>Jane Doe</a></p>",
        "<div class='meta'><i class='icon-user'></i> By Jane Doe</div>",
    ],
)
def test_a_by_line_opening_after_an_element_names_the_writer(meta: str) -> None:
    assert post_authors(meta) == ("Jane Doe",)


def test_bare_text_after_the_headline_is_a_by_line() -> None:
    root = parse_html(post_page("Posted by Jane Doe on 2021-05-11<hr>"))
    assert root is not None
    found = scan_authors(pagemarks.walk_marks(root), None, None)
    assert found and (found[0].kind, found[0].names) == ("by text", ("Jane Doe",))


def test_by_after_a_word_of_a_sentence_names_no_one() -> None:
    meta = (
        "<p>Park University is <a href='/accreditation'>accredited</a> by the "
        "<a href='https://example.com/hlc'>Higher Learning Commission</a>.</p>"
    )
    assert post_authors(meta) == ()


def test_a_line_after_an_author_link_is_read_once_as_the_link() -> None:
    root = parse_html(
        "<html><body><a rel='author' href='/author/jo'><i class='fa-user'></i> by Jo Roe</a>"
        "<p>May 2, 2024<br>By Ann Lee</p></body></html>"
    )
    assert root is not None
    marks = pagemarks.walk_marks(root)
    kinds = [(element.tag, kind) for element, kind in marks.authors]
    assert ("i", pagemarks.BY_TAIL) in kinds and ("br", pagemarks.BY_TAIL) in kinds
    found = {(item.kind, item.names) for item in scan_authors(marks, None, None)}
    assert ("by text", ("Ann Lee",)) in found
    assert not any(kind == "by text" and names == ("Jo Roe",) for kind, names in found)


def test_the_by_line_ends_at_a_line_break() -> None:
    meta = "<p><time>May 11, 2021</time> by <a href='/a'>Jane Doe</a><br>Photo: Bo Chen</p>"
    assert post_authors(meta) == ("Jane Doe",)


def test_posted_by_then_the_day_names_the_writer() -> None:
    # "posted" also ends a name before its day ("Jo Roe posted 2 days ago"); at the start of
    # the line it is the label, and the name after it stays
    assert clean_authors(["Posted by Jane Doe on 2021-05-11"]) == ("Jane Doe",)
    assert clean_authors(["Jane Doe posted 2 days ago"]) == ("Jane Doe",)


@pytest.mark.parametrize("handle", ["2TallTyler", "peter1138"])
def test_a_user_name_with_digits_after_by_is_the_writer(handle: str) -> None:
    meta = (
        f"<p class='meta'><time>2024-02-10</time> <span class='user'>Posted by {handle}</span></p>"
    )
    assert post_authors(meta) == (handle,)


@pytest.mark.parametrize("line", ["By 2021", "by 5pm", "By 3D"])
def test_a_year_a_time_or_a_count_after_by_is_no_writer(line: str) -> None:
    assert post_authors(f"<p class='meta'><span>{line}</span></p>") == ()


@pytest.mark.parametrize(
    "meta",
    [
        # a documentation page's footer: who changed it last
        "<footer><span>Last updated on <b><time datetime='2024-01-12'>Jan 12, 2024</time></b>"
        " by <b>Ann Lee</b></span></footer>",
        # a change log's credits: a pull request's number, then its contributor
        "<ul><li>Add useId. (<a href='/pull/17322'>#17322</a> by <a href='/u'>Ann Lee</a>)</li>"
        "<li>Fix a crash. (<a href='/pull/20617'>#20617</a> by <a href='/v'>Bo Chen</a>)</li></ul>",
        # a sentence's "von" after a link holding a year
        "<p>Die Version enthält hauptsächlich ein Upgrade der darunterliegenden Software, mehr "
        "steht in den <a href='/r'>Release-Notes v2023.2</a> von Gluon zu finden.</p>",
    ],
)
def test_a_by_after_an_element_that_names_no_writer(meta: str) -> None:
    assert post_authors(meta) == ()


def test_a_talk_credit_after_a_title_holding_a_year_names_no_writer() -> None:
    meta = (
        "<p><a href='https://example.com/talk'>Do things faster with WebAssembly @Codemotion "
        "2018 Rome</a> by <a href='https://example.com/u'>Sendilkumarn</a></p>"
    )
    assert post_authors(meta) == ()
