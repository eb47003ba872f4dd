"""Lines the extractor drops where a site's posts keep their paragraphs are put back.

The site model knows its content places (where the extractor keeps the posts' paragraphs on
nearly every post). A paragraph there that holds a link but is mostly plain words ("Presented
at the <a>Garden Summit</a> in Oslo") is the post's own when the extractor dropped it; when the
text already holds it in another form (a footnote mark, a link set off by spaces in Chinese
text) it is not added twice.
"""

from __future__ import annotations

from scraper.extractor import parse_html
from scraper.models import Article
from scraper.sitemodel import SiteModels
from scraper.sitemodel.model import SiteModel
from scraper.sitemodel.refine import prepare, refine


def _post(number: int, body: str | None = None) -> str:
    sentences = " ".join(
        f"Sentence {i} of post {number} explains one more point about gardens and soil."
        for i in range(6)
    )
    paragraphs = body or "".join(f"<p>{sentences} Paragraph {k}.</p>" for k in range(5))
    return (
        f"<html><head><title>Post {number} about gardens | Garden</title></head><body>"
        '<nav><a href="/">Home</a> <a href="/about/">About</a></nav>'
        f'<article><h1>Post {number} about gardens</h1><p class="date">2024-01-{number + 1:02d}'
        f'</p><div class="body">{paragraphs}</div></article>'
        "<footer>Copyright Garden</footer></body></html>"
    )


def _model() -> SiteModel:
    models = SiteModels(None)
    models.learn("h", [(f"http://h/posts/p{n}/", _post(n)) for n in range(20)])
    model = models.models["h"]
    assert model.content_places == {"body/article/div.body/p"}
    return model


def _refined(body: str, text: str, markdown: str | None = None) -> Article:
    model = _model()
    url = "http://h/talks/t/"
    facts = prepare(parse_html(_post(21, body)), url, model)
    dropped = Article(
        url=url,
        title="Post 21 about gardens",
        date_published="2024-01-22",
        text=text,
        markdown=markdown,
    )
    return refine(dropped, facts, model)


def test_a_paragraph_with_a_link_the_extractor_dropped_is_put_back_in_place() -> None:
    body = (
        '<p>Presented at the <a href="https://conf.example/">Garden Summit</a> in Oslo, 2019</p>'
        "<p>Slides</p>"
    )
    refined = _refined(body, "Slides", "Slides")
    assert refined.text == "Presented at the Garden Summit in Oslo, 2019\nSlides"
    assert refined.markdown is not None and refined.markdown.startswith("Presented at the")


def test_a_paragraph_kept_in_another_form_is_not_added_twice() -> None:
    footnoted = (
        '<p>Soil holds water when compost feeds it <a href="#fn1">1</a> every spring</p>'
        "<p>Slides</p>"
    )
    kept = "Soil holds water when compost feeds it every spring\nSlides"
    assert _refined(footnoted, kept).text == kept
    chinese = '<p>如果你想了解更多该模式的信息，<a href="https://x.example/">这篇文章</a>对它进行了详细的解释。</p>'
    kept_zh = "如果你想了解更多该模式的信息，这篇文章对它进行了详细的解释。"
    assert _refined(chinese + "<p>Slides</p>", f"{kept_zh}\nSlides").text == f"{kept_zh}\nSlides"


def test_a_paragraph_without_a_link_is_never_put_back() -> None:
    body = "<p>A plain line the extractor left out</p><p>Slides</p>"
    assert _refined(body, "Slides").text == "Slides"
