"""The runs of a title's parts are cut where their own parts sit: a part whose words come
again later in the title ("Travel Insurance - Flight and Travel Insurance Quotes") must not
stretch a head to that later place, nor a tail start at an earlier one."""

from __future__ import annotations

from scraper.extractor import titles


def _texts(title: str) -> list[str]:
    return [text for text, _ in titles.choose_title([("title", title)], [], None).ranked]


def test_a_head_part_repeated_later_is_cut_at_its_own_place() -> None:
    texts = _texts("Travel Insurance - Flight and Travel Insurance Quotes | Acme")
    assert "Travel Insurance" in texts
    assert "Travel Insurance - Flight and Travel Insurance" not in texts


def test_a_tail_part_said_earlier_starts_at_its_own_place() -> None:
    variants = titles._variants(
        "Acme's Concerns with Drugs | Acme", set(), [], titles.DEFAULT_WEIGHTS
    )
    assert ("Acme", titles.DEFAULT_WEIGHTS.part, "tail") in variants
    assert ("Acme's Concerns with Drugs", titles.DEFAULT_WEIGHTS.part, "head") in variants


def test_bounds_follow_the_parts_in_order() -> None:
    text = "Planting vs. Ordinary Planting • Planting"
    parts = titles._split(text)
    assert parts == ("Planting vs. Ordinary Planting", "Planting")
    assert titles._bounds(text, parts) == [(0, 30), (33, 41)]
