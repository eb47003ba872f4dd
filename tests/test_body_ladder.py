"""How the ladder and the model share a declared article (``body.choose``'s bounded branch)."""

from __future__ import annotations

import numpy as np

from scraper.extractor.body import (
    DECLARED_FRAGMENT_RATIO,
    LADDER_BOUNDS_CHARS,
    PageAnalysis,
    analyse_page,
    choose,
    ladder_bounds,
)
from scraper.extractor.parse import parse_html

PROSE = (
    "The committee met on Tuesday to discuss the new budget, and after a long debate it agreed "
    "to fund the library repairs before the winter. Members said the roof had leaked for years."
)
SUMMARY = (
    "In short: the library gets its new roof before the winter, paid from the reserve, and the "
    "committee will report on the cost in the spring. Readers can follow the debate below."
)


def fragment_page(item_html: str) -> PageAnalysis:
    """A declared article whose ladder picks its summary: the story's items wear a class name
    the vocabulary prunes (as list articles' cards often do)."""
    items = "".join(f"<div class='promo'>{item_html.format(n=n)}</div>" for n in range(12))
    html = (
        "<html><head><title>Budget</title>"
        '<meta property="og:type" content="article"></head><body>'
        f"<div class='summary'><p>{SUMMARY}</p><p>{SUMMARY}</p></div>"
        f"<div class='list'>{items}</div></body></html>"
    )
    root = parse_html(html)
    assert root is not None
    page = analyse_page(root)
    assert page.declared_article and ladder_bounds(True, page.heuristic)
    return page


def model_scores(page: PageAnalysis, keep: str) -> np.ndarray:
    """The model sure of every line holding ``keep`` and of the summary."""
    assert page.blocks is not None
    return np.array(
        [0.95 if keep in line.text or line.text == SUMMARY else 0.05 for line in page.blocks.lines]
    )


def test_a_short_declared_ladder_text_is_checked_by_the_model() -> None:
    page = fragment_page("<p>Part {n}. " + PROSE + "</p>")
    ladder_chars = sum(len(line.text) for line in page.heuristic)
    assert ladder_chars < LADDER_BOUNDS_CHARS
    # the blocks are cut (the model runs) even though the ladder holds much of the pruned text
    assert page.blocks is not None


def test_the_model_decides_where_the_ladder_found_a_fragment_of_the_story() -> None:
    page = fragment_page("<p>Part {n}. " + PROSE + "</p>")
    ladder = [line.text for line in page.heuristic]
    assert all(SUMMARY in text for text in ladder)  # the ladder's box: a piece of the story
    choice = choose(page, model_scores(page, "Part"), 0.5)
    texts = [line.text for line in choice.lines]
    assert sum("Part" in text for text in texts) == 12 and SUMMARY in texts
    assert not choice.bounded
    kept_chars = sum(len(text) for text in texts)
    assert kept_chars >= DECLARED_FRAGMENT_RATIO * sum(len(text) for text in ladder)


def test_the_ladder_stands_when_the_model_adds_less_than_the_ratio() -> None:
    page = fragment_page("<p>Part {n}. " + PROSE + "</p>")
    assert page.blocks is not None
    scores = model_scores(page, "Part 1.")  # a few items only: Part 1., Part 10., Part 11.
    choice = choose(page, scores, 0.5)
    assert [line.text for line in choice.lines] == [line.text for line in page.heuristic]


def test_the_ladder_stands_when_the_model_keeps_a_list_of_links() -> None:
    # related-story teasers around a story are links: the model keeping them is not evidence
    page = fragment_page("<p><a href='/story-{n}'>Part {n}. " + PROSE + "</a></p>")
    choice = choose(page, model_scores(page, "Part"), 0.5)
    assert choice.bounded
    assert all("Part" not in line.text for line in choice.lines)


def _doc_page(first_id: str, second_id: str) -> str:
    para = f"<p>{PROSE}</p>" * 2
    return (
        "<html><head><title>Patches</title></head><body><main><h1>Patches</h1>"
        f"<section id='{first_id}'><h2>Write the patch</h2>{para * 6}</section>"
        f"<section id='{second_id}'><h2>Share the patch for review</h2>"
        "<p>Reviewers will ask for changes: answer each one and thank them for their time, "
        f"then send a new version of the series.</p>{para}</section>"
        "</main></body></html>"
    )


def test_a_document_section_named_after_its_heading_is_not_boilerplate() -> None:
    from scraper import extract

    # section ids spelled from their titles (as documentation generators write them): the
    # title's word "share" is the author's, not a theme's share bar
    html = _doc_page("write-the-patch", "share-the-patch-for-review")
    assert "Reviewers will ask for changes" in extract(html).text


def test_a_lone_box_named_after_its_heading_is_still_judged_by_its_words() -> None:
    from scraper.extractor.prune import is_document_section

    root = parse_html(
        "<html><body><article><p>Story.</p></article>"
        "<section id='related-posts'><h2>Related posts</h2><p>Another story</p></section>"
        "</body></html>"
    )
    assert root is not None
    box = root.find(".//section")
    assert box is not None and not is_document_section(box)
    # and an id that is not its heading's slug gives no pass either
    root = parse_html(_doc_page("part-one", "share-bar"))
    assert root is not None
    sections = root.findall(".//section")
    assert not any(is_document_section(el) for el in sections)


def _split_article(extra_block: str) -> str:
    """An <article> whose story is split over blocks nested at different depths."""
    main = "".join(f"<p>{PROSE} Main {n}.</p>" for n in range(5))
    return (
        "<html><body><div id='page'><article>"
        f"<div class='lead'><div>{main}</div></div>"
        f"<div class='b'><div><div><div>{extra_block.format(part='B')}</div></div></div></div>"
        f"<div class='c'><div><div><div>{extra_block.format(part='C')}</div></div></div></div>"
        "</article><div class='other'><p>Elsewhere on the page.</p></div></div></body></html>"
    )


def test_the_article_element_is_taken_when_the_container_holds_little_of_it() -> None:
    from scraper.extractor.candidates import select_body

    block = "".join(f"<p>{PROSE} {{part}} {n}.</p>" for n in range(3))
    root = parse_html(_split_article(block))
    assert root is not None
    selection = select_body(root)
    assert selection is not None and [el.tag for el in selection.elements] == ["article"]


def test_the_container_stands_when_the_rest_of_the_article_is_links() -> None:
    from scraper.extractor.candidates import select_body

    block = "".join(f"<p><a href='/{{part}}{n}'>{PROSE} {{part}} {n}.</a></p>" for n in range(3))
    root = parse_html(_split_article(block))
    assert root is not None
    selection = select_body(root)
    assert selection is not None and all(el.tag != "article" for el in selection.elements)
