"""A working group's blog of weekly newsletters whose headlines name the group ("This Week in
Rust and WebAssembly 12"), a few posts with a writer on their meta line. The ranker's hints
name the group on every newsletter, and the headline prints that name: the headline's place is
never learned as the byline's, so no headline is read as a post's writers."""

from __future__ import annotations

from scraper.extractor import parse_html
from scraper.models import Article
from scraper.sitemodel import SiteModels
from scraper.sitemodel.blocks import page_blocks
from scraper.sitemodel.model import Sample, learn_hinted_byline, learn_places, learn_template

SITE = "Rust and WebAssembly"


def _post(number: int, writer: str | None) -> str:
    headline = f"This Week in {SITE} {number}" if writer is None else f"Gloo update {number}"
    meta = f"Oct {number + 1}, 2018" + (f" • {writer}" if writer else "")
    declared = f'<meta name="author" content="{writer}">' if writer else ""
    prose = "".join(
        f"<p>Item {i} of issue {number}: a crate, a talk and a release of the toolchain.</p>"
        for i in range(10)
    )
    return (
        f"<!DOCTYPE html><html><head><title>{headline} | {SITE}</title>"
        f'<meta property="og:site_name" content="{SITE}"><meta property="og:type" '
        f'content="article"><meta property="og:title" content="{headline}">'
        f'{declared}</head><body><header class="site-header"><a '
        f'href="/">{SITE}</a></header><main class="page-content"><article class="post"><header '
        f'class="post-header"><h1 class="post-title">{headline}</h1><p class="post-meta">{meta}'
        f'</p></header><div class="post-content">{prose}</div></article></main><footer><h2>'
        f'{SITE}</h2><ul><li>{SITE}</li></ul><ul><li><a href="https://github.com/rustwasm">'
        "rustwasm</a></li></ul></footer></body></html>"
    )


def test_a_headline_naming_the_group_is_no_byline() -> None:
    writers = {3: "Alex Crichton", 7: "Nick Fitzgerald", 11: "Nick Fitzgerald"}
    pages = [
        (f"http://h/2018/10/{n + 1:02d}/post-{n}.html", _post(n, writers.get(n))) for n in range(20)
    ]
    models = SiteModels(None)
    decided = models.learn("h", pages)
    model = models.models["h"]
    assert model.byline_place != model.title_place
    for n in range(20):
        authors = decided[f"http://h/2018/10/{n + 1:02d}/post-{n}.html"].authors
        assert not any("This Week" in a or "Gloo" in a for a in authors), (n, authors)
        if n in writers:
            assert authors == (writers[n],)


def test_hints_naming_the_group_in_every_headline_learn_no_byline_there() -> None:
    # the ranker's hints on a newsletter: the group's name, which its headline prints
    samples = []
    for n in range(20):
        url = f"http://h/2018/10/{n + 1:02d}/post-{n}.html"
        blocks = page_blocks(parse_html(_post(n, None)))
        article = Article(url=url, page_kind="article", title=f"This Week in {SITE} {n}")
        samples.append(
            Sample(url, blocks, f"This Week in {SITE} {n} | {SITE}", article, ((SITE,),))
        )
    model = learn_places(learn_template("h", [(s.blocks, s.title) for s in samples]), samples)
    assert model.title_place and model.title_place.endswith("h1.post-title")
    hinted = learn_hinted_byline(model, samples)
    assert hinted.byline_place != model.title_place
