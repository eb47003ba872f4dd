"""The learned per-page path chooser: it loads once, reads the features it was trained on, is
deterministic, never overrides a page where the ladder is sure, returns the path it picks
(``extract().text`` and ``explain_body`` agree on it), and its widened path only adds lines to
``choose``'s."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from scraper import extract
from scraper.extractor.body import (
    PageAnalysis,
    analyse_page,
    choose,
    choose_path,
    ladder_is_sure,
    lines_to_text,
    model_alone,
    path_candidates,
    widened,
)
from scraper.extractor.model import shipped_model
from scraper.extractor.parse import parse_html
from scraper.extractor.pathchoice import (
    PAGE_FEATURE_NAMES,
    PATH_MODEL_PATH,
    PATHS,
    PathChooser,
    load_chooser,
    page_features,
    shipped_chooser,
)
from scraper.extractor.sequence import block_scores

PAGES = Path(__file__).resolve().parent.parent / "fixtures" / "pages"


def analysed(name: str) -> tuple[PageAnalysis, np.ndarray]:
    root = parse_html((PAGES / name).read_text(encoding="utf-8"))
    assert root is not None
    page = analyse_page(root, all_blocks=True)
    model = shipped_model()
    assert model is not None
    return page, block_scores(model, page.features())  # the scores ``extract`` reads


def fixed_chooser(*probabilities: float) -> PathChooser:
    """A chooser that gives every page the same probability per alternative (no features
    read); one probability serves every alternative of ``PATHS``."""
    width = len(PAGE_FEATURE_NAMES)
    if len(probabilities) == 1:
        probabilities *= len(PATHS) - 1
    logits = [np.log(p / (1.0 - p)) for p in probabilities]
    return PathChooser(
        mean=np.zeros(width),
        scale=np.ones(width),
        coef=np.zeros((len(logits), width)),
        intercept=np.array(logits),
        margin=0.5,
    )


def is_sure(page: PageAnalysis) -> bool:
    return ladder_is_sure(
        page.declared_article, page.heuristic, page.ladder_share, page.ladder_gaps
    )


def test_shipped_chooser_loads_once_and_reads_the_page_features() -> None:
    chooser = shipped_chooser()
    assert chooser is not None and chooser is shipped_chooser()
    assert 1 <= chooser.alternatives <= len(PATHS) - 1  # the model's path, maybe the widened
    assert chooser.coef.shape == (chooser.alternatives, len(PAGE_FEATURE_NAMES))
    assert 0.5 <= chooser.margin < 1.0
    assert PATH_MODEL_PATH.stat().st_size < 20_000  # a small file shipped with the package


def test_a_chooser_trained_on_other_features_is_refused(tmp_path: Path) -> None:
    with np.load(PATH_MODEL_PATH) as data:
        arrays = dict(data)
    arrays["feature_names"] = np.array(PAGE_FEATURE_NAMES[:-1])
    stale = tmp_path / "stale.npz"
    np.savez(stale, **arrays)
    with pytest.raises(ValueError, match="other features"):
        load_chooser(stale)


@pytest.mark.parametrize("name", sorted(path.name for path in PAGES.glob("*.html")))
def test_features_and_pick_are_deterministic(name: str) -> None:
    first_page, first_scores = analysed(name)
    second_page, second_scores = analysed(name)
    first = path_candidates(first_page, first_scores, 0.5)
    second = path_candidates(second_page, second_scores, 0.5)
    assert first.features.shape == (len(PATHS) - 1, len(PAGE_FEATURE_NAMES))
    assert np.isfinite(first.features).all()
    assert np.array_equal(first.features, second.features)
    assert first.available == second.available
    chooser = shipped_chooser()
    available = np.array(first.available)[: chooser.alternatives]
    assert chooser.pick(first.features[: chooser.alternatives], available) == chooser.pick(
        second.features[: chooser.alternatives], available
    )


def test_without_a_chooser_the_rules_decide() -> None:
    page, scores = analysed("listing_category.html")
    assert choose_path(page, scores, 0.5, None).lines == choose(page, scores, 0.5).lines


def test_a_sure_ladder_is_never_overridden() -> None:
    page, scores = analysed("tables_and_code.html")
    assert is_sure(page)
    picked = choose_path(page, scores, 0.5, fixed_chooser(0.99))
    assert picked.lines == choose(page, scores, 0.5).lines


def test_the_chooser_returns_the_path_it_picks() -> None:
    page, scores = analysed("listing_category.html")
    assert not is_sure(page)
    alone = model_alone(page, scores, 0.5)
    rules = choose(page, scores, 0.5)
    assert alone is not None and lines_to_text(alone.lines) != lines_to_text(rules.lines)
    assert choose_path(page, scores, 0.5, fixed_chooser(0.99)).lines == alone.lines
    assert choose_path(page, scores, 0.5, fixed_chooser(0.01)).lines == rules.lines


def test_a_declared_news_story_keeps_the_ladder_bounded_lines() -> None:
    page, scores = analysed("news_article.html")
    assert page.declared_article and not is_sure(page)
    candidates = path_candidates(page, scores, 0.5)
    chooser = shipped_chooser()
    available = np.array(candidates.available)[: chooser.alternatives]
    assert PATHS[chooser.pick(candidates.features[: chooser.alternatives], available)] == "now"
    assert (
        choose_path(page, scores, 0.5, shipped_chooser()).lines == choose(page, scores, 0.5).lines
    )


def test_extract_returns_the_chosen_path() -> None:
    html = (PAGES / "listing_category.html").read_text(encoding="utf-8")
    page, scores = analysed("listing_category.html")
    chosen = choose_path(page, scores, 0.5, shipped_chooser())
    assert extract(html).text == lines_to_text(chosen.lines)


def test_a_page_without_lines_has_neutral_features() -> None:
    empty = np.zeros(0, dtype=bool)
    masks = {"ladder": empty, "now": empty, "model": empty}
    features = page_features(
        [], np.zeros(0), masks, declared=True, gaps=True, pruned_share=0.0, branch=0
    )
    assert features.shape == (len(PAGE_FEATURE_NAMES),) and not features.any()


def test_the_model_alone_never_only_drops_lines_from_the_rules_choice() -> None:
    # three paragraphs in an <article>: the model scores one low; its lines alone add nothing
    # to choose's, so even a chooser sure of them keeps every paragraph
    sentences = [" ".join([word] * 12) for word in ("000000000", "00000000", "00000000")]
    html = "<html><body><article>" + "".join(f"<p>{s}</p>" for s in sentences) + "</article>"
    root = parse_html(html + "</body></html>")
    assert root is not None
    page = analyse_page(root, all_blocks=True)
    scores = shipped_model().scores(page.features())
    assert not path_candidates(page, scores, 0.5).model_adds
    picked = lines_to_text(choose_path(page, scores, 0.5, fixed_chooser(0.99)).lines)
    assert all(sentence in picked for sentence in sentences)


def test_the_widened_path_adds_the_models_lines_to_the_rules_choice() -> None:
    # where the ladder's lines stand and the model adds, the third path keeps every line
    # ``choose`` keeps and more; a chooser sure of it alone returns it
    page, scores = analysed("listing_category.html")
    candidates = path_candidates(page, scores, 0.5)
    rules, wide = candidates.choices["now"], candidates.choices["widened"]
    assert rules.bounded and rules.kept is not None and wide.bounded
    assert all(wide.kept[index] for index, kept in enumerate(rules.kept) if kept)
    assert len(wide.lines) > len(rules.lines)
    assert candidates.available[PATHS.index("widened") - 1]
    assert choose_path(page, scores, 0.5, fixed_chooser(0.01, 0.99)).lines == wide.lines
    assert choose_path(page, scores, 0.5, fixed_chooser(0.99, 0.01)).lines == (
        candidates.choices["model"].lines
    )
    assert choose_path(page, scores, 0.5, fixed_chooser(0.01, 0.01)).lines == rules.lines


def test_the_widened_path_adds_no_lone_hidden_line_and_no_copy() -> None:
    page, scores = analysed("listing_category.html")
    rules = choose(page, scores, 0.5)
    lines = page.blocks.lines
    everything = np.ones(len(lines), dtype=bool)
    shown = page.hidden or [0] * len(lines)
    # every line outside choose's made a lone hidden line: nothing may be added
    page.hidden = [count if kept else 1 for count, kept in zip(shown, rules.kept, strict=True)]
    assert widened(page, rules, everything) is None
    page.hidden = shown
    wide = widened(page, rules, everything)
    assert wide is not None
    kept_texts = {line.text for line in rules.lines}
    added = [line.text for line, old, new in zip(lines, rules.kept, wide.kept, strict=True)]
    added = [
        text for text, old, new in zip(added, rules.kept, wide.kept, strict=True) if new and not old
    ]
    assert added and not set(added) & kept_texts and len(added) == len(set(added))


def test_the_widened_path_is_only_where_the_ladders_lines_stand() -> None:
    page, scores = analysed("listing_home.html")
    rules = choose(page, scores, 0.5)
    assert not rules.bounded
    assert widened(page, rules, np.ones(len(page.blocks.lines), dtype=bool)) is None
    assert "widened" not in path_candidates(page, scores, 0.5).choices


def test_a_two_path_chooser_file_still_loads_and_never_widens(tmp_path: Path) -> None:
    width = len(PAGE_FEATURE_NAMES)
    older = tmp_path / "two_paths.npz"
    np.savez(
        older,
        mean=np.zeros(width),
        scale=np.ones(width),
        coef=np.zeros((1, width)),
        intercept=np.array([5.0]),
        feature_names=np.array(PAGE_FEATURE_NAMES),
        margin=np.array(0.75),
    )
    chooser = load_chooser(older)
    assert chooser.alternatives == 1
    page, scores = analysed("listing_category.html")
    alone = model_alone(page, scores, 0.5)
    assert alone is not None and choose_path(page, scores, 0.5, chooser).lines == alone.lines
