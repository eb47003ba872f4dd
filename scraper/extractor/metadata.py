"""Page metadata: title, authors, dates, site name, tags, categories, language, canonical URL."""

from __future__ import annotations

from dataclasses import dataclass

from lxml.html import HtmlElement

from scraper.models import Article, PageKind


@dataclass(frozen=True, slots=True)
class Metadata:
    """What the page says about itself, before the body is extracted."""

    title: str | None = None
    authors: tuple[str, ...] = ()
    date_published: str | None = None
    date_modified: str | None = None
    site_name: str | None = None
    description: str | None = None
    language: str | None = None
    tags: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    image: str | None = None
    canonical_url: str | None = None
    page_types: tuple[str, ...] = ()

    def to_article(
        self,
        *,
        url: str | None,
        text: str,
        markdown: str | None,
        comments: str | None,
        page_kind: PageKind,
    ) -> Article:
        return Article(
            url=url,
            canonical_url=self.canonical_url,
            title=self.title,
            authors=self.authors,
            date_published=self.date_published,
            date_modified=self.date_modified,
            site_name=self.site_name,
            description=self.description,
            language=self.language,
            tags=self.tags,
            categories=self.categories,
            image=self.image,
            text=text,
            markdown=markdown,
            comments=comments,
            page_kind=page_kind,
        )


def read_metadata(root: HtmlElement, url: str | None) -> Metadata:
    """Read every metadata source the page offers (placeholder: the <title> only)."""
    titles = root.xpath("//title/text()")
    return Metadata(title=titles[0].strip() if titles else None)
