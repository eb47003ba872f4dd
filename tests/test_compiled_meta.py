"""The metadata rankers' loops in C (``_cmeta``) give what their Python twins give: the trees'
score is the generated Python function's float, bit for bit, for the shipped models on the
fixture pages' candidates and on random feature dicts (ints, bools, huge ints, odd types go
to the fallback); ``word_hits`` finds the words the ``bytes.find`` loop finds, on the fixture
pages and on random byte strings built to hit every edge (word ends, the no-break space, the
data's end, past eight misses). Skipped where the extension is not built."""

from __future__ import annotations

import math
import random
from pathlib import Path

import pytest

from scraper.extractor import authorscan, datescan, meta_model, metadata, vocab
from scraper.extractor.parse import parse_html

compiled = pytest.importorskip("scraper.extractor._cmeta")

PAGES = Path(__file__).resolve().parent.parent / "fixtures" / "pages"


def _tree_models() -> dict[str, meta_model.FieldModel]:
    models = {name: m for name, m in meta_model.load_models().items() if m.trees}
    assert models  # the shipped file has tree models
    return models


def _python_scores(features: dict[str, object], model: meta_model.FieldModel) -> list[object]:
    """The generated function's and the reference walk's scores."""
    generated = meta_model._compile_trees(model.bias, model.trees)
    assert generated is not None
    return [generated(features), model._walk_trees(features)]


def _candidate_features(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, dict]]:
    """Every (model, features) ``read_metadata`` scores on the fixture pages."""
    seen: list[tuple[str, dict]] = []
    models = meta_model.load_models()
    names = {id(model): name for name, model in models.items()}
    original = meta_model.FieldModel.score

    def spy(self: meta_model.FieldModel, features: dict[str, float]) -> float:
        seen.append((names[id(self)], dict(features)))
        return original(self, features)

    monkeypatch.setattr(meta_model.FieldModel, "score", spy)
    for page in sorted(PAGES.rglob("*.html"))[:80]:
        root = parse_html(page.read_text(encoding="utf-8"))
        if root is not None:
            metadata.read_metadata(root, "https://example.com/2024/05/a-post/")
    monkeypatch.undo()
    return [(name, features) for name, features in seen if models[name].trees]


def test_trees_score_as_the_generated_python_on_fixture_candidates(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    models = _tree_models()
    seen = _candidate_features(monkeypatch)
    assert len(seen) > 50
    scorers = {name: compiled.Trees(m.bias, m.trees, lambda f: None) for name, m in models.items()}
    for name, features in seen:
        score = scorers[name].score(features)
        assert type(score) is float
        for other in _python_scores(features, models[name]):
            assert score == other or (math.isnan(score) and math.isnan(other))


def test_trees_score_random_features_and_hand_odd_values_to_the_fallback() -> None:
    rng = random.Random(11)
    for model in _tree_models().values():
        keys = sorted({node[0] for nodes in model.trees for node in nodes if node[0]})
        thresholds = [node[1] for nodes in model.trees for node in nodes if node[0]]
        calls: list[dict] = []

        def fallback(
            features: dict, model: meta_model.FieldModel = model, calls: list[dict] = calls
        ) -> object:
            calls.append(features)
            return _python_scores(features, model)[0]

        scorer = compiled.Trees(model.bias, model.trees, fallback)
        for _ in range(150):  # per model: the averaged author models hold 150 + 120 trees
            features: dict[str, object] = {}
            for key in rng.sample(keys, rng.randint(0, len(keys))):
                kind = rng.random()
                if kind < 0.3:  # exactly on a threshold: the <= side
                    features[key] = rng.choice(thresholds)
                elif kind < 0.5:
                    features[key] = rng.choice([0, 1, True, False, -3, 2**53, -(2**53)])
                elif kind < 0.55:
                    features[key] = rng.choice([math.inf, -math.inf, math.nan, -0.0])
                else:
                    features[key] = rng.uniform(-2.0, 2.0)
            features["not a feature"] = "ignored"
            score = scorer.score(features)
            expected = _python_scores(features, model)
            assert all(score == e or (math.isnan(score) and math.isnan(e)) for e in expected)
        assert not calls  # every value above is read in C
        key = keys[0]
        for odd in (2**53 + 1, -(2**80), None, "1", 1.5j):
            calls.clear()
            try:
                expected_score = _python_scores({key: odd}, model)[0]
            except TypeError:  # Python cannot compare it: neither can the fallback
                with pytest.raises(TypeError):
                    scorer.score({key: odd})
            else:
                assert scorer.score({key: odd}) == expected_score
            assert calls  # the fallback read it

        class Sub(dict):
            pass

        calls.clear()
        assert scorer.score(Sub({key: 1.0})) == _python_scores({key: 1.0}, model)[0]
        assert calls


def test_the_field_model_scores_in_c_when_built_and_the_same_without(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen = _candidate_features(monkeypatch)
    scores = {}
    for switch in (True, False):
        monkeypatch.setattr(meta_model, "COMPILED_TREES", switch)
        fresh = {
            name: meta_model.FieldModel(m.weights, m.bias, m.threshold, m.trees)
            for name, m in _tree_models().items()
        }
        scores[switch] = [fresh[name].score(features) for name, features in seen]
        assert isinstance(getattr(fresh["authors"]._compiled_c, "__self__", None), compiled.Trees)
        assert not isinstance(getattr(fresh["authors"]._compiled, "__self__", None), compiled.Trees)
    assert scores[True] == scores[False]


def _find_loop(data: bytes, words: list[str]) -> set[str]:
    monkey = metadata.COMPILED_WORD_HITS
    metadata.COMPILED_WORD_HITS = False
    try:
        return metadata._common_words_in_bytes(None, words, data)  # type: ignore[arg-type]
    finally:
        metadata.COMPILED_WORD_HITS = monkey


def test_word_ends_are_the_python_loops() -> None:
    assert frozenset(b" \n\t,.;:!?)") == metadata._WORD_END_BYTES


def test_word_hits_on_edges_and_random_bytes() -> None:
    assert compiled.word_hits(b"", [], 8) == []
    assert compiled.word_hits(b"a now", [b" now"], 8) == [True]  # the data's end
    assert compiled.word_hits(b"a now", [b" now"], 0) == [False]
    assert compiled.word_hits(b" now\xc2", [b" now"], 8) == [False]  # half a no-break space
    assert compiled.word_hits(b" now\xc2\xa0", [b" now"], 8) == [True]
    assert compiled.word_hits(b"x", [b"now"], 8) is None  # no leading space
    assert compiled.word_hits(b"x", [b" "], 8) is None
    assert compiled.word_hits(b"x", [b" a b"], 8) is None  # a second space
    assert compiled.word_hits(b"x", ["now"], 8) is None
    misses = b" nowhere" * 8
    assert compiled.word_hits(misses + b" now.", [b" now"], 8) == [False]  # past eight misses
    assert compiled.word_hits(misses[8:] + b" now.", [b" now"], 8) == [True]
    rng = random.Random(5)
    vocabulary = ["now", "nowhere", "tips", "café", "über", "straße", "apply", "ap", "\u4e2d文"]
    pieces = [" ", "\n", "\t", ",", ".", ")", "!", "\u00a0", "-", "x", "é", "\u00c2", "\u00a0a"]
    for _ in range(2000):
        text = "".join(
            rng.choice(vocabulary) if rng.random() < 0.5 else rng.choice(pieces)
            for _ in range(rng.randint(0, 60))
        )
        data = text.encode("utf-8")
        words = rng.sample(vocabulary, rng.randint(1, 5))
        probes = [(" " + word).encode("utf-8") for word in words]
        hits = compiled.word_hits(data, probes, 8)
        assert {w for w, hit in zip(words, hits, strict=True) if hit} == _find_loop(data, words)
        assert metadata._common_words_in_bytes(None, words, data) == _find_loop(data, words)  # type: ignore[arg-type]


def test_common_words_on_fixture_pages_both_ways() -> None:
    rng = random.Random(3)
    pages = sorted(PAGES.rglob("*.html"))[:60]
    for page in pages:
        root = parse_html(page.read_text(encoding="utf-8"))
        body = None if root is None else root.find("body")
        if body is None:
            continue
        data = metadata._body_bytes(body)
        words = [w.lower() for w in data.decode("utf-8").split() if w.isalpha() and len(w) > 2]
        if not words:
            continue
        for _ in range(10):
            picked = list(dict.fromkeys(rng.sample(words, min(len(words), 30))))
            picked.append("zzzqx")
            assert metadata._common_words_in_bytes(body, picked, data) == _find_loop(data, picked)


def _class_strings() -> list[str]:
    """Every class and id string of the fixture pages, plus glued and odd-case variants."""
    found: set[str] = set()
    for page in sorted(PAGES.rglob("*.html")):
        root = parse_html(page.read_text(encoding="utf-8"))
        if root is None:
            continue
        for element in root.iter():
            for name in ("class", "id"):
                value = element.get(name) if isinstance(element.tag, str) else None
                if value:
                    found.add(value)
    return sorted(found)


def _place_and_verdict_patterns() -> list[tuple[object, tuple[str, ...]]]:
    return [
        (authorscan._BIO_RE, authorscan._BIO_LITERALS),
        (authorscan._OTHER_RE, authorscan._OTHER_LITERALS),
        (authorscan._ASIDE_RE, authorscan._ASIDE_LITERALS),
        (authorscan._SOCIAL_RE, authorscan._SOCIAL_LITERALS),
        (datescan._NOT_POST_RE, datescan._NOT_POST_LITERALS),
        (datescan._DATE_HINT_RE, datescan._DATE_HINT_LITERALS),
        (datescan._ASIDE_RE, datescan._ASIDE_LITERALS),
    ]


def test_a_string_holding_no_literal_word_never_matches_its_pattern() -> None:
    """``may_hold``'s False is exact: on the fixtures' class/id strings, every word of the
    patterns glued to separators in random case, and the case-folding letters."""
    rng = random.Random(9)
    strings = _class_strings()
    words = [w for _, literals in _place_and_verdict_patterns() for w in literals]
    words += ["about-the-author", "author-box", "more-from", "read-next", "breadcrumb", "bio"]
    words += ["x", "Post", "entry", "a1"]
    for _ in range(4000):
        parts = [rng.choice(words) for _ in range(rng.randint(1, 4))]
        glued = "".join(p + rng.choice(["", "-", "_", " ", "__", "X"]) for p in parts)
        strings.append("".join(c.upper() if rng.random() < 0.3 else c for c in glued))
    strings += ["ſhare", "ſocial", "bıo", "K-widget", "author\u212a", "wıdget", "SIDEBAR"]
    assert len(strings) > 4000
    for pattern, literals in _place_and_verdict_patterns():
        for text in strings:
            if pattern.search(text):  # type: ignore[attr-defined]
                assert vocab.may_hold(text, literals), (pattern, text)
    # the verdicts themselves, memos emptied, the filters on and against the bare searches
    datescan._words_verdict.cache_clear()
    authorscan._words_place.cache_clear()
    for text in strings:
        assert datescan._words_verdict(text) == _bare_verdict(text)
        assert authorscan._words_place(text) == _bare_place(text)


def _bare_verdict(words: str) -> int:
    words = datescan._role_words(words)
    if not words.strip():
        return 0
    verdict = datescan._NOT_POST if datescan._NOT_POST_RE.search(words) else 0
    if datescan._DATE_HINT_RE.search(words):
        verdict |= datescan._HINT
    if datescan._ASIDE_RE.search(words):
        verdict |= datescan._ASIDE
    return verdict


def _bare_place(words: str) -> int:
    for pattern, place in (
        (authorscan._BIO_RE, authorscan._BIO),
        (authorscan._OTHER_RE, authorscan._OTHER),
        (authorscan._ASIDE_RE, authorscan._ASIDE),
        (authorscan._SOCIAL_RE, authorscan._SOCIAL),
    ):
        if pattern.search(words):
            return place
    return 0


def test_the_banner_class_memo_answers_as_the_search() -> None:
    for text in [*_class_strings(), "Hero", "site-LOGO", "brandy", "x"]:
        assert metadata._banner_classed(text) == bool(metadata._BANNER_CLASS_RE.search(text))
