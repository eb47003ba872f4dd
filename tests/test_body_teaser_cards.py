"""A short post beside its "related posts" box: on a page that declares itself one article, the
box's teaser cards are links to other pages, so they never stand in for the post's own few
lines, however much more text they hold. A listing's cards are its content."""

from __future__ import annotations

from scraper import extract

TEASERS = [
    "Went over how we could obtain project approval from the sponsor, discussed the final"
    " stretch goals and planned the completion of the class and the project handoff",
    "Went over the final task distribution, discussed the project handoff and the remaining"
    " documents, and planned the last deliverables of the term with the whole team",
    "Discussed the team name, set up the weekly meeting times, and drafted the first email to"
    " the sponsor about the scope and the schedule of the work for the semester",
]


def _card(number: int, teaser: str) -> str:
    return (
        f'<div class="card"><a href="/posts/minutes-{number}/"><div class="card-body">'
        f'<em class="timeago">2022-04-0{number}</em><h3>Meeting Minutes {number}</h3>'
        f'<div class="text-muted small"><p>{teaser}...</p></div></div></a></div>'
    )


def _page(cards: str, declared: bool = True) -> str:
    og = '<meta property="og:type" content="article">' if declared else ""
    return (
        f"<html><head><title>Meeting Minutes 02/12/2022 | Team Blog</title>{og}</head><body>"
        '<div id="sidebar"><ul><li><a href="/">Home</a></li><li><a href="/tags/">Tags</a></li>'
        '</ul></div><div id="main"><div class="post"><h1>Meeting Minutes 02/12/2022</h1>'
        '<div class="post-meta">By Mateo Ortegon, posted 2022-02-12</div>'
        '<div class="post-content"><p><strong>Present:</strong> Daniel, Mateo, Devyn</p>'
        "<p><strong>Absent:</strong> No one</p><p><strong>Items:</strong></p>"
        "<ul><li>Finished the continuous integration for pull requests</li></ul>"
        "<p><strong>Next:</strong></p><ul><li>Continue working on the backend</li></ul></div>"
        f'</div><div id="related-posts"><h3>Further Reading</h3><div class="card-deck">{cards}'
        "</div></div></div><footer><p>Some rights reserved.</p></footer></body></html>"
    )


def test_a_short_posts_own_lines_beat_the_teaser_cards_of_its_related_posts() -> None:
    cards = "".join(_card(n, t) for n, t in enumerate(TEASERS, 1))
    text = extract(_page(cards), "https://blog.example/posts/minutes-0/").text
    assert "Present: Daniel, Mateo, Devyn" in text
    assert "Continue working on the backend" in text
    assert not any(teaser.split(",")[0] in text for teaser in TEASERS)


def test_a_page_that_declares_no_article_keeps_the_linked_cards_the_relaxed_ladder_finds() -> None:
    cards = "".join(_card(n, t) for n, t in enumerate(TEASERS, 1))
    text = extract(_page(cards, declared=False), "https://blog.example/posts/minutes-0/").text
    assert TEASERS[0].split(",")[0] in text


def test_the_same_teasers_unlinked_are_prose_the_relaxed_ladder_may_take() -> None:
    # the yardstick: the cards' paragraphs outside links are no teasers of other pages, and the
    # relaxed pruning still finds them (only link text is refused)
    cards = "".join(
        _card(n, t).replace(f'<a href="/posts/minutes-{n}/">', "").replace("</a>", "")
        for n, t in enumerate(TEASERS, 1)
    )
    text = extract(_page(cards), "https://blog.example/posts/minutes-0/").text
    assert TEASERS[0].split(",")[0] in text
