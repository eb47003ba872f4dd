"""Author collector forms, round nineteen: an author box read by its photo and the name printed
beside it (whatever its class names), and a byline sentence that runs on past the name."""

from __future__ import annotations

from scraper.extractor import parse_html
from scraper.extractor.metadata import explain_metadata

PROSE = "<p>" + "Tomatoes need sun and water to grow well in a garden. " * 20 + "</p>"


def candidates(body: str) -> list[tuple[str, str]]:
    root = parse_html(f"<html><head></head><body>{body}</body></html>")
    return list(explain_metadata(root, "https://example.org/p/1")["authors"].candidates)


def test_a_photo_and_the_name_beside_it_are_an_author_box() -> None:
    box = (
        "<div class='callout'><div><img src='/jo.jpg' alt='jo Roe'></div>"
        "<div><h3>Jo Roe</h3><p>Jo Roe is the head of marketing at a podcast host.</p></div></div>"
    )
    found = candidates(f"<article><h1>How to grow tomatoes</h1>{PROSE}{box}</article>")
    assert ("scan avatar", "Jo Roe") in found


def test_a_name_in_bold_under_its_photo_is_read() -> None:
    box = (
        "<hr><p><img src='/t.png' alt='Tim Green'></p>"
        "<p><strong>Tim Green</strong> <em>Writer</em></p>"
    )
    found = candidates(f"<article><h1>How to grow tomatoes</h1>{PROSE}{box}</article>")
    assert ("scan avatar", "Tim Green") in found


def test_a_photo_whose_caption_is_no_name_gives_none() -> None:
    figure = (
        "<figure><img src='/a.jpg' alt='Image Credit: Pexels'>"
        "<figcaption>Image Credit: Pexels</figcaption></figure>"
        "<figure><img src='/b.jpg' alt='Red tomatoes'>"
        "<figcaption>Red tomatoes</figcaption></figure>"
    )
    found = candidates(f"<article><h1>How to grow tomatoes</h1>{figure}{PROSE}</article>")
    assert not any(source == "scan avatar" for source, _ in found)


def test_a_photo_with_no_name_printed_beside_it_gives_none() -> None:
    found = candidates(
        f"<article><h1>How to grow tomatoes</h1><img src='/j.jpg' alt='Jo Roe'>{PROSE}</article>"
    )
    assert not any(source == "scan avatar" for source, _ in found)


def test_a_byline_sentence_is_read_up_to_its_first_separator() -> None:
    bio = (
        "<div class='author-bio'>This post was written by Danielle Padula, Head of Marketing "
        "and Community Development at the Example Company</div>"
    )
    found = candidates(f"<article><h1>How to grow tomatoes</h1>{PROSE}{bio}</article>")
    assert ("scan class", "Danielle Padula") in found


def test_a_row_of_people_with_photos_gives_none() -> None:
    cards = "".join(
        f"<div class='card'><img src='/{n}.jpg' alt='{n}'><h3>{n}</h3><p>Our team.</p></div>"
        for n in ("Jo Roe", "Bo Chen", "Ann Lee")
    )
    found = candidates(f"<article><h1>How to grow tomatoes</h1>{PROSE}{cards}</article>")
    assert not any(source == "scan avatar" for source, _ in found)


def test_a_cut_byline_keeps_letters_after_the_name_and_skips_a_sentence() -> None:
    tail = " and a long-time writer on food, health and the science of growing vegetables"
    kept = candidates(
        f"<article><h1>How to grow tomatoes</h1><p class='byline'>By Jo Roe, MD, RDN{tail}</p>"
        f"{PROSE}</article>"
    )
    assert ("scan class", "Jo Roe, MD") in kept  # (the cleaner keeps one set of letters)
    prose = candidates(
        f"<article><h1>How to grow tomatoes</h1>{PROSE}<p>By default, the garden{tail}</p>"
        "</article>"
    )
    assert not any(source.startswith("scan") for source, _ in prose)
