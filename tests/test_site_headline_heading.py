"""Where a site prints its posts' headline, the title is the heading the reader sees.

MkDocs Material repeats each page's nav title (the front matter's ``title``, also the
``<title>``) in its header bar, and the post's own ``# heading`` may word it otherwise
("Presentation Secrets" in the bar and the ``<title>``, "Data Science Marketing Spotlight:
Confident Presentation Secrets" as the ``<h1>``; "version-060" over "Textual 0.6.0 adds a new
widget"). The bar repeats the ``<title>`` on more pages than the heading does, so it was learned
as the headline's place and its text given as the title. A heading that repeats the ``<title>``
on enough pages is the place, and its text is the title where the ``<title>`` words the post
otherwise; a title that is a part of the heading (a series' name the extractor cut off) stays,
and so does the title of a post that shows several such headings (its writer set the post's
sections as ``#`` headings). A heading's ``<small>`` (a badge, "Mandatory") is no part of the
headline."""

from __future__ import annotations

from scraper.sitemodel import SiteModels

WRITERS = ("Jo Roe", "Bo Chen", "Ann Lee")


def _day(n: int) -> str:
    return f"2025-{n % 12 + 1:02d}-{n % 27 + 1:02d}"


def _url(n: int) -> str:
    year, month, day = _day(n).split("-")
    return f"http://h/articles/{year}/{month}/{day}/post-{n}/"


def _prose(n: int) -> str:
    return "".join(
        f"<p>Paragraph {i} of post {n}: the team met the analysts of the trusts to talk "
        "about the pipelines, the dashboards and the models that they run every week.</p>"
        for i in range(6)
    )


def _page(nav_title: str, heading: str, n: int) -> str:
    return (
        f"<!DOCTYPE html><html><head><title>{nav_title} - Data Science Blog</title></head><body>"
        f'<header class="md-header"><div class="md-header__topic">{nav_title}</div></header>'
        '<nav><a href="/">Home</a> <a href="/articles/">Articles</a> <a href="/about/">About</a>'
        "</nav><main><article>"
        f'<h1 class="title">{heading}</h1>'
        f'<p class="meta"><time>{_day(n)}</time> by {WRITERS[n % 3]}</p>'
        f"{_prose(n)}</article></main><footer><p>Crown copyright</p></footer></body></html>"
    )


def _title(n: int) -> str:
    return f"Notes from the analysts' meeting number {n}"


def _learned() -> SiteModels:
    pages = [(_url(n), _page(_title(n), _title(n), n)) for n in range(30)]
    # a few posts whose heading the writer worded otherwise than the nav title
    pages += [
        (_url(n), _page(f"Short title {n}", f"A heading worded another way {n}", n))
        for n in range(30, 42)
    ]
    models = SiteModels(None)
    models.learn("h", pages)
    return models


def test_the_heading_is_the_headline_place_over_a_bar_repeating_the_title() -> None:
    model = _learned().models["h"]
    assert model.title_place is not None
    assert model.title_place.endswith("h1.title")


def test_a_title_worded_otherwise_gives_way_to_the_printed_heading() -> None:
    models = _learned()
    page = _page("version-060", "Textual 0.6.0 adds a new widget", 50)
    assert models.extract(page, _url(50)).title == "Textual 0.6.0 adds a new widget"
    same = _page(_title(51), _title(51), 51)
    assert models.extract(same, _url(51)).title == _title(51)


def test_a_badge_in_the_heading_is_no_part_of_the_title() -> None:
    models = _learned()
    heading = 'Git Commit Guidelines <small class="subtitle">Mandatory</small>'
    page = _page("Git Commit Guidelines - Mandatory", heading, 52)
    assert models.extract(page, _url(52)).title == "Git Commit Guidelines"


def test_a_post_whose_sections_are_such_headings_keeps_its_title() -> None:
    models = _learned()
    title = "Evaluating democracy reform proposals"
    sections = (
        f"<h2>{title}</h2><p>Why the forum compares the proposals.</p>"
        '<h1 class="title">Democracy reforms being considered</h1><p>Some text.</p>'
        '<h1 class="title">Summary of the interventions</h1>'
    )
    page = _page(title, sections, 53)
    assert models.extract(page, _url(53)).title == title


def test_among_several_such_headings_the_one_the_title_names_is_the_headline() -> None:
    """A post whose own title sits at a lesser level and whose sections are such headings,
    one of them repeating the post's title further down (its table of contents links them
    all): the ``<title>`` names the headline among them, not the first section's heading."""
    models = _learned()
    title = "Evaluating democracy reform proposals"
    headings = ("Democracy reforms being considered", "Summary of the interventions", title)
    sections = f'<h2 id="top">{title}</h2>{_prose(1)}' + "".join(
        f'<h1 class="title" id="s{i}">{text}</h1>{_prose(i)}' for i, text in enumerate(headings)
    )
    toc = (
        '<nav class="toc"><ul><li><a href="#top">'
        + title
        + "</a></li>"
        + "".join(f'<li><a href="#s{i}">{text}</a></li>' for i, text in enumerate(headings))
    )
    page = _page(title, "", 54).replace('<h1 class="title"></h1>', sections)
    page = page.replace("</nav>", "</nav>" + toc + "</ul></nav>", 1)
    assert models.extract(page, _url(54)).title == title


def test_a_later_section_repeating_the_title_does_not_take_the_headline() -> None:
    """The ``<title>`` (a nav title) repeated by a section heading further down: the first
    heading, the one the reader sees on top, stays the headline."""
    models = _learned()
    nav_title = "Citizens' democracy - presentations and Q&A"
    headline = "Citizens' democracy; presentations and Q&A (Monday, August 21)"
    headings = (headline, "Audio recordings", nav_title, "Mailout")
    sections = "".join(
        f'<h1 class="title" id="s{i}">{text}</h1>{_prose(i)}' for i, text in enumerate(headings)
    )
    page = _page(nav_title, "", 55).replace('<h1 class="title"></h1>', sections)
    assert models.extract(page, _url(55)).title == headline
