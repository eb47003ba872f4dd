"""The site model's say in the body's path choice: where the site's posts hold their content.

The extractor's learned path chooser (``body.choose_path``) may return the block model's lines
alone instead of ``choose``'s. One page cannot tell whether a line that path adds (a row of tag
links above a short talk post) is the post's own or the template's; the site model can: it
knows the element that holds its posts' paragraphs (``SiteModel.content_region``). On a page
that has that element, a line the chooser's path keeps, ``choose``'s lines lack, and the page
holds only outside the region is dropped. What both paths keep stays, and a page without the
region (an "about" page, a listing) keeps the chooser's text whole: never less than ``choose``.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence, Set
from dataclasses import dataclass

from scraper.models import Article
from scraper.sitemodel.blocks import Block
from scraper.sitemodel.model import SiteModel, last_tag, loose, parent_region

__all__ = [
    "RegionTexts",
    "outside_lines",
    "post_body",
    "region_texts",
    "respect_region",
    "without_lines",
]

MAX_JOINED_LOOKS = 64
_MARKDOWN_LINK_RE = re.compile(r"\]\([^()\s]*\)")  # "[text](target)": the target is no text


@dataclass(frozen=True, slots=True)
class RegionTexts:
    """The page's texts (template aside, compared loosely) inside the site's content region and
    outside it, each whole and joined (a line can span several inline blocks)."""

    inside: frozenset[str]
    outside: frozenset[str]
    inside_joined: str
    outside_joined: str

    def holds_outside_only(self, line: str) -> bool:
        """The line's text is on the page outside the content region, and not inside it."""
        key = loose(line)
        if not key or key in self.inside:
            return False
        if key in self.outside:
            return True
        padded = f" {key} "
        return padded in self.outside_joined and padded not in self.inside_joined


def region_texts(
    blocks: Sequence[Block], model: SiteModel, templated: set[int]
) -> RegionTexts | None:
    """Where the page's texts sit against the site's content region; None when the site has
    no region or the page has no text in it (not built like the site's posts)."""
    if model.content_region is None:
        return None
    region = post_body(model)
    inside: list[str] = []
    outside: list[str] = []
    for block in blocks:
        if id(block) in templated:
            continue
        key = loose(block.text)
        if key:
            (inside if block.place.startswith(region) else outside).append(key)
    if not inside or not outside:
        return None
    return RegionTexts(
        frozenset(inside), frozenset(outside), f" {' '.join(inside)} ", f" {' '.join(outside)} "
    )


_LIST_TAGS = frozenset({"ul", "ol", "dl"})


def post_body(model: SiteModel) -> str:
    """The element holding the site's posts' text: ``content_region`` (the parent of the place
    holding most of it), or where that is a list, the list's parent. Release notes set most of
    their text in lists; their headings and paragraphs beside the lists are the post's own.
    (The restore of link lines keeps ``content_region``: a wider one would bring back the
    lists of links beside a post's text.) Where that holds few of the words the posts keep
    (AsciiDoc's list items), the element that holds most of them, ``body_region``."""
    if model.body_region:
        return model.body_region
    region = model.content_region or ""
    if last_tag(region.removesuffix("/")) not in _LIST_TAGS:  # ("div.col" is no list)
        return region
    return parent_region(region.removesuffix("/")) or region


def outside_lines(text: str, region: RegionTexts) -> list[str]:
    """The lines of ``text`` the page holds only outside the content region. Lines that are no
    block's whole text are looked for in the page's joined texts, a scan of the page each: only
    the first ``MAX_JOINED_LOOKS`` of them (a long page's text must not cost lines x page)."""
    out = []
    looks = 0
    for line in text.split("\n"):
        key = loose(line)
        if not key or key in region.inside:
            continue
        if key in region.outside:
            out.append(line)
        elif looks < MAX_JOINED_LOOKS:
            looks += 1
            if region.holds_outside_only(line):
                out.append(line)
    return out


def respect_region(chosen: Article, rules: Article, region: RegionTexts) -> Article:
    """``chosen`` (the chooser's path) without the lines it alone keeps from outside the
    content region; ``rules`` is the same page's article from ``choose``'s lines."""
    kept = set(rules.text.split("\n"))
    dropped = {loose(line) for line in outside_lines(chosen.text, region) if line not in kept}
    if not dropped:
        return chosen
    changes = {"text": without_lines(chosen.text, dropped)}
    if chosen.markdown is not None:
        changes["markdown"] = without_lines(chosen.markdown, dropped)
    return dataclasses.replace(chosen, **changes)


def without_lines(text: str, dropped: Set[str]) -> str:
    """``text`` (plain or Markdown) without the lines that loosely say one of ``dropped``."""
    return "\n".join(
        line for line in text.split("\n") if loose(_MARKDOWN_LINK_RE.sub("]", line)) not in dropped
    )
