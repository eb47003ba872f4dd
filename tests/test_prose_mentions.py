"""Accounts a post's sentences mention are no writers, and a post may open with the welcome
every issue repeats (round fifty-seven: a weekly newsletter's issues each open with "Hello and
welcome to another issue … Tag us at <a>@project.bsky.social</a> on Bluesky …"; the profile
link outranked the page's declared writer, and the site model pruned the welcome as layout,
with it the link lists it opens)."""

from __future__ import annotations

from scraper import extract
from scraper.extractor.metadata import trace_metadata
from scraper.extractor.parse import parse_tree
from scraper.sitemodel import SiteModels

WELCOME = (
    "<p>Hello and welcome to another issue of the weekly! This is a summary of the project's"
    " progress and community. Want something mentioned? Tag us at"
    ' <a href="https://bsky.app/profile/weekly.bsky.social">@weekly.bsky.social</a> on'
    " Bluesky, or send us a pull request. Want to get involved? We love contributions.</p>"
)


def _issue(number: int) -> str:
    """One issue: the headline and date above the post's container, which opens with the
    welcome; a share line the layout puts first in the same container."""
    news = " ".join(
        f"<li><a href='https://example.net/{number}/{i}'>Release {number}.{i} of the parser"
        f" toolkit ships faster builds</a></li>"
        for i in range(8)
    )
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>Weekly {number}</title>"
        '<meta name="author" content="Weekly Contributors"></head><body>'
        '<nav><a href="/">Home</a> <a href="/archive/">Archive</a></nav>'
        f"<header><h1>Weekly {number}</h1><time>2024-03-{number % 28 + 1:02d}</time></header>"
        f'<article class="post"><p class="share">Share: <a href="/s">Mastodon</a></p>{WELCOME}'
        f"<h2>Updates</h2><ul>{news}</ul>"
        f"<p>Issue {number} also brings notes on the compiler's speed, measured again on every"
        " platform the project supports, and a call for testers of the new installer.</p>"
        f"<p>That is all for issue {number}; the next one lands in a week.</p></article>"
        "<footer>Copyright the Weekly team</footer></body></html>"
    )


def test_a_profile_link_deep_in_a_sentence_is_no_writer() -> None:
    url = "https://example.org/blog/2024/03/03/weekly-3/"
    assert extract(_issue(3), url).authors == ("Weekly Contributors",)
    _, trace = trace_metadata(parse_tree(_issue(3)), url)  # not even a withheld candidate
    assert all("bsky" not in text for _, text in trace.candidates.get("authors", []))


def test_a_bio_opening_with_its_linked_name_keeps_the_writer() -> None:
    bio = (
        '<p><a href="/authors/jo-roe/">Jo Roe</a> writes about compilers and parsers, and has'
        " maintained the project's build tooling since its first release many years ago, when"
        " it still ran on a single machine under a desk in the lab.</p>"
    )
    page = _issue(4).replace('<meta name="author" content="Weekly Contributors">', "")
    page = page.replace("</article>", f"{bio}</article>")
    assert extract(page, "https://example.org/blog/2024/03/04/weekly-4/").authors == ("Jo Roe",)


def test_the_welcome_each_issue_opens_with_is_the_posts_text() -> None:
    pages = [(f"http://h/blog/weekly-{n}/", _issue(n)) for n in range(1, 21)]
    models = SiteModels(None)
    models.learn("h", pages)
    text = models.extract(_issue(30), "http://h/blog/weekly-30/").text
    assert "Hello and welcome to another issue" in text  # (main pruned it as layout)
    assert "Release 30.3 of the parser toolkit" in text
    assert "Share: Mastodon" not in text  # the layout's short line before it stays pruned
