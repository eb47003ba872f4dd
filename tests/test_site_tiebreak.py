"""The site model's places are the same on every run, whatever Python's hash seed.

A post may name its author (or show its date) in several places that every post has: a byline
under the headline, an author box after the text, a footer line. Those places tie in the vote
for ``byline_place``; the tie used to be broken by the order a ``set`` of place strings yielded
them in, which moves with ``PYTHONHASHSEED``, so one site's model (and its pages' bylines)
changed from one run to the next. Here a small blog with such ties is learned in subprocesses
under several hash seeds, and every run must save the same model.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ("0", "1", "2", "3", "4", "5")
AUTHORS = ("Ines Varga", "Tom Reyes", "Ada Quill")  # varied, so no byline is template
WORDS = [
    "river",
    "stone",
    "bridge",
    "morning",
    "lantern",
    "harbour",
    "quiet",
    "winter",
    "orchard",
    "field",
    "salt",
    "wind",
]

# Learn the model of the blog written by ``_site`` and print it as JSON (run in a subprocess,
# so that each run has its own hash seed).
LEARN = """
import json, sys
sys.path.insert(0, sys.argv[1])
from test_site_tiebreak import _site
from scraper.sitemodel import SiteModels
models = SiteModels(None)
models.learn("h", _site())
print(json.dumps(models.models["h"].to_json(), sort_keys=True))
"""


def _post(n: int) -> tuple[str, str]:
    """One post: the author's name and the date each in four places every post has."""
    author = AUTHORS[n % len(AUTHORS)]
    day = f"2024-{n % 12 + 1:02d}-{n % 27 + 1:02d}"
    text = " ".join(
        " ".join(WORDS[(n + i + j) % len(WORDS)] for j in range(12)).capitalize() + "."
        for i in range(30)
    )
    paragraphs = "".join(f"<p>{text[i * 60 : i * 60 + 300]}</p>" for i in range(5))
    title = f"Walking note number {n + 1}"
    html = f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title} | Stone Notes
</title><meta name="author" content="{author}"><meta property="article:published_time"
content="{day}T08:00:00Z"></head><body>
<header><a href="/">Stone Notes</a><nav><a href="/about/">About</a></nav></header>
<article><h1>{title}</h1>
<div class="meta-a"><span>{author}</span></div><div class="meta-b"><span>{author}</span></div>
<div class="when-a"><span>{day}</span></div><div class="when-b"><span>{day}</span></div>
{paragraphs}
<aside class="card-a"><em>{author}</em></aside><aside class="card-b"><em>{author}</em></aside>
<aside class="stamp-a"><em>{day}</em></aside><aside class="stamp-b"><em>{day}</em></aside>
</article><footer><p>Stone Notes, a walking journal.</p></footer></body></html>"""
    return f"http://h/notes/{n + 1}/", html


def _site() -> list[tuple[str, str]]:
    return [_post(n) for n in range(18)]


def _learn(seed: str) -> dict:
    env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", LEARN, str(ROOT / "tests")],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_learned_model_does_not_depend_on_the_hash_seed() -> None:
    models = {seed: _learn(seed) for seed in SEEDS}
    first = models[SEEDS[0]]
    assert first["byline_place"] and first["date_place"]  # the fixture has places to tie on
    for seed, model in models.items():
        assert model == first, f"PYTHONHASHSEED={seed} learned another model"


def test_the_earliest_of_tied_places_wins() -> None:
    from scraper.sitemodel.model import _vote, _winner

    # The byline beside the headline (early on the page) before one in the footer, whichever
    # order the pages show them in and however the place strings hash.
    votes: Counter[str] = Counter()
    first: Counter[str] = Counter()
    _vote(votes, first, [(40, "body/footer/p"), (3, "body/header/p"), (41, "body/footer/p")])
    _vote(votes, first, [(2, "body/header/p"), (38, "body/footer/p")])
    assert _winner(votes, first, 2) == "body/header/p"
    # More votes win over an earlier place; equal votes and places early alike: by name.
    _vote(votes, first, [(50, "body/footer/p")])
    assert _winner(votes, first, 3) == "body/footer/p"
    votes, first = Counter({"b": 2, "a": 2}), Counter({"b": 5, "a": 5})
    assert _winner(votes, first, 2) == "a"
