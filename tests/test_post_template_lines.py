"""A post layout's own line is never a post's text to put back (round fifty-six: jekyll-leaflet
opens each post with "← Back to the list of blog posts", a paragraph of one link beside the
post's paragraphs). The site's documentation pages make up most of the sample, so the line is
no template of the whole sample, and the site model put it back into every post as a dropped
line of links (body F1 0.974 alone, 0.953 with the model). Lines on most of the sample's dated
posts are the posts' own template (``SiteModel.post_template``)."""

from __future__ import annotations

from scraper.extractor import parse_html
from scraper.models import Article
from scraper.sitemodel.blocks import page_blocks
from scraper.sitemodel.model import Sample, SiteModel, learn_content_places
from scraper.sitemodel.refine import Restore, _may_restore

BACK = "← Back to the list of blog posts"


def _post(n: int) -> str:
    paragraphs = "".join(
        f"<p>Release {n}, note {i}: this version fixes the tile layer's redraw after zoom {n}"
        f" and the popup's position on map {i}.</p>"
        for i in range(5)
    )
    return (
        f'<html><body><main><div class="container"><p><a href="/blog.html">{BACK}</a></p>'
        f"<h2>Leaflet 1.{n} released</h2>{paragraphs}</div></main></body></html>"
    )


def _doc(n: int) -> str:
    paragraphs = "".join(
        f"<p>Guide {n}, part {i}: markers {i} and layers {n}.</p>" for i in range(5)
    )
    return f'<html><body><main><div class="container">{paragraphs}</div></main></body></html>'


def _sample(html: str, url: str, day: str | None) -> Sample:
    blocks = page_blocks(parse_html(html))
    text = "\n".join(b.text for b in blocks if not b.links)  # what the extractor keeps
    article = Article(url=url, page_kind="article", text=text, date_published=day)
    return Sample(url, blocks, None, article)


def _samples(posts: int) -> list[Sample]:
    dated = [
        _sample(_post(n), f"https://h/2019/05/{n}.html", f"2019-05-{n:02d}")
        for n in range(1, posts + 1)
    ]
    docs = [_sample(_doc(n), f"https://h/examples/{n}/", None) for n in range(25)]
    return dated + docs


def test_a_line_on_most_dated_posts_is_their_template_and_never_put_back() -> None:
    model = learn_content_places(SiteModel(host="h"), _samples(6))
    back = next(b for b in page_blocks(parse_html(_post(9))) if b.text == BACK)
    assert back.fingerprint in model.post_template
    assert _may_restore(back, model) is Restore.NO


def test_too_few_dated_posts_teach_no_post_template() -> None:
    assert learn_content_places(SiteModel(host="h"), _samples(3)).post_template == frozenset()


def test_the_post_template_is_kept_with_the_model() -> None:
    model = learn_content_places(SiteModel(host="h"), _samples(6))
    assert SiteModel.from_json(model.to_json()).post_template == model.post_template
