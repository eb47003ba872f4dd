"""A byline place shared with the post's paragraphs, on a post that prints no byline (round
fifty-nine; seen on jekyll-twc-newsletter, a newsletter whose issues open with a lead
paragraph).

Some issues open with a byline paragraph of their own ("By Ann Lee"), so the site model learns
the paragraphs' place as the byline place. An issue without one opens with its lead paragraph
there, which names people ("Today, Kristen Sheets interviews Malcolm Harris about “Palo Alto:
A History of California, Capitalism, and The World.”"), and the model read a writer out of it.
A block longer than a byline at the byline place is the post's text, not its byline.

A real crawl on 127.0.0.1."""

from __future__ import annotations

from pathlib import Path

from conftest import crawled_posts, write_pages

from scraper.extractor import parse_html
from scraper.sitemodel.blocks import page_blocks
from scraper.sitemodel.refine import _first_run_at

WRITERS = ("Ann Lee", "Bo Chen", "Cy Diaz", "Di Fox", "Ed Gray", "Flo Hart")
LEAD = (
    "<p>Today, Kristen Sheets interviews Malcolm Harris about “<a href='/book'>Palo Alto: A "
    "History of California, Capitalism, and The World</a>.” The book reveals labor struggles "
    "and the militarism at the heart of software, issue {n}.</p>"
)


def _prose(n: int) -> str:
    """An issue's own paragraphs (no two issues alike: repeated text is template)."""
    return "".join(
        f"<p>Item {n}.{i}: organisers at the warehouse met twice this week to plan the vote, "
        f"and the petition now carries {40 + n * 7 + i} signatures from three shifts.</p>"
        for i in range(6)
    )


def _issue(n: int, bylined: bool) -> str:
    opening = f"<p>By {WRITERS[n % len(WRITERS)]}</p>" if bylined else LEAD.format(n=n)
    return (
        f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Issue {n} | "
        "TWC Newsletter</title></head><body><nav><a href='/'>Home</a> <a href='/about/'>"
        "About</a></nav><div class='container'><article>"
        f"<h2>Issue {n}: the week in organising</h2>"
        f"<h4 class='date'>{n % 27 + 1} March 2022</h4>"
        f"<div class='body'>{opening}{_prose(n)}</div></article></div>"
        "<footer><p>Tech Workers Coalition</p></footer></body></html>"
    )


def test_a_post_opening_with_its_text_at_the_byline_place_gets_no_writer(
    tmp_path: Path,
) -> None:
    bylined = {n: n % 3 != 0 for n in range(1, 25)}
    paths = {n: f"2022/03/issue-{n}/index.html" for n in bylined}
    pages = {paths[n]: _issue(n, bylined[n]) for n in bylined}
    links = "".join(
        f"<li><a href='/{p.removesuffix('index.html')}'>Issue</a></li>" for p in paths.values()
    )
    pages["index.html"] = (
        f"<html><head><title>TWC Newsletter</title></head><body><ul>{links}</ul></body></html>"
    )
    write_pages(tmp_path / "site", pages)
    posts = crawled_posts(tmp_path / "site", tmp_path / "out")
    got = {n: posts[paths[n].removesuffix("index.html")].authors for n in bylined}
    assert {n: a for n, a in got.items() if bylined[n]} == {
        n: (WRITERS[n % len(WRITERS)],) for n in bylined if bylined[n]
    }
    assert {n: a for n, a in got.items() if not bylined[n] and a} == {}


def test_the_byline_run_never_opens_with_a_block_longer_than_a_byline() -> None:
    place = "body/div.container/article/div.body/p"
    lead = page_blocks(parse_html(_issue(3, bylined=False)))
    assert _first_run_at(lead, place, set()) == ()
    byline = page_blocks(parse_html(_issue(4, bylined=True)))
    assert _first_run_at(byline, place, set()) == ("By Ed Gray",)


def test_a_long_byline_of_many_writers_is_still_read() -> None:
    names = ", ".join(
        f"Writer{'abcdefghijklmnop'[i]} Surname{'abcdefghijklmnop'[i]}" for i in range(14)
    )
    page = (
        "<html><body><div class='container'><article><h2>Champions</h2>"
        f"<div class='byline'>By {names} – Edit</div><div class='body'>{_prose(1)}</div>"
        "</article></div></body></html>"
    )
    blocks = page_blocks(parse_html(page))
    (line,) = _first_run_at(blocks, "body/div.container/article/div.byline", set())
    assert len(line) > 200 and line.startswith("By Writera Surnamea, Writerb Surnameb")
