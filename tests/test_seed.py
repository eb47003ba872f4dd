"""The seed page end to end: the rebuilt WordPress post must clean to the seed's body text."""

from __future__ import annotations

from pathlib import Path

import pytest

from scraper.extractor import extract
from scraper.models import Article

PAGES = Path(__file__).resolve().parent.parent / "fixtures" / "pages"
SEED_URL = "https://www.jimsmarketingblog.com/2014/07/09/no-traffic-jams-extra-mile/"


def _words(text: str) -> list[str]:
    return text.split()


@pytest.fixture(scope="module")
def seed() -> Article:
    html = (PAGES / "wordpress_seed.html").read_text(encoding="utf-8")
    return extract(html, SEED_URL)


def test_seed_text_equals_cleaned_body_up_to_whitespace(seed: Article) -> None:
    expected = (PAGES / "wordpress_seed.expected.txt").read_text(encoding="utf-8")
    assert _words(seed.text) == _words(expected)


def test_seed_text_keeps_one_paragraph_or_heading_per_line(seed: Article) -> None:
    expected = (PAGES / "wordpress_seed.expected.txt").read_text(encoding="utf-8")
    got = [" ".join(line.split()) for line in seed.text.splitlines() if line.strip()]
    want = [" ".join(line.split()) for line in expected.splitlines() if line.strip()]
    assert got == want


def test_seed_metadata(seed: Article) -> None:
    assert seed.title == "There are no traffic jams on the extra mile"
    assert seed.authors == ("Jim Connolly",)
    assert seed.author == "Jim Connolly"
    assert seed.date_published is not None
    assert seed.date_published[:10] == "2014-07-09"
    assert seed.date_modified is not None
    assert seed.date_modified[:10] == "2019-10-15"
    assert seed.site_name == "Jim's Marketing Blog"
    assert seed.categories == ("General marketing", "Professional development")
    assert seed.language == "en-GB"
    assert seed.canonical_url == SEED_URL
    assert seed.page_kind == "article"


@pytest.mark.parametrize(
    "boilerplate",
    [
        "Jim Connolly Marketing",
        "Marketing tips and ideas to help you grow your business",
        "By Jim Connolly",
        "no traffic jams, extra mile, going extra mile",
        "Grow your business with my Marketing Mentor Program",
        "If you found this useful, share it",
        "Click to share on",
        "Updated October 15, 2019",
        "Recent Posts",
        "Featured by",
        "Blogging (407)",
        "Copyright",
        "Post was not sent",
        "loading Cancel",
        "Let’s Work Together",
    ],
)
def test_seed_text_has_no_page_furniture(seed: Article, boilerplate: str) -> None:
    assert boilerplate not in seed.text


def test_seed_title_is_metadata_not_body(seed: Article) -> None:
    assert not seed.text.startswith("There are no traffic jams on the extra mile")
