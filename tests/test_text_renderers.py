"""Dumps made by real text browsers (Debian's lynx, w3m, links2, elinks), an HTML-to-text
library and a graphical browser's copy of the page (headless Chromium's innerText).

The fixture pages with a known clean body are rendered here, then read back by
``extract_text``: the body must match the expected text closely, whatever drew it. links2,
elinks and Chromium are renderers no text model was trained on (``benchmarks/text_bench.py
--held-out``). The browsers (and Playwright, which drives Chromium) are installed by
``.ci/run``; without them those cases are skipped, not failed.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from scraper import extract_text
from scraper.extractor.textsite import learn_site_lines

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
import chromium_text  # benchmarks/chromium_text.py, the benchmark's renderer

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
PAGES = FIXTURES / "pages"
BLOG_POSTS = sorted((FIXTURES / "blog").glob("20*/*/*/*/index.html"))
ARTICLES = sorted(p.name.removesuffix(".expected.txt") for p in PAGES.glob("*.expected.txt"))
WORD_RE = re.compile(r"\w+")
# Code blocks and tables between the prose lose their structure in a dump and score like
# chrome; the run can stop at them (a known weakness), so that page's floor is lower.
FLOOR = {"tables_and_code": 0.7}


def lynx(html: str) -> str:
    return render(["lynx", "-dump", "-stdin", "-force_html", "-width=80",
                   "-assume_charset=utf-8", "-display_charset=utf-8"], html)  # fmt: skip


def w3m(html: str) -> str:
    return render(["w3m", "-dump", "-T", "text/html", "-cols", "80",
                   "-I", "UTF-8", "-O", "UTF-8"], html)  # fmt: skip


def inscriptis(html: str) -> str:
    get_text = pytest.importorskip("inscriptis").get_text
    return get_text(html)


def links2(html: str) -> str:
    return render_file(["links2", "-dump", "-width", "80", "-codepage", "utf-8",
                        "-html-assume-codepage", "utf-8", "-html-hard-assume", "1"],
                       html)  # fmt: skip


def elinks(html: str) -> str:
    return render_file(["elinks", "-dump", "-dump-width", "80", "-dump-charset", "utf-8",
                        "-dump-color-mode", "0", "-no-connect", "-no-home",
                        "-eval", 'set document.codepage.assume = "utf-8"',
                        "-eval", "set document.codepage.force_assumed = 1"], html)  # fmt: skip


_BROWSER: list[Any] = []  # one Chromium for the module's cases (closed by close_chromium)


def chromium(html: str) -> str:
    """``document.body.innerText`` in headless Chromium, JavaScript off, nothing fetched."""
    why = chromium_text.missing()
    if why:
        pytest.skip(f"{why} (.ci/run installs it)")
    if not _BROWSER:
        _BROWSER.append(chromium_text.ChromiumText())
    text = _BROWSER[0].render(html)
    assert text is not None, "Chromium failed to render the page"
    return text


@pytest.fixture(autouse=True, scope="module")
def close_chromium() -> Iterator[None]:
    yield
    while _BROWSER:
        _BROWSER.pop().close()


def render_file(command: list[str], html: str) -> str:
    """links2 and elinks read the page from a file (as ``text_bench.py`` runs them). elinks
    writes some characters outside the BMP as invalid UTF-8: those are read as U+FFFD."""
    with tempfile.NamedTemporaryFile("wb", suffix=".html") as handle:
        handle.write(html.encode("utf-8"))
        handle.flush()
        return render([*command, handle.name], "", errors="replace")


def render(command: list[str], html: str, errors: str = "strict") -> str:
    if shutil.which(command[0]) is None:
        pytest.skip(f"{command[0]} is not installed (.ci/run installs it)")
    done = subprocess.run(command, input=html.encode("utf-8"), capture_output=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout.decode("utf-8", errors)


RENDERERS = {"lynx": lynx, "w3m": w3m, "inscriptis": inscriptis, "links2": links2,
             "elinks": elinks, "chromium": chromium}  # fmt: skip


def word_f1(gold: str, pred: str) -> float:
    """The benchmarks' metric: F1 of lower-cased word bags."""
    g, p = Counter(WORD_RE.findall(gold.lower())), Counter(WORD_RE.findall(pred.lower()))
    overlap = sum((g & p).values())
    if not overlap:
        return 0.0
    prec, rec = overlap / sum(p.values()), overlap / sum(g.values())
    return 2 * prec * rec / (prec + rec)


@pytest.mark.parametrize("renderer", sorted(RENDERERS))
@pytest.mark.parametrize("page", ARTICLES)
def test_rendered_fixture_pages_give_their_clean_body(page: str, renderer: str) -> None:
    html = (PAGES / f"{page}.html").read_text(encoding="utf-8")
    expected = (PAGES / f"{page}.expected.txt").read_text(encoding="utf-8")
    dump = RENDERERS[renderer](html)
    article = extract_text(dump)
    whole = word_f1(expected, dump)
    ours = word_f1(expected, article.text)
    assert ours >= FLOOR.get(page, 0.85), (ours, article.text[:500])
    assert ours > whole


@pytest.mark.parametrize("renderer", ["lynx", "w3m", "links2", "elinks", "chromium"])
def test_seed_page_rendered_by_a_browser_keeps_its_body_and_byline(renderer: str) -> None:
    html = (PAGES / "wordpress_seed.html").read_text(encoding="utf-8")
    expected = (PAGES / "wordpress_seed.expected.txt").read_text(encoding="utf-8")
    article = extract_text(RENDERERS[renderer](html))
    assert word_f1(expected, article.text) >= 0.95
    assert article.title == "There are no traffic jams on the extra mile"
    assert article.author == "Jim Connolly"
    assert article.date_published == "2014-07-09"


@pytest.mark.parametrize("renderer", ["lynx", "w3m", "links2", "elinks"])
def test_site_lines_from_the_blog_s_other_posts_only_remove_chrome(renderer: str) -> None:
    dumps = [RENDERERS[renderer](p.read_text(encoding="utf-8")) for p in BLOG_POSTS[:6]]
    repeated = learn_site_lines(dumps)
    assert repeated, "the posts share a menu and a footer"
    for dump in dumps:
        alone = extract_text(dump)
        with_site = extract_text(dump, site_lines=repeated)
        assert with_site.word_count >= 0.8 * alone.word_count
        assert not any(key in repeated for key in with_site.text.lower().splitlines())
