"""A lab's blog whose every page declares the lab's name as its author (``<meta name="author"
content="Seaglass">``), printed nowhere as a byline, while each post prints its own writers
("By Jane Doe and Omar Diallo | May 3, 2021") beside the date. The page ranker puts the
declared name first on every post, and the lab's name also opens a short paragraph here and
there. Learning the byline place, a writer given to every post alike gives way to each
candidate the post prints, so the byline line is learned and read."""

from __future__ import annotations

from scraper.extractor import parse_html
from scraper.models import Article
from scraper.sitemodel import SiteModels
from scraper.sitemodel.blocks import page_blocks
from scraper.sitemodel.model import Sample, learn_hinted_byline, learn_template

LAB = "Seaglass"
WRITERS = [  # most posts have several writers (a line of one name beside its date is a byline)
    ("Jane Doe", "Omar Diallo"),
    ("Priya Natarajan",),
    ("Omar Diallo", "Lena Fischer", "Jane Doe"),
    ("Lena Fischer", "Priya Natarajan"),
    ("Jane Doe",),
]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August"]


def _byline(writers: tuple[str, ...]) -> str:
    return ", ".join(writers[:-1]) + " and " + writers[-1] if len(writers) > 1 else writers[0]


def _mention(n: int) -> str:
    """The lab's name in a short paragraph, a list item or a quote on three quarters of the
    posts, nowhere on the rest: no place of its own on most posts."""
    if n % 4 == 0:
        return f"<p>{LAB} ran cohort {n} this season.</p>"
    if n % 4 == 1:
        return f"<ul><li>The cohort's page: {LAB.lower()}.example/cohort-{n}</li></ul>"
    if n % 4 == 2:
        return f"<blockquote>Thanks to {LAB} for cohort {n}!</blockquote>"
    return ""


def _post(n: int) -> str:
    writers = WRITERS[n % len(WRITERS)]
    day = f"{MONTHS[n % len(MONTHS)]} {n + 1}, 2021"
    title = f"Cohort notes {n}"
    prose = "".join(
        f"<p>Paragraph {i} of post {n}: how the cohort kept its data tidy and its code shared "
        f"across the teams, week after week, with notes everyone could read.</p>"
        for i in range(8)
    )
    return (
        f'<!DOCTYPE html><html><head><title>{title}</title><meta name="author" content="{LAB}">'
        f'<meta property="og:title" content="{title}"><meta property="og:type" '
        f'content="website"></head><body><div id="all"><header class="navbar"><a href="/">'
        f'<img src="/logo.png" alt="{LAB} logo"></a><ul><li><a href="/blog/">Blog</a></li>'
        f'<li><a href="/about/">About</a></li></ul></header><div id="heading-breadcrumbs">'
        f'<div class="container"><div class="row"><div class="col-md-12"><h1>{title}</h1>'
        f'</div></div></div></div><div id="content"><div class="container"><div class="row">'
        f'<div class="col-md-9" id="blog-post"><p class="text-muted text-uppercase mb-small '
        f'text-right">By <a href="#">{_byline(writers)}</a> | {day}</p><div id="post-content">'
        f"<h2>{title}</h2>{_mention(n)}{prose}</div></div></div>"
        f"</div></div><footer><p>{LAB} is licensed under CC BY 4.0.</p></footer></div></body>"
        "</html>"
    )


def _url(n: int) -> str:
    return f"http://lab/blog/2021/{n % 12 + 1:02d}/{n + 1:02d}/cohort-notes-{n}/"


def test_the_posts_own_writers_are_read_from_the_byline_line() -> None:
    pages = [(_url(n), _post(n)) for n in range(20)]
    models = SiteModels(None)
    decided = models.learn("lab", pages)
    model = models.models["lab"]
    assert model.byline_place and model.byline_place.endswith("p.mb-small.text-muted")
    for n in range(20):
        assert decided[_url(n)].authors == WRITERS[n % len(WRITERS)], n


def test_a_constant_writer_first_among_the_hints_gives_way() -> None:
    # the ranker's hints: the declared lab first, then the post's printed writers
    samples = []
    for n in range(20):
        blocks = page_blocks(parse_html(_post(n)))
        article = Article(
            url=_url(n), page_kind="article", title=f"Cohort notes {n}", authors=(LAB,)
        )
        hints = ((LAB,), WRITERS[n % len(WRITERS)])
        samples.append(Sample(_url(n), blocks, f"Cohort notes {n}", article, hints))
    model = learn_template("lab", [(s.blocks, s.title) for s in samples])
    hinted = learn_hinted_byline(model, samples)
    assert hinted.byline_place and hinted.byline_place.endswith("p.mb-small.text-muted")


def test_a_writer_given_to_every_post_and_printed_as_their_byline_still_places_it() -> None:
    # one writer for the whole blog, printed in each byline: no other candidate, so it votes
    samples = []
    for n in range(20):
        html = _post(n).replace(_byline(WRITERS[n % len(WRITERS)]), "Jane Doe")
        blocks = page_blocks(parse_html(html))
        article = Article(
            url=_url(n), page_kind="article", title=f"Cohort notes {n}", authors=("Jane Doe",)
        )
        samples.append(Sample(_url(n), blocks, f"Cohort notes {n}", article, (("Jane Doe",),)))
    model = learn_template("lab", [(s.blocks, s.title) for s in samples])
    hinted = learn_hinted_byline(model, samples)
    assert hinted.byline_place and hinted.byline_place.endswith("p.mb-small.text-muted")
