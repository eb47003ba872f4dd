"""Bylines that follow their date in Chinese and Portuguese (round fifty-nine; seen on
nextjs-zh-hans-react and nextjs-pt-br-react, two community translations of the React blog).

- Chinese lists names with the ideographic comma and joins the last with "与" (or "和"):
  "2020 年 12 月 21 日 Dan Abramov、Lauren Tan、Joseph Savona 与 Sebastian Markbåge". The
  date opened the line and the words after the first name were cut as Chinese text
  after a Latin name ("Oleg Nenashev 原文链接").
- Portuguese writes "por" where English writes "by", after the date: "7 de outubro de 2025
  por Lauren Tan, Joe Savona e Mofei Zhang." The first writer was read with the date.

A site crawl reads such a byline line (the site model's byline place) with ``clean_authors``.
"TL;DR", a summary's label at such a place, names nobody."""

from __future__ import annotations

import pytest

from scraper.extractor.authors import clean_authors


@pytest.mark.parametrize(
    ("line", "writers"),
    [
        (
            "2020 年 12 月 21 日 Dan Abramov、Lauren Tan、Joseph Savona 与 Sebastian Markbåge",
            ("Dan Abramov", "Lauren Tan", "Joseph Savona", "Sebastian Markbåge"),
        ),
        ("2021 年 12 月 17 日 Jesslyn Tannady 与 Rick Hanlon", ("Jesslyn Tannady", "Rick Hanlon")),
        ("2025年2月14日，作者：Matt Carroll 和 Ricky Hanlon", ("Matt Carroll", "Ricky Hanlon")),
        (
            "7 de outubro de 2025 por Lauren Tan, Joe Savona e Mofei Zhang.",
            ("Lauren Tan", "Joe Savona", "Mofei Zhang"),
        ),
        ("Veröffentlicht am 11.09.2017 von Jo Roe", ("Jo Roe",)),
    ],
)
def test_the_writers_after_the_date_are_each_read(line: str, writers: tuple[str, ...]) -> None:
    assert clean_authors([line]) == writers


def test_chinese_words_after_a_name_are_still_cut_and_a_chinese_name_kept_whole() -> None:
    assert clean_authors(["Oleg Nenashev 原文链接"]) == ("Oleg Nenashev",)
    assert clean_authors(["张三和李四"]) == ("张三和李四",)  # no spaces: "和" may be a name's


def test_a_summarys_label_names_no_writers() -> None:
    # jekyll-etoobusy opens its posts with "<p><strong>TL;DR</strong></p>" where the site model
    # learned its byline place: the ";" parted "TL" and "DR", two writers on 59 posts
    assert clean_authors(["TL;DR"]) == ()
    assert clean_authors(["TL;DR: the parser now reads headers"]) == ()
    assert clean_authors(["Jo Roe; Bo Chen"]) == ("Jo Roe", "Bo Chen")
