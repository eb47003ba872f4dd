"""Second copies in rendered posts: line-number gutters beside code, MathML twins of visual math.

Each case is a small page shaped like a generator's output (Chroma, Pygments, highlight.js,
KaTeX); the checks are on the extracted text a reader would copy.
"""

from __future__ import annotations

from scraper import extract
from scraper.extractor.copies import drop_render_copies
from scraper.extractor.parse import parse_html

PARA_1 = (
    "The river rose three feet overnight, and by morning the old mill road was under water. "
    "Farmers along the valley moved their cattle to higher ground before the bridge closed."
)
PARA_2 = (
    "County engineers said the levee held, but they warned that another storm this weekend "
    "could push the water over the banks near the school and the fire station."
)
PARA_3 = (
    "Residents who need sandbags can collect them at the community hall until Sunday evening, "
    "where volunteers are filling several hundred bags every hour."
)


def page(article: str) -> str:
    """A small blog page: a menu, the post, a footer."""
    return f"""<!doctype html><html><head><title>Notes from the valley</title></head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/archive">Archive</a></li></ul></nav>
<main><article class="post"><h1>Notes from the valley</h1>
<div class="post-content">{article}</div></article></main>
<footer>Copyright the valley blog</footer></body></html>"""


CODE_LINES = ["import sys", "for line in sys.stdin:", "    print(line.upper())"]


def _gutter_table(numbers: list[str], *, sep: str = "\n") -> str:
    gutter = sep.join(f"<span>{n}</span>" for n in numbers)
    code = "\n".join(CODE_LINES)
    return (
        '<div class="highlight"><table><tr>'
        f"<td><pre><code>{gutter}</code></pre></td>"
        f"<td><pre><code>{code}</code></pre></td>"
        "</tr></table></div>"
    )


def _body(html: str) -> str:
    return extract(page(f"<p>{PARA_1}</p>{html}<p>{PARA_2}</p><p>{PARA_3}</p>")).text


def test_line_number_gutter_is_dropped_and_code_kept() -> None:
    text = _body(_gutter_table(["1", "2", "3"]))
    assert "print(line.upper())" in text
    assert "for line in sys.stdin:" in text
    lines = text.splitlines()
    assert "1" not in lines and "2" not in lines and "3" not in lines
    assert PARA_1 in text and PARA_3 in text


def test_gutter_numbered_from_k_and_split_by_br_is_dropped() -> None:
    text = _body(_gutter_table(["41", "42", "43"], sep="<br>"))
    assert "41" not in text.split() and "43" not in text.split()
    assert "print(line.upper())" in text


def _inline_numbered(numbers: list[str], *, classes: bool = False) -> str:
    """Chroma's ``lineNos=inline``: each line an element opening with its number's own
    element (styled ``user-select:none``, or classed ``ln`` beside ``cl``)."""
    number = ' class="ln"' if classes else ' style="user-select:none;margin-right:.4em"'
    flex = ' class="line"' if classes else ' style="display:flex"'
    lines = "".join(
        f"<span{flex}><span{number}>{n}</span><span>{line}\n</span></span>"
        for n, line in zip(numbers, CODE_LINES, strict=True)
    )
    return f'<div class="highlight"><pre tabindex="0"><code>{lines}</code></pre></div>'


def test_inline_line_numbers_are_dropped_and_code_kept() -> None:
    for classes in (False, True):
        text = _body(_inline_numbered(["146", "147", "148"], classes=classes))
        assert "\nimport sys\nfor line in sys.stdin:\n    print(line.upper())" in text
        assert "146" not in text and "147" not in text
        assert PARA_1 in text and PARA_3 in text


def test_lines_opening_with_numbers_out_of_order_keep_them() -> None:
    text = _body(_inline_numbered(["3", "1", "2"]))
    assert "\n3import sys\n1for line" in text  # not a numbering: kept as written


def test_numbers_that_are_not_a_run_stay() -> None:
    table = (
        "<table><tr><td><pre>3\n1\n2</pre></td><td><pre>zeta\nalpha\nbeta</pre></td></tr></table>"
    )
    text = _body(table)
    assert "3\n1\n2" in text


def test_table_of_numbers_without_code_stays() -> None:
    table = "<table><tr><td>1</td><td>Oslo has many parks and a long fjord.</td></tr></table>"
    root = parse_html(f"<html><body>{table}</body></html>")
    drop_render_copies(root)
    assert [td.text for td in root.iter("td")] == ["1", "Oslo has many parks and a long fjord."]


def _katex(visual: str, tex: str, mathml: str) -> str:
    return (
        '<span class="katex"><span class="katex-mathml"><math><semantics>'
        f'{mathml}<annotation encoding="application/x-tex">{tex}</annotation>'
        f'</semantics></math></span><span class="katex-html" aria-hidden="true">{visual}</span>'
        "</span>"
    )


def test_math_with_a_visual_twin_keeps_the_visual_text_once() -> None:
    formula = _katex(
        "<span>E=mc</span><span>2</span>", r"E = mc^2", "<mi>E</mi><mo>=</mo><mi>mc</mi><mn>2</mn>"
    )
    text = _body(f"<p>Einstein wrote {formula} in one short line.</p>")
    assert "Einstein wrote E=mc2 in one short line." in text
    assert "mc^2" not in text
    assert text.count("E=mc") == 1


def test_math_alone_keeps_its_rendering_but_not_its_annotation() -> None:
    formula = (
        "<math><semantics><mi>x</mi><mo>+</mo><mi>y</mi>"
        '<annotation encoding="application/x-tex">x + y</annotation></semantics></math>'
    )
    text = _body(f"<p>The sum {formula} is what the reader sees here.</p>")
    assert "The sum x+y is what the reader sees here." in text
    assert "x + y" not in text


def test_a_long_code_listing_does_not_outvote_the_post_prose() -> None:
    listing = "\n".join(f"    value_{n} = compute(value_{n - 1}, factor={n})" for n in range(1, 80))
    prose = "".join(f"<p>{para}</p>" for para in (PARA_1, PARA_2, PARA_3))
    body = (
        f"{prose}<ul><li>Run the setup step first.</li><li>Then the listing:"
        f"<div class='highlight'><table><tr><td><pre><code>{listing}</code></pre></td></tr>"
        f"</table></div></li></ul><p>{PARA_2.replace('County', 'City')}</p>"
    )
    text = extract(page(body)).text
    assert PARA_1 in text and PARA_3 in text
    assert "value_79 = compute(value_78, factor=79)" in text
    assert PARA_2.replace("County", "City") in text


def test_math_whose_visual_twin_has_no_text_keeps_the_mathml() -> None:
    formula = (
        '<span class="mjx"><span aria-hidden="true"><span class="glyph"></span></span>'
        "<span><math><mi>a</mi><mo>-</mo><mi>b</mi></math></span></span>"
    )
    text = _body(f"<p>The difference {formula} is drawn by a stylesheet.</p>")
    assert "The difference a-b is drawn by a stylesheet." in text


def test_highlighted_comment_tokens_in_code_stay() -> None:
    code = (
        '<pre><code><span class="comment">// read the settings first</span>\n'
        'const settings = load(<span class="string">"app.json"</span>);\n'
        '<span class="hljs-comment"># then start the server</span>\n'
        "start(settings);</code></pre>"
    )
    text = _body(code)
    assert "// read the settings first" in text
    assert "# then start the server" in text
    assert 'const settings = load("app.json");' in text


def test_a_comment_section_outside_code_still_goes() -> None:
    section = '<div class="comment"><p>Great post, thanks!</p></div>'
    text = extract(page(f"<p>{PARA_1}</p><p>{PARA_2}</p><p>{PARA_3}</p>{section}")).text
    assert "Great post" not in text
