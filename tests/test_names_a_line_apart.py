"""A template that prints each writer of a post on a line of its own, with only blank lines
between them (Hugo's ``{{ range .Params.authors }}``): "January 20, 2023 -\\n\\n  Jo Roe\\n\\n
Bo Chen". A reader sees "Jo Roe Bo Chen"; the markup's blank line is where one name ends. Both
the scanned name line and the site model's byline place read two writers, never one of four
words; a name wrapped over a single line break stays one name."""

from __future__ import annotations

from scraper.extractor.explain import explain
from scraper.sitemodel import SiteModels

WRITERS = [
    ("Gabor Somogyi", "Marton Balassi"),
    ("Jun Qin", "Nico Kruber"),
    ("Konstantin Knauf",),
    ("Yun Gao", "Dawid Wysakowicz", "Daisy Tsang"),
    ("Xingbo Huang", "Dian Fu"),
]


def _post(n: int, writers: tuple[str, ...], *, between: str = "\n\n\n  ") -> str:
    names = between.join(writers)
    prose = "".join(
        f"<p>Paragraph {i} of post {n}: the scheduler, the checkpoints and the release notes "
        "of this version, with what changed for users.</p>"
        for i in range(8)
    )
    return (
        f"<!DOCTYPE html><html><head><title>Post number {n} | Streams</title>"
        '<meta property="og:type" content="article">'
        f'<meta property="article:published_time" content="2023-01-{n + 1:02d}T08:00:00+00:00">'
        "</head><body>"
        '<nav class="menu"><a href="/">Streams</a> <a href="/about/">About</a></nav>'
        '<main class="flex"><section class="book-page"><article class="markdown">'
        f'<h1><a href="{_url(n)}">Post number {n} about streams</a></h1>\n\n'
        f"  January {n + 1:d}, 2023 -\n\n\n\n  {names}\n\n  {prose}</article></section></main>"
        "<footer><p>Copyright the Streams project.</p></footer></body></html>"
    )


def _url(n: int) -> str:
    return f"http://h/2023/01/{n + 1:02d}/post-{n}/"


def _candidates(html: str) -> list[str]:
    return [value for _, value in explain(html, _url(1)).metadata["authors"].candidates]


def test_the_scanned_name_line_reads_one_writer_a_line() -> None:
    assert "Gabor Somogyi, Marton Balassi" in _candidates(_post(1, WRITERS[0]))
    assert "Gabor Somogyi Marton Balassi" not in _candidates(_post(1, WRITERS[0]))


def test_a_name_wrapped_over_one_line_break_stays_one_name() -> None:
    wrapped = _post(1, ("Gabor", "Somogyi"), between="\n  ")
    assert "Gabor Somogyi" in _candidates(wrapped)
    assert not {"Gabor", "Somogyi"} & set(_candidates(wrapped))


def test_the_site_models_byline_place_reads_one_writer_a_line() -> None:
    pages = [(_url(n), _post(n, WRITERS[n % len(WRITERS)])) for n in range(20)]
    decided = SiteModels(None).learn("h", pages)
    for n in range(20):
        assert decided[_url(n)].authors == WRITERS[n % len(WRITERS)], n


def _linked_post(n: int, writers: tuple[str, ...]) -> str:
    links = "".join(  # (one line break between names: no blank line sets them apart)
        f'<a href="https://code.example.org/~{w.split()[0].lower()}" class="font-bold mr-2">'
        f"<span>{w}</span>\n</a>"
        for w in writers
    )
    prose = "".join(
        f"<p>Paragraph {i} of post {n}: the lessons, the instructors and the community "
        "calls of this season, with what changed for the learners.</p>"
        for i in range(8)
    )
    return (
        f"<!DOCTYPE html><html><head><title>Update {n} | Carpentries</title>"
        '<meta property="og:type" content="article">'
        f'<meta property="article:published_time" content="2026-06-{n + 1:02d}">'
        "</head><body><main><div class=mb-8>"
        f'<h1 class="font-semibold">Community update number {n}</h1><div class=mt-4>'
        f'<div class="inline-flex flex-wrap">{links}</div>·<time datetime="2026-06-{n + 1:02d}">'
        f"{n + 1} June, 2026</time></div></div>{prose}</main></body></html>"
    )


def test_a_byline_of_links_and_nothing_else_reads_one_writer_a_link() -> None:
    pages = [(_url(n), _linked_post(n, WRITERS[n % len(WRITERS)])) for n in range(20)]
    decided = SiteModels(None).learn("h", pages)
    for n in range(20):
        assert decided[_url(n)].authors == WRITERS[n % len(WRITERS)], n
