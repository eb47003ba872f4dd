"""The public surface: what ``import scraper`` exports is deliberate (as httpx guards its own)."""

import scraper
from scraper.errors import ScraperError


def test_exported_names_are_exactly_all() -> None:
    public = {name for name in vars(scraper) if not name.startswith("_")}
    public -= {"annotations"} | {
        n for n, v in vars(scraper).items() if type(v).__name__ == "module"
    }
    assert public <= set(scraper.__all__)


def test_every_exported_error_is_a_scraper_error() -> None:
    from scraper.errors import __all__ as error_names

    for name in error_names:
        assert issubclass(getattr(scraper, name), ScraperError)


def test_extract_is_importable_from_the_top() -> None:
    article = scraper.extract("<html><body><article><p>Hello, world.</p></article></body></html>")
    assert article.text == "Hello, world."
    assert article.to_dict()["word_count"] == 2
