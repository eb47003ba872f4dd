"""Round thirty-eight: a byline that sets each writer in its own element of one kind, with
nothing printed between them (the dev archive hugo-scientific-python:
``<span class="post-authors"><div class="post-author">Ann Lee</div><div
class="post-author">Bo Chen</div></span>``), names every writer; before, the joined text read
as one name ("Ann Lee Bo Chen") and the ranker's pick was the first writer alone."""

from __future__ import annotations

import pytest

from scraper import extract
from scraper.extractor import parse_tree
from scraper.extractor.authorscan import EACH_NAMED, scan_authors
from scraper.extractor.metadata import gather_sources

PROSE = " ".join(f"Sentence {i} explains how the grant funds maintainers." for i in range(12))


def page(authors: str) -> str:
    return (
        "<html><head><title>Blog - Funding maintainers</title></head><body>"
        '<nav><a href="/">Blog</a> <a href="/tags/">Tags</a></nav><main>'
        f'<h1>Funding maintainers</h1><div class="post-meta">{authors}'
        '<span class="post-date">November 8, 2022</span></div>'
        f'<div class="post-content"><p>{PROSE}</p><p>{PROSE}</p></div></main></body></html>'
    )


def writers(*names: str, link_second: bool = False) -> str:
    divs = []
    for index, name in enumerate(names):
        shown = f'<a href="/authors/{index}">{name}</a>' if link_second and index == 1 else name
        divs.append(f'<div class="post-author"><i class="fa-solid fa-user"></i> {shown} </div>')
    return f'<span class="post-authors">{"".join(divs)}</span>'


@pytest.mark.parametrize(
    "names",
    [
        ("Joseph Barbier", "Yan Holtz"),
        ("Ralf Gommers", "Stéfan van der Walt", "Tania Allard", "Jarrod Millman"),
    ],
)
def test_each_writer_in_its_own_element_is_named(names: tuple[str, ...]) -> None:
    article = extract(page(writers(*names, link_second=True)), "https://blog.example/grant/")
    assert article.authors == names


def test_the_scan_reads_the_list_as_one_elements_writers() -> None:
    root = parse_tree(page(writers("Joseph Barbier", "Yan Holtz")))
    sources = gather_sources(root)
    found = scan_authors(sources.marks(), sources.post_scope(), None)
    listed = [item for item in found if item.features.get(EACH_NAMED)]
    assert [item.names for item in listed] == [("Joseph Barbier", "Yan Holtz")]


@pytest.mark.parametrize(
    "authors",
    [
        # a name and a job title, each in its own element: no list of writers
        '<div class="author"><div class="author-name">Megan Berry</div>'
        '<div class="author-designation">SEO Content Writer</div></div>',
        # words between the elements: a writer and a reviewer
        '<div class="author">By <a href="/a/shelby">Shelby Loos</a>. Reviewed by '
        '<a href="/a/molly">Molly Price</a></div>',
    ],
)
def test_other_author_boxes_give_no_list(authors: str) -> None:
    root = parse_tree(page(authors))
    sources = gather_sources(root)
    found = scan_authors(sources.marks(), sources.post_scope(), None)
    assert not [item for item in found if item.features.get(EACH_NAMED)]
