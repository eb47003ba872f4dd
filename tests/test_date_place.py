"""Where a printed date sits (``datescan.DATE_PLACE``, a study of round seventeen, branch
date14, off as shipped): the features say what the page shows, and are absent when the switch
is off (benchmarks/README.md, "Round seventeen (branch `date14`)")."""

from __future__ import annotations

import pytest

from scraper.extractor import datescan, metadata, parse_html

PAGE = """<html><head>
<meta property="article:published_time" content="2023-03-01T10:00:00Z">
</head><body>
<ul class="recent"><li><a href="/a">Older post</a> <span>Jan 3, 2023</span></li>
<li><a href="/b">Another post</a> <span>Jan 9, 2023</span></li></ul>
<article><header><h1>A post about tides</h1><p>Posted on March 1, 2023</p></header>
<p>Tides rise and fall twice a day, pulled by the moon and the sun.</p></article>
</body></html>"""
PLACE = ("shown_levels", "shown_nearby", "shown_alone", "vis:levels", "vis:nearby", "vis:alone")


def _date_features(on: bool, monkeypatch: pytest.MonkeyPatch) -> dict[str, dict[str, float]]:
    monkeypatch.setattr(datescan, "DATE_PLACE", on)
    root = parse_html(PAGE)
    assert root is not None
    _, trace = metadata.trace_metadata(root, "https://tides.example/2023/03/tides")
    return {
        f"{value[:10]} {next(k for k in features if k.startswith('src:'))}": features
        for value, features in trace.features["date_published"]
    }


def test_place_features_only_when_switched_on(monkeypatch: pytest.MonkeyPatch) -> None:
    assert datescan.DATE_PLACE is False
    for features in _date_features(False, monkeypatch).values():
        assert not any(name in features for name in PLACE)


def test_the_date_line_by_the_headline_is_near_and_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    rows = _date_features(True, monkeypatch)
    line = rows["2023-03-01 src:visible date"]
    assert line["vis:levels"] <= 2 / datescan.MAX_LEVELS  # its <header> holds the <h1>
    assert line["vis:alone"] == 1.0
    declared = rows["2023-03-01 src:meta published"]
    assert declared["shown_levels"] == line["vis:levels"]  # the day's printed copy
    assert "vis:levels" not in declared  # (a printed date's own features)


def test_a_list_of_dates_is_far_and_crowded(monkeypatch: pytest.MonkeyPatch) -> None:
    rows = _date_features(True, monkeypatch)
    listed = rows["2023-01-03 src:visible date"]
    assert listed["vis:nearby"] > 0.0  # the other items' dates share its list
    assert listed["vis:alone"] == 0.0
    assert listed["vis:levels"] > rows["2023-03-01 src:visible date"]["vis:levels"]
