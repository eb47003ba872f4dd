"""A post whose header sits one wrapper deeper than the site's other posts is still a post.

Protesilaos' site sets most posts' header as ``article.post/div.post-header`` and some (the
Greek writings, the selfies) as ``article.post/div.post-inner/div.post-header``. The site model
learns its headline and date places from the majority; on a post of the second layout no block
stood at either place, so the page read as built unlike the posts (no headline where they show
theirs) and was judged no article. The places are now looked for one wrapper off as well, only
where nothing stands at the place itself.
"""

from __future__ import annotations

from scraper.extractor import parse_html
from scraper.sitemodel import SiteModels
from scraper.sitemodel.refine import _one_step_apart, prepare

WORDS = "Every line of this post says a little more about the garden and its soil."


def _post(n: int, *, wrapped: bool = False) -> str:
    header = (
        f'<div class="post-header"><h1>Post number {n} about gardens</h1>'
        f'<div class="post-header-meta"><time datetime="2024-03-{n + 1:02d}">'
        f"2024-03-{n + 1:02d}</time></div></div>"
    )
    body = "".join(f"<p>{WORDS} Paragraph {k} of post {n}.</p>" for k in range(3 if n % 3 else 1))
    inner = f'{header}<div class="post-body">{body}</div>'
    if wrapped:
        inner = f'<div class="post-inner">{inner}</div>'
    return (
        f"<html><head><title>Post number {n} about gardens | Garden</title></head><body>"
        '<nav><a href="/">Home</a> <a href="/about/">About</a></nav>'
        f'<main><article class="post">{inner}</article></main>'
        "<footer>Copyright Garden</footer></body></html>"
    )


def _models() -> SiteModels:
    models = SiteModels(None)
    pages = [(f"http://h/notes/2024-03-{n + 1:02d}-p{n}/", _post(n)) for n in range(24)]
    models.learn("h", pages)
    model = models.models["h"]
    assert model.title_place == "body/main/article.post/div.post-header/h1"
    return models


def test_a_post_one_wrapper_deeper_keeps_its_headline_and_kind() -> None:
    models = _models()
    url = "http://h/greek/2024-03-28-p27/"  # a section the sample never saw
    article = models.extract(_post(27, wrapped=True), url)
    assert article.page_kind == "article"
    assert article.title == "Post number 27 about gardens"


def test_one_step_apart_is_one_wrapper_not_another_element() -> None:
    place = ["body", "main", "article.post", "div.post-header", "h1"]
    wrapped = ["body", "main", "article.post", "div.post-inner", "div.post-header", "h1"]
    assert _one_step_apart(place, wrapped)
    assert _one_step_apart(wrapped, place)
    deeper_element = ["body", "main", "article.post", "div.post-header", "h1", "span"]
    assert not _one_step_apart(place, deeper_element)
    other = ["body", "main", "aside", "div.card", "h1"]
    assert not _one_step_apart(place, other)


def test_a_date_one_wrapper_off_counts_only_with_its_headline() -> None:
    """A month's archive of one post (QEMU's ``blog/2018/01/``) shows its own headline at the
    headline's place and the post's card, date and all, inside one more ``<article>``: that
    date is the card's, not the page's, and the page is not dated where the posts are."""
    model = _models().models["h"]
    card = (
        "<html><head><title>Archive for March 2024 | Garden</title></head><body>"
        '<nav><a href="/">Home</a> <a href="/about/">About</a></nav>'
        '<main><article class="post"><div class="post-header"><h1>Archive for March 2024</h1>'
        '</div><div class="card"><div class="post-header"><div class="post-header-meta">'
        '<time datetime="2024-03-05">2024-03-05</time></div></div>'
        f"<p>{WORDS}</p></div></article></main></body></html>"
    )
    facts = prepare(parse_html(card), "http://h/2024/03/", model)
    assert facts.headline == "Archive for March 2024"
    assert facts.date_texts == ()
    wrapped = prepare(parse_html(_post(27, wrapped=True)), "http://h/greek/p27/", model)
    assert wrapped.headline == "Post number 27 about gardens"
    assert wrapped.date_texts == ("2024-03-28",)
