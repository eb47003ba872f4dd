"""Body extraction on small inline pages: what stays (prose, headings, lists, code, tables)
and what goes (menus, share buttons, related posts, author boxes, comments, footers)."""

from __future__ import annotations

from pathlib import Path

import pytest

from scraper import extract
from scraper.extractor.body import extract_body
from scraper.extractor.parse import parse_html

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "pages"

PARA_1 = (
    "The river rose three feet overnight, and by morning the old mill road was under water. "
    "Farmers along the valley moved their cattle to higher ground before the bridge closed."
)
PARA_2 = (
    "County engineers said the levee held, but they warned that another storm this weekend "
    "could push the water over the banks near the school and the fire station."
)
PARA_3 = (
    "Residents who need sandbags can collect them at the community hall until Sunday evening, "
    "where volunteers are filling several hundred bags every hour."
)


def page(article: str, *, extra: str = "", title: str = "Flood waters rise in the valley") -> str:
    """A realistic page: header menu, the article, a sidebar, a footer."""
    return f"""<!doctype html><html><head><title>{title} | Valley News</title>
<meta property="og:title" content="{title}"></head><body>
<header class="site-header"><a href="/">Valley News</a>
<nav class="main-menu"><ul><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li>
<li><a href="/weather">Weather</a></li></ul></nav></header>
<div id="page"><main id="content">
<article class="post">
<h1 class="entry-title">{title}</h1>
<div class="entry-content">{article}</div>
</article>{extra}
</main>
<aside class="sidebar"><h3>Popular</h3><ul><li><a href="/a">Council meets on budget</a></li>
<li><a href="/b">School wins trophy</a></li></ul></aside></div>
<footer class="site-footer"><p>Copyright 2024 Valley News. All rights reserved.</p></footer>
</body></html>"""


def body_text(html: str) -> str:
    return extract(html, "https://valley.example/flood").text


def test_keeps_paragraphs_one_per_line_in_order() -> None:
    text = body_text(page(f"<p>{PARA_1}</p><p>{PARA_2}</p><p>{PARA_3}</p>"))
    assert text.splitlines() == [PARA_1, PARA_2, PARA_3]


def test_drops_menu_sidebar_footer_and_title() -> None:
    text = body_text(page(f"<p>{PARA_1}</p><p>{PARA_2}</p>"))
    for junk in ("Sport", "Weather", "Popular", "Council meets", "Copyright", "Flood waters"):
        assert junk not in text


def test_keeps_subheadings_but_not_the_title() -> None:
    text = body_text(page(f"<p>{PARA_1}</p><h2>What happens next</h2><p>{PARA_2}</p>"))
    assert text.splitlines() == [PARA_1, "What happens next", PARA_2]


def test_drops_share_buttons_and_related_posts() -> None:
    article = (
        f"<p>{PARA_1}</p><p>{PARA_2}</p>"
        '<div class="sharedaddy sd-sharing"><h3>Share this:</h3><ul>'
        '<li><a href="https://twitter.com/share">Twitter</a></li>'
        '<li><a href="https://facebook.com/share">Facebook</a></li></ul></div>'
        '<div class="jp-relatedposts"><h3>Related</h3><p><a href="/x">Storm damage in 2019 '
        "was the worst in a decade</a></p></div>"
    )
    text = body_text(page(article))
    assert text.splitlines() == [PARA_1, PARA_2]


def test_drops_author_box_and_newsletter_prompt() -> None:
    extra = (
        '<div class="author-bio"><p>Jane Doe covers local news and has worked at the paper '
        "for twelve years.</p></div>"
        '<div class="newsletter-signup"><p>Get the morning briefing in your inbox every day, '
        "free.</p></div>"
    )
    text = body_text(page(f"<p>{PARA_1}</p><p>{PARA_2}</p>", extra=extra))
    assert "Jane Doe" not in text
    assert "briefing" not in text
    assert PARA_2 in text


def test_comments_are_kept_out_of_body_and_returned_on_request() -> None:
    extra = (
        '<section id="comments" class="comments-area"><h2>2 comments</h2>'
        '<ol class="comment-list"><li class="comment"><div class="comment-content">'
        "<p>We lost two fences on our farm but the house is dry, thanks to the volunteers "
        "who came out at midnight with the sandbags.</p></div></li></ol></section>"
    )
    html = page(f"<p>{PARA_1}</p><p>{PARA_2}</p>", extra=extra)
    article = extract(html, None, include_comments=True)
    assert "fences" not in article.text
    assert article.comments is not None and "fences on our farm" in article.comments
    assert extract(html, None).comments is None


def test_lists_render_one_item_per_line() -> None:
    items = "".join(
        f"<li>Item number {n} explains one way to prepare your home for a flood.</li>"
        for n in range(1, 4)
    )
    text = body_text(page(f"<p>{PARA_1}</p><ul>{items}</ul><p>{PARA_2}</p>"))
    assert "Item number 2 explains one way to prepare your home for a flood." in text.splitlines()


def test_br_separates_lines_and_inline_tags_join_words() -> None:
    html = page(f"<p>{PARA_1}</p><p>First line of the <b>poem</b><br>Second line here</p>")
    lines = body_text(html).splitlines()
    assert "First line of the poem" in lines
    assert "Second line here" in lines


def test_table_rows_render_as_lines() -> None:
    table = (
        "<table><tr><th>Town</th><th>Rain (mm)</th></tr>"
        "<tr><td>Millbrook</td><td>84</td></tr><tr><td>Ashford</td><td>61</td></tr></table>"
    )
    text = body_text(page(f"<p>{PARA_1}</p>{table}<p>{PARA_2}</p>"))
    assert "Millbrook 84" in text.splitlines()


def test_code_blocks_keep_their_line_breaks() -> None:
    code = "<pre><code>def rise(level):\n    return level + 3\n</code></pre>"
    text = body_text(page(f"<p>{PARA_1}</p>{code}<p>{PARA_2}</p>"))
    assert "def rise(level):\n    return level + 3" in text


def test_markdown_keeps_structure() -> None:
    article = (
        f"<p>{PARA_1}</p><h2>Checklist</h2><ul><li>Move the car to high ground</li>"
        "<li>Charge your phone</li></ul><ol><li>Call the hotline</li></ol>"
        "<blockquote><p>We have never seen it this high, said the mayor.</p></blockquote>"
        "<table><tr><th>Town</th><th>Rain</th></tr><tr><td>Ashford</td><td>61</td></tr></table>"
        "<pre><code>x = 1</code></pre>"
        f"<p>{PARA_2}</p>"
    )
    article_md = extract(page(article), None, markdown=True).markdown
    assert article_md is not None
    assert "## Checklist" in article_md
    assert "- Move the car to high ground\n- Charge your phone" in article_md
    assert "1. Call the hotline" in article_md
    assert "> We have never seen it this high, said the mayor." in article_md
    assert "| Town | Rain |" in article_md and "| Ashford | 61 |" in article_md
    assert "```\nx = 1\n```" in article_md
    assert extract(page(article), None).markdown is None


def test_hidden_elements_are_dropped() -> None:
    article = (
        f'<p>{PARA_1}</p><div style="display:none"><p>Secret tracking text that no reader '
        "ever sees on the page at all.</p></div><p hidden>Also hidden text here.</p>"
        f"<p>{PARA_2}</p>"
    )
    text = body_text(page(article))
    assert "Secret" not in text and "Also hidden" not in text


def test_page_without_semantic_markup_uses_text_density() -> None:
    html = f"""<html><body><div class="top"><a href="/">Home</a> | <a href="/about">About</a></div>
    <table><tr><td class="left"><a href="/1">Link one</a><br><a href="/2">Link two</a></td>
    <td class="main"><font>{PARA_1}<br><br>{PARA_2}<br><br>{PARA_3}</font></td></tr></table>
    <div class="bottom"><a href="/contact">Contact us</a></div></body></html>"""
    text = body_text(html)
    assert PARA_1 in text and PARA_3 in text
    assert "Link one" not in text and "Contact us" not in text


def test_article_split_into_chunks_between_ads_is_joined() -> None:
    chunks = "".join(
        f'<div class="article-body-chunk"><p>{p}</p><p>{p}</p></div>'
        '<div class="ad-slot"><a href="/ad">Advertisement</a></div>'
        for p in (PARA_1, PARA_2, PARA_3)
    )
    html = f"<html><body><div class='wrap'><div class='col'>{chunks}</div></div></body></html>"
    text = body_text(html)
    assert PARA_1 in text and PARA_2 in text and PARA_3 in text
    assert "Advertisement" not in text


def test_body_fields_for_classifier() -> None:
    root = parse_html(page(f"<p>{PARA_1}</p><p>{PARA_2}</p><p>{PARA_3}</p>"))
    assert root is not None
    body = extract_body(root, None)
    assert body.paragraph_count == 3
    assert 0.0 <= body.link_density < 0.1


def test_empty_and_textless_pages_give_empty_text() -> None:
    assert extract("", None).text == ""
    assert extract("<html><body><nav><a href='/'>Home</a></nav></body></html>", None).text == ""


@pytest.mark.parametrize("name", ["wordpress_seed", "news_article"])
def test_fixture_pages_match_expected_text(name: str) -> None:
    html_path = FIXTURES / f"{name}.html"
    expected_path = FIXTURES / f"{name}.expected.txt"
    if not html_path.exists() or not expected_path.exists():
        pytest.skip(f"fixture {name} not present")
    text = extract(html_path.read_text(encoding="utf-8"), "https://example.com/").text
    assert text.split() == expected_path.read_text(encoding="utf-8").split()


def test_reply_form_alone_is_not_a_comment() -> None:
    extra = (
        '<div id="respond" class="comment-respond">'
        '<h3 id="reply-title" class="comment-reply-title">Leave a Reply</h3>'
        '<p class="must-log-in">You must be <a href="/login">logged in</a> '
        "to post a comment.</p></div>"
    )
    html = page(f"<p>{PARA_1}</p><p>{PARA_2}</p>", extra=extra)
    article = extract(html, None, include_comments=True)
    assert article.comments is None
    assert "Leave a Reply" not in article.text


def test_spelled_out_key_tests_match_the_vocabulary_keys() -> None:
    """prune's hot-path key tests are ``_has_any`` over vocab's key tuples, written out."""
    from scraper.extractor import prune, vocab

    samples = [*vocab.COMMENTS_KEYS, *vocab.STRONG_CONTENT_KEYS, "post-list", "x-body-y", ""]
    for words in samples:
        assert prune._has_comments_key(words) == prune._has_any(words, vocab.COMMENTS_KEYS)
        assert prune._has_strong_key(words) == prune._has_any(words, vocab.STRONG_CONTENT_KEYS)
