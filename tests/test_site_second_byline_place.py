"""A site with two post layouts that print their writers in two places (CodeRefinery's Zola
templates: a meta line under the headline on most posts, the writers loose in the article after
a subtitle on others). One byline place misses the other layout's writers; the site model also
learns where the posts its first place misses print theirs, when enough of them agree, and reads
a post's byline there when the first place holds none."""

from __future__ import annotations

from scraper.sitemodel import SiteModels
from scraper.sitemodel.model import SiteModel

WRITERS = ("Radovan Bast", "Anne Fouilloux", "Richard Darst", "Thor Wikfeldt", "Juho Lehtonen")


def _writer(n: int) -> str:
    return WRITERS[n % 5]


def _post(n: int) -> str:
    prose = "".join(
        f"<p>Paragraph {i} of post {n}: how the workshop went, what the learners asked and "
        "what the instructors change for the next one.</p>"
        for i in range(8)
    )
    if n % 3 == 0:  # the second layout
        meta = f'<div class="credits"><span class="who">{_writer(n)}</span></div>'
    else:
        meta = f'<p class="uk-article-meta">April {n + 1}, 2024 - {_writer(n)}</p>'
    return (
        f"<!DOCTYPE html><html><head><title>Workshop report {n} - CodeRefinery</title>"
        '<meta name="author" content="CodeRefinery team">'
        f'<meta property="article:published_time" content="2024-04-{n + 1:02d}">'
        '</head><body><div class="uk-container"><div class="markdown">'
        f'<article class="uk-article"><h1 class="uk-article-title">Workshop report {n}</h1>'
        f"{meta}<hr>{prose}</article></div></div></body></html>"
    )


def _url(n: int) -> str:
    return f"http://h/blog/2024/04/{n + 1:02d}/report-{n}/"


def test_the_posts_of_a_second_layout_read_their_writers_at_its_place() -> None:
    pages = [(_url(n), _post(n)) for n in range(24)]
    models = SiteModels(None)
    decided = models.learn("h", pages)
    model = models.models["h"]
    assert model.byline_place is not None and model.byline_place.endswith("p.uk-article-meta")
    assert model.second_byline_place is not None
    assert model.second_byline_place.endswith("div.credits")
    assert SiteModel.from_json(model.to_json()).second_byline_place == model.second_byline_place
    for n in range(24):
        assert decided[_url(n)].authors == (_writer(n),), n
