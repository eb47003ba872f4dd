"""robots.txt with RFC 9309 semantics, parsed by protego (longest match, own user-agent group).

What a fetch of ``/robots.txt`` means (RFC 9309 section 2.3.1):
  2xx               the rules apply (protego: longest match wins, Allow wins ties)
  4xx               "unavailable": everything is allowed
  5xx, unreachable  "unreachable": everything is disallowed for now; the next run asks again
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Literal

from protego import Protego

__all__ = ["RobotsPolicy", "robots_url", "user_agent_token"]

RobotsState = Literal["rules", "allow_all", "unreachable"]
MAX_ROBOTS_BYTES = 500 * 1024  # RFC 9309: crawlers must parse at least 500 KiB.


@functools.lru_cache(maxsize=16)
def user_agent_token(user_agent: str) -> str:
    """The product token robots.txt groups are matched against: ``scraper`` of ``scraper/0.1``.
    Cached: every fetch's robots check asks it of the crawl's one user agent."""
    match = re.match(r"[A-Za-z_-]+", user_agent.strip())
    return match.group(0) if match else user_agent


def robots_url(site_root: str) -> str:
    """Where a site's robots.txt lives, from ``scheme://host/``."""
    return site_root.rstrip("/") + "/robots.txt"


@dataclass(slots=True)
class RobotsPolicy:
    """One host's robots.txt as it applies to our user agent."""

    state: RobotsState
    user_agent: str
    parser: Protego | None = None
    sitemaps: tuple[str, ...] = field(default=())

    @classmethod
    def from_response(cls, status: int, body: bytes, user_agent: str) -> RobotsPolicy:
        """Build the policy from the final status of the robots.txt fetch and its body."""
        if 200 <= status < 300:
            text = body[:MAX_ROBOTS_BYTES].decode("utf-8", "replace")
            parser = Protego.parse(text)
            return cls("rules", user_agent, parser, tuple(parser.sitemaps))
        if 400 <= status < 500:
            return cls("allow_all", user_agent)
        return cls("unreachable", user_agent)

    @classmethod
    def unreachable(cls, user_agent: str) -> RobotsPolicy:
        """The server could not be reached (or answered 5xx): disallow everything for now."""
        return cls("unreachable", user_agent)

    @classmethod
    def allow_all(cls, user_agent: str) -> RobotsPolicy:
        """No restrictions (robots ignored on request, or robots.txt is 4xx)."""
        return cls("allow_all", user_agent)

    def allowed(self, url: str) -> bool:
        """May our user agent fetch ``url``?"""
        if self.state == "allow_all":
            return True
        if self.state == "unreachable" or self.parser is None:
            return False
        return bool(self.parser.can_fetch(url, user_agent_token(self.user_agent)))

    @property
    def crawl_delay(self) -> float | None:
        """The ``Crawl-delay`` of our group, in seconds, if any."""
        if self.parser is None:
            return None
        delay = self.parser.crawl_delay(user_agent_token(self.user_agent))
        return float(delay) if delay is not None else None
