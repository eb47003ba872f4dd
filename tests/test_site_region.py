"""The site model weighs the body's path choice against where the site's posts keep their text.

A short post (a talk: a line and a link) is where the extractor's learned path chooser may
return the block model's lines alone, and with them a row of tag links the page shows above
the post. The site model knows the element holding its posts' paragraphs: a line the chooser's
path adds from outside it is dropped; a line ``choose``'s lines keep stays, and a page without
that element is left as the extractor gave it.
"""

from __future__ import annotations

import dataclasses

from scraper.extractor import extract, extract_tree, parse_html, parse_tree
from scraper.models import Article
from scraper.sitemodel import SiteModels
from scraper.sitemodel.blocks import page_blocks
from scraper.sitemodel.models import weigh_paths
from scraper.sitemodel.refine import prepare
from scraper.sitemodel.region import region_texts, respect_region

TAGS = ("gardening", "compost", "soil", "seeds", "roses")


def _post(number: int, body: str | None = None) -> str:
    sentences = " ".join(
        f"Sentence {i} of post {number} explains one more point about gardens and soil."
        for i in range(6)
    )
    paragraphs = body or "".join(f"<p>{sentences} Paragraph {k}.</p>" for k in range(5))
    tags = " ".join(
        f'<a href="/tags/{tag}/">{tag}</a>' for tag in (TAGS[number % 5], TAGS[(number + 2) % 5])
    )
    return (
        f"<html><head><title>Post {number} about gardens | Garden</title></head><body>"
        '<nav><a href="/">Home</a> <a href="/about/">About</a></nav>'
        f'<article><h1>Post {number} about gardens</h1><p class="date">2024-01-{number + 1:02d}'
        f'</p><p class="tags">{tags}</p><div class="body">{paragraphs}</div></article>'
        "<footer>Copyright Garden</footer></body></html>"
    )


TALK = _post(
    21,
    '<p>Presented at <a href="https://conf.example/">Garden Summit 2019</a></p><p>Slides</p>',
)
TALK_URL = "http://h/talks/t/"


def _learned() -> SiteModels:
    models = SiteModels(None)
    models.learn("h", [(f"http://h/posts/p{n}/", _post(n)) for n in range(20)])
    assert models.models["h"].content_region == "body/article/div.body/"
    return models


def test_a_line_only_the_chooser_keeps_from_outside_the_region_is_dropped() -> None:
    model = _learned().models["h"]
    region = region_texts(page_blocks(parse_html(TALK)), model, set())
    assert region is not None
    assert region.holds_outside_only("compost seeds")  # the tag row, beside the post body
    assert not region.holds_outside_only("Slides")  # in the post body
    chosen = Article(
        text="compost seeds\nPresented at Garden Summit 2019\nSlides",
        markdown="[compost](/tags/compost/) [seeds](/tags/seeds/)\n\nPresented at "
        "[Garden Summit 2019](https://conf.example/)\n\nSlides",
    )
    rules = Article(text="Presented at Garden Summit 2019")
    weighed = respect_region(chosen, rules, region)
    assert weighed.text == "Presented at Garden Summit 2019\nSlides"  # the region's lines stay
    assert weighed.markdown is not None and "seeds" not in weighed.markdown
    assert "[Garden Summit 2019](https://conf.example/)" in weighed.markdown
    # a line choose's own lines keep is never dropped: never less than the rules alone
    both = dataclasses.replace(rules, text="compost seeds\nPresented at Garden Summit 2019")
    assert respect_region(chosen, both, region) == chosen


def test_a_page_without_the_posts_region_is_left_as_extracted() -> None:
    model = _learned().models["h"]
    about = (
        "<html><head><title>About | Garden</title></head><body>"
        '<nav><a href="/">Home</a> <a href="/about/">About</a></nav>'
        '<div class="page"><h1>About</h1><p>I write about gardens.</p>'
        '<p><a href="/tags/soil/">soil</a> <a href="/tags/roses/">roses</a></p></div>'
        "<footer>Copyright Garden</footer></body></html>"
    )
    assert region_texts(page_blocks(parse_html(about)), model, set()) is None
    assert _learned().extract(about, "http://h/about/").text == extract(
        about, "http://h/about/"
    ).text.replace("\nCopyright Garden", "")


def test_weighing_reads_the_page_again_and_drops_only_what_chooses_lines_lack() -> None:
    models = _learned()
    model = models.models["h"]
    root = parse_tree(TALK)
    facts = prepare(root, TALK_URL, model)
    assert facts.region is not None
    extracted = extract_tree(root, TALK_URL)
    assert "compost seeds" not in extracted.text.split("\n")  # kept alone by neither path
    # as the chooser's path would come out had it kept the tag row
    chosen = dataclasses.replace(extracted, text=f"compost seeds\n{extracted.text}")
    weighed = weigh_paths(chosen, TALK, facts, model)
    assert weighed.text == extracted.text
    assert "Garden Summit 2019" in weighed.text
    # nothing outside the region: the article is returned as it is, the page not read again
    assert weigh_paths(extracted, TALK, facts, model) is extracted


def test_the_path_choice_switch_leaves_pages_the_chooser_does_not_touch_alone() -> None:
    post = _post(3)
    url = "http://h/posts/p3/"
    assert extract_tree(parse_tree(post), url, path_choice=False) == extract(post, url)
    # and the site model's article of a post is the extractor's (template aside)
    assert _learned().extract(post, url).text == extract(post, url).text
