"""Dates printed in forms the scans did not read before: a month spelled out in the URL path,
"the 18th of July 2025", and a labelled date inside a sentence longer than a date line."""

from __future__ import annotations

import pytest

from scraper.extractor import dates, extract, metadata, parse_html
from scraper.extractor.dates import date_from_url, month_only, visible_date
from scraper.extractor.datescan import VisibleDate, find_month_line, find_visible_dates
from scraper.extractor.pagemarks import walk_marks


@pytest.mark.parametrize(
    ("url", "day"),
    [
        ("https://example.org/blog/2023/october/03/how-many-styles/", "2023-10-03"),
        ("https://example.org/news/2021/Dec/9", "2021-12-09"),
        ("https://example.org/2014/07/09/slug", "2014-07-09"),
        ("https://example.org/2023/garden/03/slug", None),  # not a month
        ("https://example.org/2023/march/32/slug", None),  # not a day
        ("https://example.org/2023/march/slug", None),  # a month alone names no day
    ],
)
def test_a_url_with_the_month_spelled_out_names_its_day(url: str, day: str | None) -> None:
    assert date_from_url(url) == day


def test_a_day_written_with_of_is_read() -> None:
    assert visible_date("Updated on the 18th of July 2025") == "2025-07-18"


def _page(paragraphs: str) -> list:
    root = parse_html(f"<html><body><article><h1>Post</h1>{paragraphs}</article></body></html>")
    return find_visible_dates(walk_marks(root), root.find(".//article"))


def test_a_labelled_date_inside_a_long_sentence_is_a_published_candidate() -> None:
    (shown,) = _page(
        "<p>This article was originally published on 26 Sep 2019 at 4:12pm but has been "
        "regularly updated to keep the information current and accurate for every reader.</p>"
    )
    assert shown.day == "2019-09-26"
    assert shown.published and not shown.updated


def test_a_long_sentence_labelled_updated_gives_an_update() -> None:
    (shown,) = _page(
        "<p>It was last updated on the 18th of July 2025 by the editors of this publication, "
        "who check every claim twice and then once more.</p>"
    )
    assert (shown.day, shown.updated) == ("2025-07-18", True)


def test_a_date_a_long_sentence_only_talks_about_is_no_candidate() -> None:
    assert not _page(
        "<p>In a long paragraph about history, on March 3, 2020 the company announced a merger "
        "that changed the whole industry for many years to come, they said.</p>"
    )


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("By FlowGuard on 04-ago-2021 5:11:10", "2021-08-04"),  # day-month-year with hyphens
        ("04-Aug-2021", "2021-08-04"),
        ("2017-May-10", "2017-05-10"),  # year-month-day with hyphens (Hexo's "YYYY-MMM-DD")
        ("(updated: 2022-Apr-26)", "2022-04-26"),
        ("2017-Foo-10", None),
        ("12 juil. 2021", "2021-07-12"),  # French, German, Spanish, Italian abbreviations
        ("3 okt 2020", "2020-10-03"),
        ("12 Mär 2021", "2021-03-12"),
        ("9 dic 2019", "2019-12-09"),
        ("Gen 2 2023 earbuds", None),  # "gen", "mag", "set", "out" stay English words
        ("SKU 12-abc-2021", None),  # no month's name between the hyphens
        ("May, 19 2022 | Jo Roe", "2022-05-19"),  # a comma after the month's name
        ("Sept., 3 2021", "2021-09-03"),
        ("Monday, 19 2022", None),  # a weekday is no month
    ],
)
def test_other_languages_abbreviated_months_and_hyphenated_days_are_read(
    text: str, day: str | None
) -> None:
    assert visible_date(text) == day


_RECENT = "".join(
    f'<li><a href="/n{day}">Issue {day}</a> <span>Jan {day}, 2025</span></li>'
    for day in (31, 30, 29, 28, 27, 26, 25)
)


def test_the_posts_own_date_is_not_crowded_out_by_a_column_printed_before_it() -> None:
    root = parse_html(
        f'<html><body><div class="recent"><ul>{_RECENT}</ul></div>'
        '<article><h1>Post</h1><div class="meta"><time>03/01/2017</time></div>'
        "<p>Text.</p></article></body></html>"
    )
    shown = find_visible_dates(walk_marks(root), root.find(".//article"))
    assert [line.day for line in shown if line.in_post] == ["2017-03-01"]
    assert len([line for line in shown if not line.in_post]) == 6


def test_a_state_class_is_no_block_role() -> None:
    """A forum post "has-profile": it is no profile block (whose join dates are skipped)."""
    root = parse_html(
        '<html><body><div class="post has-profile"><h3>Re: help</h3>'
        '<p class="author">Sun Dec 17, 2023 11:23 am</p><div>Question.</div></div>'
        '<dl><dd class="profile-joined">Joined: Sun Dec 10, 2023</dd></dl></body></html>'
    )
    assert [line.day for line in find_visible_dates(walk_marks(root), None)] == ["2023-12-17"]


def _line(day: str, in_post: bool) -> VisibleDate:
    return VisibleDate(
        day=day, updated=False, published=False, hinted=False, in_post=in_post, order=0
    )


def test_a_feed_of_other_items_dates_leaves_the_posts_own() -> None:
    """Newest first reads as a feed; the dates inside the post's block stay unless they too
    read as one (a feed inside the post's block, or a list page, gives none)."""
    column_then_post = [
        _line("2025-12-19", False),
        _line("2025-12-12", True),
        _line("2025-10-17", True),
    ]
    assert [line.day for line in metadata._own_dates(column_then_post)] == [
        "2025-12-12",
        "2025-10-17",
    ]
    feed = [_line(day, True) for day in ("2025-12-19", "2025-12-12", "2025-10-17")]
    assert metadata._own_dates(feed) == []
    outside = [_line(day, False) for day in ("2025-12-19", "2025-12-12", "2025-10-17")]
    assert metadata._own_dates(outside) == []
    one_post = [_line("2025-10-17", True), _line("2025-12-19", False)]
    assert metadata._own_dates(one_post) == one_post


# Round sixteen (branch date13): machine dates by the headline, JSON-LD written in an
# attribute, the <time> by the headline of a page judged a list of posts, month-only days.

_TEXT = "<p>" + "A paragraph about the garden and the seasons, long enough to read. " * 8 + "</p>"


def _date_candidates(html: str, url: str = "https://example.org/post") -> list[tuple[str, str]]:
    explained = metadata.explain_metadata(parse_html(html), url)["date_published"]
    return [(source, value) for source, value in explained.candidates]


@pytest.mark.parametrize(
    ("attributes", "day"),
    [
        ('data-published="2024-05-03T10:00:00Z"', "2024-05-03T10:00:00+00:00"),
        ('created-timestamp="2026-03-05T01:53:41.845000+0000"', "2026-03-05T01:53:41+00:00"),
        ('data-artdate="Dec 19, 2025, 01:00:00 AM IST"', "2025-12-19"),
        ('data-modified="2024-05-03"', None),  # an update's day
        ('data-date="1714730400"', None),  # a bare number: an id as often as an epoch
        ('data-path="/t/update-2024-09-05/931828"', None),  # not a date's name
    ],
)
def test_a_date_attribute_of_the_headlines_block_is_a_candidate(
    attributes: str, day: str | None
) -> None:
    html = (
        f'<html><body><div class="post" {attributes}><h1>The garden in May</h1>{_TEXT}</div>'
        "</body></html>"
    )
    found = [value for source, value in _date_candidates(html) if source == "headline attribute"]
    assert found == ([day] if day else [])


def test_a_date_attribute_far_from_the_headline_is_none() -> None:
    html = (
        '<html><body><div data-published="2024-05-03"><div><div><div><div>'
        f"<h1>The garden</h1></div></div></div></div>{_TEXT}</div></body></html>"
    )
    assert all(source != "headline attribute" for source, _ in _date_candidates(html))


_ESCAPED = (
    "{&quot;@type&quot;:&quot;NewsArticle&quot;,&quot;headline&quot;:&quot;The garden&quot;,"
    "&quot;datePublished&quot;:&quot;2025-12-19&quot;,&quot;author&quot;:[{&quot;@type&quot;:"
    "&quot;Person&quot;,&quot;name&quot;:&quot;Ann Lee&quot;}]}"
)


@pytest.mark.parametrize(
    "head",
    [
        f'<script type="application/ld+json" children="{_ESCAPED}"></script>',  # React
        f'<meta name="script:ld+json" content="{_ESCAPED}">',
    ],
)
def test_json_ld_written_in_an_attribute_is_read(head: str) -> None:
    html = f"<html><head><title>The garden</title>{head}</head><body><h1>The garden</h1>{_TEXT}"
    html += "</body></html>"
    article = extract(html, "https://example.org/2025/12/19/the-garden")
    assert article.date_published == "2025-12-19"  # (declared, and the URL writes it)
    assert article.authors == ("Ann Lee",)


def test_json_ld_in_an_attribute_is_not_read_with_the_form_off(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(dates, "DATE_FORMS", ())
    html = (
        f'<html><head><meta name="script:ld+json" content="{_ESCAPED}"></head><body>'
        f"<h1>The garden</h1>{_TEXT}</body></html>"
    )
    assert extract(html, "https://example.org/2025/12/19/the-garden").authors == ()


def _list_page(header: str) -> str:
    cards = "".join(
        f'<article><h2 class="entry-title"><a href="/p{i}">Other post {i}</a></h2>'
        f'<time datetime="2025-0{i}-02">{i}</time><p>Teaser.</p></article>'
        for i in range(1, 6)
    )
    return f"<html><body>{header}{_TEXT}{cards}</body></html>"


def test_the_time_by_the_headline_of_a_page_judged_a_list_is_a_candidate() -> None:
    html = _list_page(
        '<div class="hero"><h1>The garden</h1>'
        '<time datetime="2026-01-14T14:51:08+00:00">January 14, 2026</time></div>'
    )
    assert ("time by headline", "2026-01-14T14:51:08+00:00") in _date_candidates(html)


def test_a_time_without_a_machine_date_by_the_headline_is_read_from_its_text() -> None:
    html = _list_page("<div><h1>The garden</h1><time>April 26, 2024</time></div>")
    assert ("time by headline", "2024-04-26") in _date_candidates(html)


def test_another_items_time_near_the_headline_is_none() -> None:
    """The headline's block holds the cards: their <time>s are theirs, not the page's."""
    cards = "".join(
        f'<article><h2 class="entry-title"><a href="/p{i}">Other post {i}</a></h2>'
        f'<time datetime="2025-0{i}-02">{i}</time></article>'
        for i in range(1, 6)
    )
    html = f"<html><body><main><h1>Posts</h1>{cards}</main></body></html>"
    assert all(source != "time by headline" for source, _ in _date_candidates(html))


@pytest.mark.parametrize(
    ("text", "month"),
    [
        ("November 2015", "2015-11"),
        ("Date: November 2003", "2003-11"),
        ("Published March, 2021", "2021-03"),
        ("Jan. 2020", "2020-01"),
        ("Updated: June 2022", None),  # an update's month
        ("Archives March 2021", None),
        ("March 3, 2021", None),  # a day: visible_date reads it
        ("May 2021 Issue", None),
        ("Garden 2021", None),
    ],
)
def test_a_month_with_no_day_is_read_as_year_and_month(text: str, month: str | None) -> None:
    assert month_only(text) == month


def test_one_month_line_in_the_post_is_found_and_a_list_of_months_is_not() -> None:
    root = parse_html(f"<html><body><article><h1>Post</h1><p>November 2015</p>{_TEXT}</article>")
    assert find_month_line(walk_marks(root), root.find(".//article")) == "2015-11"
    archive = "".join(f"<li>{month} 2015</li>" for month in ("October", "November"))
    root = parse_html(f"<html><body><article><h1>Post</h1><ul>{archive}</ul></article>")
    assert find_month_line(walk_marks(root), root.find(".//article")) is None


def test_the_month_form_is_a_candidate_only_when_switched_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    html = f"<html><body><article><h1>Post</h1><p>November 2015</p>{_TEXT}</article></body></html>"
    assert ("month line", "2015-11") not in _date_candidates(html)
    monkeypatch.setattr(dates, "DATE_FORMS", dates.ALL_DATE_FORMS)
    assert ("month line", "2015-11") in _date_candidates(html)
