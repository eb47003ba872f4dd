"""Bylines written in languages the byline reader did not know: "and" between two writers in
Czech and Slovak ("a"), Polish ("i"), Danish, Norwegian and Swedish ("og", "och") and Russian
("и"), each a word English also uses ("Making a Release"), so it parts only two full names;
"Author" in Chinese, Japanese and Korean ("作者：" with a full-width colon) before the name, a
translator's label ("译者：") ending the writers; Chinese words after a name in Latin letters
("Oleg Nenashev 原文链接", a link to the original beside it) no part of it; and a line holding a
Chinese or Japanese sentence's marks ("，", "！") is prose, never a name."""

from __future__ import annotations

import pytest

from scraper.extractor.authors import clean_authors, looks_like_name


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            "Petra Vondrová, Pavlína Froňková a Petr Messner",
            ("Petra Vondrová", "Pavlína Froňková", "Petr Messner"),
        ),
        ("Anna Nowak i Piotr Kowalski", ("Anna Nowak", "Piotr Kowalski")),
        ("Ola Nordmann og Kari Nordmann", ("Ola Nordmann", "Kari Nordmann")),
        ("Anna Svensson och Erik Berg", ("Anna Svensson", "Erik Berg")),
        ("Иван Петров и Анна Смирнова", ("Иван Петров", "Анна Смирнова")),
        ("By Jo Roe and Bo Chen", ("Jo Roe", "Bo Chen")),
        ("Louis und Yannik", ("Louis", "Yannik")),
        ("作者：Mark Waite", ("Mark Waite",)),
        ("作者: 赵晓杰", ("赵晓杰",)),
        ("作者：Oleg Nenashev 译者：donghui", ("Oleg Nenashev",)),
        ("译者：donghui", ()),
        ("作者：Oleg Nenashev 原文链接", ("Oleg Nenashev",)),
        ("Mark Waite 原文链接, Tracy Miranda", ("Mark Waite", "Tracy Miranda")),
        ("Jo Roe, 王明", ("Jo Roe", "王明")),
        ("Jenkins 中文社区议题公开征集，加入我们，一起聊聊！", ()),
        ("by sending a Pull Request", ()),
        ("triaging issues section of Making a Release", ()),
        ("Jo Roe a Bo Chen a Al Poe", ("Jo Roe", "Bo Chen", "Al Poe")),
        ("written by a friend", ()),
    ],
)
def test_bylines_read_in_more_languages(raw: str, expected: tuple[str, ...]) -> None:
    assert clean_authors([raw], None) == expected


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Jenkins 中文社区议题公开征集，加入我们，一起聊聊！", False),
        ("活动预告：欢迎参加", False),
        ("山田 太郎", True),
        ("赵晓杰", True),
    ],
)
def test_a_chinese_or_japanese_sentence_is_no_name(text: str, name: bool) -> None:
    assert looks_like_name(text) is name
