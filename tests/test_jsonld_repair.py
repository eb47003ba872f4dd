"""JSON-LD a template broke is read whole (json_repair), within a bounded share of the page.

Jekyll and Hugo layouts often paste a title into ``"headline": "{{ page.title }}"`` unescaped:
a title holding a quote breaks the script, and the old last resort (salvaging a few fields by
pattern) kept a cut headline and only the first of several authors."""

from __future__ import annotations

from scraper import extract
from scraper.extractor import jsonld
from scraper.extractor.jsonld import parse_jsonld

BROKEN_QUOTES = """{
  "@context": "https://schema.org",
  "@type": "BlogPosting",
  "headline": "Pressing "pause" on Nebula",
  "datePublished": "2025-02-05",
  "author": [{"@type": "Person", "name": "Yo Yehudi"},
             {"@type": "Person", "name": "Irene Ramos"}]
}"""

PAGE = f"""<html><head><title>Pressing "pause" on Nebula | OLS</title>
<script type="application/ld+json">{BROKEN_QUOTES}</script></head>
<body><article><h1>Pressing "pause" on Nebula</h1>
<p>{"As a grantee we ran a six-week training programme for open science. " * 8}</p>
<p>{"We have been asked to pause the training for the next few months. " * 8}</p>
</article></body></html>"""


def test_unescaped_quotes_keep_every_author_and_the_whole_headline() -> None:
    node = parse_jsonld([BROKEN_QUOTES]).main_article()
    assert node is not None
    assert node["headline"] == 'Pressing "pause" on Nebula'
    assert [a["name"] for a in node["author"]] == ["Yo Yehudi", "Irene Ramos"]


def test_extract_reads_both_writers_of_the_broken_script() -> None:
    article = extract(PAGE, url="https://example.org/posts/2025/02/05/pause-on-nebula/")
    assert article.authors == ("Yo Yehudi", "Irene Ramos")
    assert article.title == 'Pressing "pause" on Nebula'


def test_a_line_comment_in_the_script_is_read_past() -> None:
    text = '{"@type": "Organization", //"Person",\n "name": "City of Jaragua"}'
    assert parse_jsonld([text]).nodes == [{"@type": "Organization", "name": "City of Jaragua"}]


def test_repair_budget_is_shared_by_the_page_and_the_rest_is_salvaged() -> None:
    """A hostile page of many long broken scripts: json_repair reads at most REPAIR_BUDGET
    characters of them; the others fall back to the pattern salvage, so parsing stays bounded."""
    broken = '{"@type": "Article", "headline": "' + 'a "b" ' * 3000 + '", "x": 1}'
    assert len(broken) < jsonld.REPAIR_BUDGET
    result = parse_jsonld([broken] * 200)
    assert len(result.nodes) == 200
    repaired = [n for n in result.nodes if n.get("x") == 1]
    assert 1 <= len(repaired) <= jsonld.REPAIR_BUDGET // len(broken)


def test_garbage_the_repair_cannot_read_gives_no_node() -> None:
    assert parse_jsonld(["[" * 5000, "{{{{", "not json at all"]).nodes == []
