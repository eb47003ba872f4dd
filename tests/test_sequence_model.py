"""The shipped sequence model: its numpy forward pass, its file, and the blend in ``extract``.

The forward pass is checked against a page worked by hand (no torch), and against torch's own
module where torch is installed (a study extra). The file ships with the package and must load
with the shapes the block features give; ``extract`` must run, and stay exact on the seed page,
with the network and without it (the trees alone), and on pages with no lines at all.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from scraper import extract
from scraper.extractor import sequence
from scraper.extractor.body import analyse_page, explain_body
from scraper.extractor.features import FEATURE_NAMES
from scraper.extractor.model import shipped_model
from scraper.extractor.parse import parse_html
from scraper.extractor.sequence import (
    MODEL_PATH,
    SequenceModel,
    block_scores,
    from_arrays,
    load_sequence,
    shipped_sequence,
)

PAGES = Path(__file__).resolve().parent.parent / "fixtures" / "pages"
SEED_URL = "https://www.jimsmarketingblog.com/2014/07/09/no-traffic-jams-extra-mile/"
# the file is data: a tree without it (the network not shipped) runs the trees alone
shipped = pytest.mark.skipif(not MODEL_PATH.exists(), reason="no sequence_model.npz shipped")


def tiny(**changes: object) -> SequenceModel:
    """Two columns, one channel, one convolution at dilation 1 (left tap 1, own 0, right -1)."""
    arrays: dict[str, object] = {
        "log": np.array([], dtype=np.int16),
        "mean": np.zeros(2),
        "inverse_scale": np.ones(2),
        "clip": np.array(6.0),
        "w_in": np.array([[1.0], [1.0]]),
        "b_in": np.array([0.0]),
        "w_conv0": np.array([[1.0], [0.0], [-1.0]]),
        "b_conv0": np.array([0.0]),
        "w_out": np.array([1.0]),
        "b_out": np.array([0.0]),
        "dilations": np.array([1]),
    }
    arrays.update(changes)
    return from_arrays(arrays)  # type: ignore[arg-type]


def test_forward_pass_matches_a_hand_worked_page() -> None:
    # h = relu(x0 + x1) = [1, 2, 0.5]; the convolution reads h before it adds:
    # line 0: 0 (beyond the page) - 2 -> relu 0 -> 1; line 1: 1 - 0.5 -> 2.5; line 2: 2 - 0 -> 2.5
    x = np.array([[1.0, 0.0], [2.0, 0.0], [0.5, 0.0]])
    assert tiny().logits(x) == pytest.approx([1.0, 2.5, 2.5])


def test_forward_pass_logs_counts_and_clips() -> None:
    # column 1 is a count: log1p(e - 1) = 1; column 0 standardised (x - 1) * 2, clipped to 3
    model = tiny(
        log=np.array([1]),
        mean=np.array([1.0, 0.0]),
        inverse_scale=np.array([2.0, 1.0]),
        clip=np.array(3.0),
        w_conv0=np.zeros((3, 1)),
    )
    x = np.array([[1.0, math.e - 1], [100.0, 0.0]])
    assert model.logits(x) == pytest.approx([1.0, 3.0], rel=1e-6)


def test_blend_is_the_weighted_mean_of_logits() -> None:
    model = tiny(weight=np.array(0.25), offset=np.array(-0.5))
    x = np.array([[1.0, 0.0], [2.0, 0.0], [0.5, 0.0]])
    trees = np.array([0.5, 0.9, 1.0])  # a sure tree stays finite (clipped)
    tree_logits = np.log(np.clip(trees, 1e-7, 1 - 1e-7) / (1 - np.clip(trees, 1e-7, 1 - 1e-7)))
    mixed = 0.75 * tree_logits + 0.25 * np.array([1.0, 2.5, 2.5]) - 0.5
    assert model.blend(trees, x) == pytest.approx(1 / (1 + np.exp(-mixed)))


def test_empty_pages_give_empty_scores() -> None:
    model = tiny()
    empty = np.zeros((0, 2))
    assert model.logits(empty).shape == (0,)
    assert model.blend(np.zeros(0), empty).shape == (0,)
    for html in ("", "<html><body></body></html>", "<html><body><div> </div></body></html>"):
        article = extract(html, "https://example.org/empty")
        assert article.text == ""


def test_forward_pass_equals_torch() -> None:
    torch = pytest.importorskip("torch")
    from benchmarks import body_sequence as study

    rng = np.random.default_rng(3)
    features = len(FEATURE_NAMES)
    norm = {
        "log": np.array([0, 5, 9]),
        "mean": rng.normal(size=features).astype(np.float32),
        "inverse_scale": (np.abs(rng.normal(size=features)) + 0.5).astype(np.float32),
    }
    module, numpy_model = study.untrained(features, 16, 0, norm)
    for lines in (1, 2, 7, 40):
        x = np.abs(rng.normal(size=(lines, features))) * 10
        z = study.standardise(x, norm).T[None]
        with torch.no_grad():
            raw = module(torch.from_numpy(z.copy()), torch.ones(1, 1, lines))[0].numpy()
        assert np.abs(numpy_model.logits(x) - raw).max() < 1e-5


@shipped
def test_shipped_file_loads_with_the_feature_shapes() -> None:
    model = shipped_sequence()
    assert model is not None and shipped_sequence() is model  # loaded once
    a = model.arrays
    features, channels = len(FEATURE_NAMES), model.channels
    assert a["w_in"].shape == (features, channels) and a["w_in"].dtype == np.float32
    assert a["mean"].shape == a["inverse_scale"].shape == (features,)
    assert len(model.dilations) >= 1
    for i in range(len(model.dilations)):
        assert a[f"w_conv{i}"].shape == (3 * channels, channels)
        assert a[f"b_conv{i}"].shape == (channels,)
    assert a["w_out"].shape == (channels,)
    assert 0.0 < model.weight < 1.0 and math.isfinite(model.offset)
    assert load_sequence(MODEL_PATH).dilations == model.dilations


def _scores(html: str) -> tuple[np.ndarray, np.ndarray]:
    root = parse_html(html)
    assert root is not None
    x = analyse_page(root, all_blocks=True).features()
    trees = shipped_model()
    assert trees is not None
    return trees.scores(x), block_scores(trees, x)


@shipped
def test_block_scores_blend_only_with_the_file(monkeypatch: pytest.MonkeyPatch) -> None:
    html = (PAGES / "wordpress_seed.html").read_text(encoding="utf-8")
    alone, blended = _scores(html)
    assert blended.shape == alone.shape and ((blended > 0) & (blended < 1)).all()
    assert not np.allclose(alone, blended)
    monkeypatch.setattr(sequence, "shipped_sequence", lambda: None)
    alone_again, trees_only = _scores(html)
    assert np.array_equal(trees_only, alone_again)


@pytest.mark.parametrize("network", [True, False])
def test_extract_runs_and_the_seed_stays_exact(
    monkeypatch: pytest.MonkeyPatch, network: bool
) -> None:
    if not network:
        monkeypatch.setattr(sequence, "shipped_sequence", lambda: None)
    html = (PAGES / "wordpress_seed.html").read_text(encoding="utf-8")
    expected = (PAGES / "wordpress_seed.expected.txt").read_text(encoding="utf-8")
    assert extract(html, SEED_URL).text.split() == expected.split()
    for path in sorted(PAGES.glob("*.html"))[:6]:
        page = path.read_text(encoding="utf-8")
        root = parse_html(page)
        assert root is not None
        kept = [d.text for d in explain_body(root, "https://example.org/a") if d.kept]
        assert "\n".join(kept) == extract(page, "https://example.org/a").text
