"""The site's post body holds most of the words its posts keep, not just a list's item.

AsciiDoc (JBake, Antora, Asciidoctor) sets each list in a ``div.ulist`` and each paragraph in
a ``div.paragraph`` beside it. On a project's release notes the extractor keeps every list item
but not every paragraph (a line each release repeats), so the place kept most often was the
list item's, and the post body learned was that ``li``: the page's paragraphs, outside it, were
then dropped from the posts (where the path chooser's lines are weighed against the body). The
body is now widened to the nearest element holding ``REGION_WORD_SHARE`` of the words kept on
the sample's posts (``body_region``); the restore of link lines keeps the narrower region.
"""

from __future__ import annotations

from scraper.extractor import parse_html
from scraper.models import Article
from scraper.sitemodel.blocks import page_blocks
from scraper.sitemodel.model import Sample, SiteModel, learn_content_places
from scraper.sitemodel.region import post_body


def _paragraph(number: int, k: int) -> str:
    words = " ".join(f"word{k}x{i}" for i in range(50))
    return f'<div class="paragraph"><p>Release {number} paragraph {k}: {words}.</p></div>'


def _page(number: int, paragraphs: int, items: int) -> str:
    fixes = "".join(
        f"<li><p>Fix {number}-{i} in the session manager</p></li>" for i in range(items)
    )
    texts = [_paragraph(number, k) for k in range(paragraphs)]
    return (
        "<html><body><div>"
        f'<div class="page-header"><h1>{number}.0 available</h1></div>'
        f"<div>{''.join(texts[:2])}"
        f'<div class="ulist"><ul>{fixes}</ul></div>{"".join(texts[2:])}</div>'
        "</div></body></html>"
    )


def _sample(number: int, keep_paragraphs: int, paragraphs: int = 3, items: int = 4) -> Sample:
    """A post whose extracted text keeps every list item and ``keep_paragraphs`` of its
    paragraphs (the last ones dropped, as a repeated closing line may be)."""
    html = _page(number, paragraphs, items)
    blocks = page_blocks(parse_html(html), placed=True)
    texts = [b.text for b in blocks if b.text.startswith("Fix")]
    texts += [b.text for b in blocks if b.text.startswith("Release")][:keep_paragraphs]
    article = Article(text="\n".join(texts), page_kind="article")
    return Sample(url=f"http://h/blog/{number}.html", blocks=blocks, title=None, article=article)


def test_the_body_is_widened_from_a_list_item_to_what_holds_the_paragraphs() -> None:
    # the paragraph place kept 2 times in 3 (below the content share), the list items always
    samples = [_sample(n, keep_paragraphs=2) for n in range(30)]
    model = learn_content_places(SiteModel(host="h", pages=30), samples)
    assert any(place.endswith("ul/li/p") for place in model.content_places)
    assert not any("div.paragraph" in place for place in model.content_places)
    assert model.content_region == "body/div/div/div.ulist/ul/li/"  # (the restore keeps it)
    assert model.body_region == "body/div/div/"  # holds the lists and the paragraphs
    assert post_body(model) == "body/div/div/"
    assert SiteModel.from_json(model.to_json()).body_region == "body/div/div/"


def test_a_body_holding_most_words_is_kept_as_learned() -> None:
    # every paragraph kept, five to a post beside a short list: the paragraphs' place has the
    # most kept blocks, and more than REGION_WORD_SHARE of the words
    samples = [_sample(n, keep_paragraphs=5, paragraphs=5, items=2) for n in range(30)]
    model = learn_content_places(SiteModel(host="h", pages=30), samples)
    assert model.content_region == "body/div/div/div.paragraph/"
    assert model.body_region is None
    assert post_body(model) == model.content_region
