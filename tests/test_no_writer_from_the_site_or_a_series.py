"""Names that are no writers, from a blog whose pages name none (Thunderseethe's Devlog, a
hugo-coder site): the theme fills ``<meta name="author">`` with the site's title, "THUNDERSEETHE'S
DEVLOG", a possessive and what is owned, so a publication's name, not a person's (a site named
after its writer, "Jo Roe", still is one); and each post of a series opens with a box titled
"Making a Language Series", a line the extractor keeps as the post's own text, which the site
model must not learn as the place of the posts' bylines."""

from __future__ import annotations

from scraper import extract
from scraper.extractor import parse_html
from scraper.models import Article
from scraper.sitemodel.blocks import page_blocks
from scraper.sitemodel.model import Sample, SiteModel, learn_hinted_byline

PROSE = "".join(
    f"<p>Paragraph {i}: the compiler lowers the typed tree, closes over its variables and "
    "emits the module, one pass after another.</p>"
    for i in range(8)
)


def _page(site: str, author: str) -> str:
    return (
        f"<!DOCTYPE html><html><head><title>Lowering rows | {site}</title>"
        f'<meta name="author" content="{author}">'
        f'<meta property="og:site_name" content="{site}">'
        '<meta property="og:type" content="article">'
        '<meta property="article:published_time" content="2024-03-09T00:00:00+00:00">'
        f"</head><body><main><article><h1>Lowering rows</h1>{PROSE}</article></main>"
        "</body></html>"
    )


def test_the_sites_possessive_name_in_the_author_tag_is_no_writer() -> None:
    page = _page("Thunderseethe's Devlog", "THUNDERSEETHE&#39;S DEVLOG")
    assert extract(page, "https://h/posts/lowering-rows/").authors == ()


def test_a_site_named_after_its_writer_keeps_the_writer() -> None:
    assert extract(_page("Jo Roe", "Jo Roe"), "https://h/posts/lowering-rows/").authors == (
        "Jo Roe",
    )


def _series_post(n: int) -> str:
    return (
        f"<html><body><main><article><h1>Post {n} of the series</h1>"
        '<div class="post-content"><details class="accessory"><summary><div class="title">'
        "Making a Language Series</div></summary><p>This post is part of the series.</p>"
        f"</details>{PROSE}</div></article></main></body></html>"
    )


def _sample(n: int, kept: bool) -> Sample:
    blocks = page_blocks(parse_html(_series_post(n)))
    text = ("Making a Language Series\n" if kept else "") + "Paragraph 0: the compiler."
    article = Article(url=f"https://h/posts/p{n}/", title=f"Post {n}", text=text)
    return Sample(article.url or "", blocks, None, article, hints=(("Making a Language",),))


def test_a_series_box_the_post_keeps_as_its_text_is_no_byline_place() -> None:
    kept = [_sample(n, kept=True) for n in range(8)]
    assert learn_hinted_byline(SiteModel(host="h"), kept).byline_place is None
    apart = [_sample(n, kept=False) for n in range(8)]  # (the same line outside the text)
    assert learn_hinted_byline(SiteModel(host="h"), apart).byline_place is not None


def _dated_byline_post(n: int) -> str:
    return (
        f"<html><body><main><article><h1>Post {n}</h1>"
        f'<div class="post-content"><h3 class="meta">Raph Levien, January {n + 1}, 2024</h3>'
        f"{PROSE}</div></article></main></body></html>"
    )


def test_a_byline_line_the_post_keeps_as_its_text_is_still_learned() -> None:
    """A writer's line that changes with its date ("Raph Levien, January 3, 2024") is a byline
    even where the extractor keeps it in the post's text."""
    samples = []
    for n in range(8):
        line = f"Raph Levien, January {n + 1}, 2024"
        article = Article(url=f"https://h/p{n}/", title=f"Post {n}", text=line + "\nParagraph.")
        blocks = page_blocks(parse_html(_dated_byline_post(n)))
        samples.append(Sample(article.url or "", blocks, None, article, hints=(("Raph Levien",),)))
    assert learn_hinted_byline(SiteModel(host="h"), samples).byline_place is not None
