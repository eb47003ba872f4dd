"""Lines beside the post body that a site's posts never keep are no body, even on a bare post.

A theme that shows each post's summary under its headline: the extractor leaves the summary
out of every post's text, but on a post whose body is only a video it keeps the summary for
want of anything else. The site model has learned that place (``aside_places``: a text of its
own on most posts, (nearly) never kept) and leaves it out there too: the post is exported as
an article with its title and date and an empty body. A summary that repeats the body's first
paragraph stays.
"""

from __future__ import annotations

from pathlib import Path

from scraper import crawl
from scraper.extractor import extract
from scraper.site_server import SiteServer
from scraper.sitemodel import SiteModels

VIDEO = '<div><iframe src="https://video.example/embed/1"></iframe></div>'


def _post(number: int, body: str | None = None, summary: str | None = None) -> str:
    sentences = " ".join(
        f"Sentence {i} of post {number} explains one more point about gardens and soil."
        for i in range(6)
    )
    paragraphs = "".join(f"<p>{sentences} Paragraph {k}.</p>" for k in range(5))
    summary = summary or f"How post {number} waters the roses in a dry summer"
    return (
        f"<html><head><title>Post {number} about gardens | Garden</title></head><body>"
        '<nav><a href="/">Home</a> <a href="/about/">About</a></nav>'
        f'<article><header><h1>Post {number} about gardens</h1><p class="summary">{summary}</p>'
        f'<p class="date">2024-01-{number + 1:02d}</p></header>'
        f'<section class="body">{paragraphs if body is None else body}</section></article>'
        "<footer>Copyright Garden</footer></body></html>"
    )


def _pages() -> list[tuple[str, str]]:
    return [(f"http://h/posts/p{n}/", _post(n)) for n in range(20)]


def test_the_summary_of_a_post_whose_body_is_a_video_is_no_body() -> None:
    url, html = "http://h/posts/video/", _post(21, VIDEO)
    models = SiteModels(None)
    models.learn("h", [*_pages(), (url, html)])
    assert "body/article/header/p.summary" in models.models["h"].aside_places
    alone = extract(html, url)
    assert "How post 21 waters the roses" in alone.text  # the yardstick: kept alone
    article = models.extract(html, url)
    assert (article.page_kind, article.text) == ("article", "")
    assert (article.title, article.date_published) == ("Post 21 about gardens", "2024-01-22")
    post_url, post = _pages()[0]
    assert models.extract(post, post_url).text == extract(post, post_url).text


def test_a_summary_the_body_repeats_stays() -> None:
    first = "Roses need water at dawn, before the sun reaches the bed."
    body = f"<p>{first}</p><p>A short note, then the video.</p>{VIDEO}"
    url, html = "http://h/posts/note/", _post(22, body, summary=first)
    models = SiteModels(None)
    models.learn("h", [*_pages(), (url, html)])
    assert first in models.extract(html, url).text.split("\n")


def test_a_crawl_exports_the_video_post_with_an_empty_body(tmp_path: Path) -> None:
    site = tmp_path / "site"
    links = "".join(
        f'<li><a href="/posts/p{n}/">Post {n} about gardens</a></li>' for n in range(20)
    )
    pages = {f"posts/p{n}/index.html": _post(n) for n in range(20)}
    pages["posts/video/index.html"] = _post(21, VIDEO)
    pages["index.html"] = (
        "<html><head><title>Garden</title></head><body><h1>Garden</h1><ul>"
        f'{links}<li><a href="/posts/video/">Post 21 about gardens</a></li></ul></body></html>'
    )
    for path, html in pages.items():
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        (site / path).write_text(html, encoding="utf-8")
    with SiteServer(site) as server:
        items = list(crawl(server.url + "/", output_dir=tmp_path / "out", delay=0))
    exported = {item.article.url.split("/", 3)[3]: item.article for item in items}
    assert len(exported) == 21
    video = exported["posts/video/"]
    assert (video.text, video.title, video.date_published) == (
        "",
        "Post 21 about gardens",
        "2024-01-22",
    )
