"""A blog post's page around a byline under test: the headline, the byline's markup, then six
paragraphs of prose (the byline tests read what the extractor makes of the line)."""

from __future__ import annotations

from scraper import extract

PROSE = "".join(
    f"<p>Paragraph {i}: the team is excited to share a few updates about the release, the "
    "working group and the plans for the next months of the project.</p>"
    for i in range(6)
)
POST_URL = "https://example.org/blog/2021/06/08/plan/"


def post_page(meta: str, *, article: bool = False) -> str:
    """The page with ``meta`` right after its ``<h1>``, in an ``<article>`` if asked."""
    post = f"<h1>The plan for the release</h1>{meta}{PROSE}"
    if article:
        post = f"<article>{post}</article>"
    return (
        "<html><head><title>The plan for the release</title></head><body><main>"
        f"{post}</main></body></html>"
    )


def post_authors(meta: str, *, article: bool = False) -> tuple[str, ...]:
    """The writers ``extract`` reads on ``post_page(meta)``."""
    return extract(post_page(meta, article=article), url=POST_URL).authors
