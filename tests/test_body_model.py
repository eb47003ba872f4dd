"""The learned block model: features, the shipped model file, inference, and explain_body.

Features must be deterministic and match the names the model was trained on; the model file
ships with the package and loads once; every page with visible prose gives text; and
``explain_body`` accounts for every block, its kept blocks being exactly ``extract().text``.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from lxml import etree

from scraper import extract
from scraper.extractor.blocks import css_path, page_blocks
from scraper.extractor.body import (
    DECLARED_ADD_SCORE,
    LADDER_SURE_SHARE,
    MODEL_ADD_SCORE,
    SPAN_ADD_SCORE,
    SPREAD_ADD_SCORE,
    SPREAD_SHARE,
    PageAnalysis,
    analyse_page,
    choose,
    expected_f1_lines,
    explain_body,
    ladder_bounds,
    model_alone,
)
from scraper.extractor.features import FEATURE_NAMES
from scraper.extractor.model import MODEL_PATH, load_model, shipped_model
from scraper.extractor.parse import parse_html
from scraper.extractor.prune import drop_never_text
from scraper.extractor.render import CELL_SEPARATOR, Line, render_lines

PAGES = Path(__file__).resolve().parent.parent / "fixtures" / "pages"
FIXTURES = sorted(PAGES.glob("*.html"))
PROSE = (
    "The committee met on Tuesday to discuss the new budget, and after a long debate it agreed "
    "to fund the library repairs before the winter. Members said the roof had leaked for years."
)


def fixture_url(path: Path) -> str | None:
    meta = path.with_name(path.name.removesuffix(".html") + ".meta.json")
    return json.loads(meta.read_text(encoding="utf-8")).get("url") if meta.exists() else None


def features_of(html: str) -> np.ndarray:
    root = parse_html(html)
    assert root is not None
    return analyse_page(root, all_blocks=True).features()


def test_features_are_deterministic_and_match_the_names() -> None:
    html = FIXTURES[0].read_text(encoding="utf-8")
    first = features_of(html)
    second = features_of(html)
    assert first.shape[1] == len(FEATURE_NAMES)
    assert first.shape[0] > 5
    assert first.dtype == np.float32
    assert np.array_equal(first, second)
    assert np.isfinite(first).all()


def test_line_features_describe_the_line() -> None:
    html = (
        "<html><body><div class='sidebar'><p><a href='/a'>Home page link</a></p></div>"
        f"<article><p>{PROSE}</p></article></body></html>"
    )
    matrix = features_of(html)
    column = {name: index for index, name in enumerate(FEATURE_NAMES)}
    link_row, prose_row = matrix[0], matrix[1]
    assert link_row[column["link_density"]] == pytest.approx(1.0)
    assert prose_row[column["link_density"]] == 0.0
    assert prose_row[column["ends_sentence"]] == 1.0
    assert prose_row[column["log_chars"]] > link_row[column["log_chars"]]
    assert prose_row[column["anc_bit1"]] == 1.0  # inside <article>
    assert link_row[column["anc_bit1"]] == 0.0


def test_blocks_cover_every_line_with_a_context() -> None:
    root = parse_html(FIXTURES[0].read_text(encoding="utf-8"))
    assert root is not None
    drop_never_text(root)
    blocks = page_blocks(root)
    assert len(blocks.lines) == len(blocks.contexts) > 0
    assert all(
        ctx.chars >= len(line.text) for line, ctx in zip(blocks.lines, blocks.contexts, strict=True)
    )


def test_model_file_ships_and_loads_once() -> None:
    assert MODEL_PATH.exists()
    assert MODEL_PATH.stat().st_size < 2_000_000
    model = shipped_model()
    assert model is not None
    assert shipped_model() is model
    assert 0.0 < model.threshold_keep < 1.0
    assert model.depth >= 1


def test_model_scores_are_deterministic_probabilities() -> None:
    model = shipped_model()
    assert model is not None
    matrix = features_of(FIXTURES[0].read_text(encoding="utf-8"))
    scores = model.scores(matrix)
    assert scores.shape == (matrix.shape[0],)
    assert ((scores >= 0.0) & (scores <= 1.0)).all()
    assert np.array_equal(scores, model.scores(matrix.copy()))
    assert model.scores(np.zeros((0, len(FEATURE_NAMES)), dtype=np.float32)).shape == (0,)


def test_a_model_trained_on_other_features_is_refused(tmp_path: Path) -> None:
    with np.load(MODEL_PATH) as data:
        arrays = {key: data[key] for key in data.files}
    arrays["feature_names"] = np.array(["something", "else"])
    path = tmp_path / "other.npz"
    np.savez(path, **arrays)
    with pytest.raises(ValueError, match="retrain"):
        load_model(path)


@pytest.mark.parametrize(
    "body",
    [
        f"<p>{PROSE}</p>",
        f"{PROSE}",
        f"<div class='sidebar widget'><p>{PROSE}</p></div>",
        f"<table><tr><td>{PROSE}</td></tr></table>",
        f"<div class='comment'><p>{PROSE}</p></div><div class='related'><p>{PROSE}</p></div>",
        f"<ul><li>{PROSE}</li><li>{PROSE}</li></ul>",
        f"<header><p>{PROSE}</p></header>",
    ],
)
def test_a_page_with_visible_prose_never_gives_empty_text(body: str) -> None:
    html = f"<html><head><title>Budget</title></head><body>{body}</body></html>"
    assert extract(html).text.strip()


@pytest.mark.parametrize("path", FIXTURES, ids=lambda path: path.stem)
def test_explain_keeps_exactly_the_extracted_text(path: Path) -> None:
    html = path.read_text(encoding="utf-8")
    url = fixture_url(path)
    root = parse_html(html)
    assert root is not None
    decisions = explain_body(root, url)
    kept = [decision.text for decision in decisions if decision.kept]
    assert "\n".join(kept) == extract(html, url).text
    assert all(decision.reason for decision in decisions)
    assert all(decision.text for decision in decisions)


@pytest.mark.parametrize("path", FIXTURES, ids=lambda path: path.stem)
def test_explain_lists_every_visible_block(path: Path) -> None:
    html = path.read_text(encoding="utf-8")
    root = parse_html(html)
    assert root is not None
    explained = [decision.text for decision in explain_body(root, fixture_url(path))]
    visible = parse_html(html)
    assert visible is not None
    etree.strip_elements(visible, "script", "style", "noscript", "template", with_tail=False)
    body = visible.find("body")
    rendered = render_lines([body if body is not None else visible])
    words = set(" ".join(line.text.replace(CELL_SEPARATOR, " ") for line in rendered).split())
    covered = set(" ".join(explained).split())
    assert words <= covered


def test_explain_reasons_name_the_signal() -> None:
    html = (
        "<html><head><title>Budget</title></head><body><nav><a href='/'>Home</a></nav>"
        f"<main><article><h1>Budget</h1><p>{PROSE}</p><p>{PROSE}</p></article></main>"
        "<footer><p>Copyright the paper</p></footer></body></html>"
    )
    root = parse_html(html)
    assert root is not None
    decisions = {decision.text: decision for decision in explain_body(root, None)}
    assert decisions["Home"].reason == "tag <nav>"
    assert decisions["Copyright the paper"].reason == "tag <footer>"
    assert decisions["Budget"].kept is False
    prose = decisions[PROSE]
    assert prose.kept and prose.reason.startswith("kept")
    assert prose.path.startswith("body > main > article > p")
    assert prose.score is not None


def test_css_path_names_tag_id_class_and_position() -> None:
    root = parse_html("<html><body><div id='main'><p>a</p><p class='x y'>b</p></div></body></html>")
    assert root is not None
    second = root.findall(".//p")[1]
    assert css_path(second) == "body > div#main > p.x:nth-of-type(2)"


def bounded_page(declared: bool, share: float = 0.1) -> PageAnalysis:
    """A long article the ladder finds, a boxed aside inside it and a paragraph after it."""
    story = "".join(f"<p>{PROSE} Part {n}.</p>" for n in range(12))
    html = (
        "<html><head><title>Budget</title></head><body>"
        f"<article>{story}<div class='share-tools'><p>Inside the story but boxed.</p></div>"
        f"{story}</article><div class='after'><p>After the story, more prose.</p></div>"
        "</body></html>"
    )
    root = parse_html(html)
    assert root is not None
    page = analyse_page(root, all_blocks=True)
    page.declared_article = declared
    page.ladder_share = share  # as if the ladder held little of the page's text
    assert page.blocks is not None and ladder_bounds(declared, page.heuristic)
    return page


def scores_for(page: PageAnalysis, wanted: dict[str, float]) -> np.ndarray:
    assert page.blocks is not None
    return np.array([wanted.get(line.text, 0.0) for line in page.blocks.lines])


INSIDE = "Inside the story but boxed."
AFTER = "After the story, more prose."


def test_the_model_adds_the_lines_it_is_sure_of_to_the_ladders() -> None:
    page = bounded_page(declared=False)
    ladder = [line.text for line in page.heuristic]
    assert INSIDE not in ladder and AFTER not in ladder
    sure = choose(page, scores_for(page, {AFTER: 0.99}), 0.5)
    texts = [line.text for line in sure.lines]
    assert texts == [*ladder, AFTER]  # the ladder's lines, in page order, and the sure line
    assert sure.bounded and sure.kept is not None and len(sure.added) == 1
    # the lines the model would keep by itself are added: not a line it is unsure of when
    # it is sure of the ladder's (keeping that line would lower the expected F1)
    sure_of_ladder = {text: 0.95 for text in ladder}
    unsure = choose(page, scores_for(page, {**sure_of_ladder, AFTER: 0.3}), 0.5)
    assert [line.text for line in unsure.lines] == ladder


def test_with_a_fixed_cut_the_model_adds_lines_over_the_add_score(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("scraper.extractor.body.EXPECTED_F1", False)
    page = bounded_page(declared=False)
    ladder = [line.text for line in page.heuristic]
    unsure = choose(page, scores_for(page, {AFTER: MODEL_ADD_SCORE - 0.01}), 0.5)
    assert [line.text for line in unsure.lines] == ladder
    sure = choose(page, scores_for(page, {AFTER: MODEL_ADD_SCORE}), 0.5)
    assert [line.text for line in sure.lines] == [*ladder, AFTER]


def test_on_a_declared_article_only_lines_within_the_story_are_added() -> None:
    page = bounded_page(declared=True, share=(SPREAD_SHARE + LADDER_SURE_SHARE) / 2)
    scores = scores_for(page, {AFTER: 0.99, INSIDE: DECLARED_ADD_SCORE})
    texts = [line.text for line in choose(page, scores, 0.5).lines]
    assert INSIDE in texts and AFTER not in texts


def test_a_declared_article_whose_ladder_holds_little_gains_sure_lines_anywhere() -> None:
    page = bounded_page(declared=True, share=SPREAD_SHARE / 2)
    sure = choose(page, scores_for(page, {AFTER: SPREAD_ADD_SCORE}), 0.5)
    assert AFTER in [line.text for line in sure.lines] and len(sure.added) == 1
    unsure = choose(page, scores_for(page, {AFTER: SPREAD_ADD_SCORE - 0.01}), 0.5)
    assert unsure.lines == page.heuristic


def test_expected_f1_keeps_more_lines_on_a_page_the_model_is_unsure_of() -> None:
    lines = [Line("one two three four five six")] * 2 + [Line("seven eight")]
    sure = expected_f1_lines(lines, np.array([0.95, 0.9, 0.05]), 0.5)
    assert sure.tolist() == [True, True, False]  # as the 0.5 cut
    # nothing over 0.5, but the probable body is these words: keeping them beats keeping none
    unsure = expected_f1_lines(lines, np.array([0.45, 0.4, 0.02]), 0.5)
    assert unsure.tolist() == [True, True, False]


def test_where_the_ladder_holds_the_page_the_model_adds_only_within_its_span() -> None:
    page = bounded_page(declared=False)
    page.ladder_share = LADDER_SURE_SHARE
    ladder = [line.text for line in page.heuristic]
    choice = choose(page, scores_for(page, {AFTER: 0.99}), 0.5)
    assert [line.text for line in choice.lines] == ladder and not choice.added
    # the boxed paragraph inside the story, which the class pruning took out, comes back
    boxed = choose(page, scores_for(page, {AFTER: 0.99, INSIDE: SPAN_ADD_SCORE}), 0.5)
    texts = [line.text for line in boxed.lines]
    assert INSIDE in texts and AFTER not in texts and len(boxed.added) == 1
    assert texts.index(INSIDE) == ladder.index(f"{PROSE} Part 11.") + 1  # in page order
    unsure = choose(page, scores_for(page, {INSIDE: SPAN_ADD_SCORE - 0.01}), 0.5)
    assert [line.text for line in unsure.lines] == ladder


def test_with_a_drop_score_the_ladders_lines_the_model_doubts_are_dropped(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    page = bounded_page(declared=False)
    ladder = [line.text for line in page.heuristic]
    doubted = f"{PROSE} Part 3."
    scores = scores_for(page, {**dict.fromkeys(ladder, 0.95), doubted: 0.1, AFTER: 0.99})
    kept = [line.text for line in choose(page, scores, 0.5).lines]
    assert doubted in kept and AFTER in kept  # off by default: the ladder's lines stand
    monkeypatch.setattr("scraper.extractor.body.LADDER_DROP_SCORE", 0.2)
    dropped = [line.text for line in choose(page, scores, 0.5).lines]
    assert doubted not in dropped and AFTER in dropped
    assert dropped == [text for text in kept if text != doubted]


def test_a_hidden_line_is_never_added_to_the_ladders() -> None:
    story = "".join(f"<p>{PROSE} Part {n}.</p>" for n in range(12))
    for hidden in ("<p hidden>", '<p aria-hidden="true">', '<p style="display: none">'):
        html = (
            "<html><head><title>Budget</title></head><body><article>"
            f"{story}{hidden}{INSIDE}</p>{story}</article></body></html>"
        )
        root = parse_html(html)
        assert root is not None
        page = analyse_page(root, all_blocks=True)
        page.ladder_share = 0.1
        assert page.hidden is not None and sum(page.hidden) == 1
        scores = scores_for(page, {INSIDE: 0.99, AFTER: 0.99})
        assert INSIDE not in [line.text for line in choose(page, scores, 0.5).lines]


def test_the_ladder_stands_when_it_holds_nearly_all_the_visible_text() -> None:
    """Hidden lines do not count against the ladder's share, and lone hidden paragraphs (not a
    panel of several lines) are never added back to the ladder's lines."""
    html = (
        "<html><head><title>Budget</title></head><body><div class='story'>"
        f"<p>{PROSE}</p><p>{PROSE} Again.</p></div>"
        f"<p hidden>{PROSE} Hidden once.</p>"
        f"<div style='display:none'><p>{PROSE} Hidden twice.</p></div></body></html>"
    )
    root = parse_html(html)
    assert root is not None
    page = analyse_page(root, all_blocks=True)
    assert page.blocks is not None and len(page.heuristic) == 2
    scores = scores_for(page, {line.text: 0.99 for line in page.blocks.lines})
    choice = choose(page, scores, 0.5)
    assert choice.bounded and [line.text for line in choice.lines] == [PROSE, f"{PROSE} Again."]


def test_a_declared_article_needs_a_surer_score_to_gain_a_line_within_its_span() -> None:
    page = bounded_page(declared=True, share=LADDER_SURE_SHARE)
    assert DECLARED_ADD_SCORE > SPAN_ADD_SCORE
    between = choose(page, scores_for(page, {INSIDE: SPAN_ADD_SCORE}), 0.5)
    assert INSIDE not in [line.text for line in between.lines]
    sure = choose(page, scores_for(page, {INSIDE: DECLARED_ADD_SCORE}), 0.5)
    assert INSIDE in [line.text for line in sure.lines]


def ladder_page(inside: str) -> PageAnalysis:
    """A long story the ladder holds whole, with ``inside`` between its paragraphs."""
    story = "".join(f"<p>{PROSE} Part {n}.</p>" for n in range(12))
    root = parse_html(
        f"<html><head><title>Budget</title></head><body><article>{story}{inside}{story}"
        "</article></body></html>"
    )
    assert root is not None
    return analyse_page(root)


def test_the_model_is_run_only_where_the_ladders_container_has_gaps() -> None:
    whole = ladder_page("")
    assert not whole.ladder_gaps and whole.blocks is None  # nothing the model could add
    assert whole.ladder_share >= LADDER_SURE_SHARE
    boxed = ladder_page("<div class='share-tools'><p>Inside the story but boxed.</p></div>")
    assert boxed.ladder_gaps and boxed.blocks is not None  # the pruned box is back in the page
    assert INSIDE in [line.text for line in boxed.blocks.lines]
    assert INSIDE not in [line.text for line in boxed.heuristic]
    cleaned = ladder_page("<p><a href='/a'>Read more of our coverage here</a></p>")
    assert cleaned.ladder_gaps and cleaned.blocks is not None  # a line the cleaner dropped


def decided_page() -> PageAnalysis:
    """A page the model decides (no ladder text): a story, then the same box three times."""
    box = "<div class='box'><p>Blue kettle, two litres.</p><p>Ships in two days.</p></div>"
    html = f"<html><body><p>{PROSE}</p>{box}<p>{PROSE} Again.</p>{box}{box}</body></html>"
    root = parse_html(html)
    assert root is not None
    page = analyse_page(root, all_blocks=True)
    page.heuristic = []  # as if the ladder found nothing: the model decides
    return page


def test_where_the_model_decides_it_keeps_one_copy_of_a_repeated_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    page = decided_page()
    assert page.blocks is not None
    scores = scores_for(page, {line.text: 0.9 for line in page.blocks.lines})
    choice = choose(page, scores, 0.5)
    assert not choice.bounded and choice.kept is not None
    texts = [line.text for line in choice.lines]
    assert texts == [PROSE, "Blue kettle, two litres.", "Ships in two days.", f"{PROSE} Again."]
    assert len(choice.repeats) == 4 and not any(choice.kept[index] for index in choice.repeats)
    alone = model_alone(page, scores, 0.5)
    assert alone is not None and [line.text for line in alone.lines] == texts
    monkeypatch.setattr("scraper.extractor.body.DROP_REPEATS", False)
    every = choose(page, scores, 0.5)
    assert len(every.lines) == 8 and not every.repeats
