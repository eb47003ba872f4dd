"""A byline that is a paragraph of its own gives its writer, not every paragraph after it.

The grails.org and micronaut.io blogs print "By Jen Wiese", the date and the tags as
paragraphs of their own, then the post's paragraphs, all children of one ``<div>``: the byline's
place is the post's paragraphs' place too. The site model read the writers from the whole run
of paragraphs at that place, so a post's sentences gave "writers" ("Also", "Slides", the names
a post thanks). A run of byline blocks ends at a block longer than a byline.
"""

from __future__ import annotations

from scraper.sitemodel import SiteModels

WRITERS = ("Jen Wiese", "Paul King", "Zachary Klein", "James Kleeh", "Sergio del Amo")


def _url(n: int) -> str:
    return f"http://h/blog/2021-{n % 12 + 1:02d}-{n % 27 + 1:02d}-post-{n}.html"


def _page(n: int, writer: str) -> str:
    prose = "".join(
        f"<p>Paragraph {i} of post {n}: the framework's new release brings faster startup, "
        "smaller images and a simpler way to test the application's HTTP clients, and the "
        "guides walk through each of them with an example you can run on your own machine.</p>"
        for i in range(8)
    )
    return (
        f"<!DOCTYPE html><html><head><title>Post {n} | Blog</title></head><body>"
        '<nav><a href="/">Home</a> <a href="/blog/">Blog</a> <a href="/guides/">Guides</a></nav>'
        f'<article><div class="container content"><h1>Post number {n}</h1>'
        f'<div class="blogpost"><p>By {writer}</p><p>May {n % 27 + 1}, 2021</p>'
        f"<p>Tags: #webinar #release</p>{prose}"
        "<p>Also, special thanks to our fantastic panel of experts: Jeff Scott Brown, David "
        "Estes, Iván López, and Graeme Rocher, who answered every question the audience asked "
        "about the roadmap, the guides and the foundation's plans for the next year.</p>"
        "<p>Slides</p></div></div></article>"
        "<footer><p>The Foundation</p></footer></body></html>"
    )


def test_a_paragraph_byline_gives_its_writer_only() -> None:
    models = SiteModels(None)
    models.learn("h", [(_url(n), _page(n, WRITERS[n % 5])) for n in range(30)])
    assert models.extract(_page(40, "Jen Wiese"), _url(40)).authors == ("Jen Wiese",)
    assert models.extract(_page(41, "Paul King"), _url(41)).authors == ("Paul King",)


HANDLES = ("mkrautz", "Natalie Rowe", "kissaki", "Jo Roe", "hartmnt")


def _release_note(n: int, writer: str, greeting: bool) -> str:
    """A project's release note (mumble.info's blog): the byline a paragraph of its own, then
    the post's short sentences and a list of changes under one-word paragraph headings, all at
    the byline's place; some posts open as a letter ("Hi,")."""
    changes = "".join(
        f"<p>{area}:</p><p>• Item {n}.{i}: fixed the {area.lower()} settings dialog.</p>"
        for i, area in enumerate(("Protocol", "Devices", "Audio", "Certificates"))
    )
    return (
        f"<!DOCTYPE html><html><head><title>Release {n} | Voice</title></head><body>"
        '<nav><a href="/">Home</a> <a href="/blog/">Blog</a> <a href="/downloads/">Get</a></nav>'
        f'<main><div class="markdown-body"><h1>Release {n}</h1>'
        f"<p>Posted on June {n % 27 + 1}, 2013 by {writer}</p>"
        + ("<p>Hi,</p>" if greeting else "")
        + f"<p>Earlier today, we released version {n} of the app for phones.</p>"
        f"<p>The full list of changes in release {n}:</p>{changes}"
        "<p>As always, it is available on the store, and we would love to hear from you.</p>"
        "</div></main><footer><p>The Voice project</p></footer></body></html>"
    )


def test_a_byline_run_ends_at_the_posts_first_sentence() -> None:
    models = SiteModels(None)
    pages = [(_url(n), _release_note(n, HANDLES[n % 5], n % 3 == 0)) for n in range(30)]
    models.learn("h", pages)
    # (main read "Protocol", "Devices", "Audio" and "Certificates" as the writers of the first
    # and "Hi" as the writer of the second)
    assert models.extract(_release_note(40, "Jo Roe", False), _url(40)).authors == ("Jo Roe",)
    assert models.extract(_release_note(42, "Jo Roe", True), _url(42)).authors == ("Jo Roe",)
