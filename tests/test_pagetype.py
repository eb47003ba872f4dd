"""The page-type columns (issue 11 study): one row per page, named, and reading what they say."""

from __future__ import annotations

import numpy as np

from scraper.extractor.body import analyse_page
from scraper.extractor.features import FEATURE_NAMES
from scraper.extractor.pagetype import PAGE_TYPE_FEATURE_NAMES, page_type_features, url_features
from scraper.extractor.parse import parse_html

PRODUCT = """<html><head><title>Blue kettle</title></head><body>
<nav><a href="/">Home</a> <a href="/shop">Shop</a></nav>
<main><h1>Blue kettle</h1><p>A kettle that boils water quickly and quietly, in blue steel.</p>
<ul class="related">
<li><a href="/p/1">Red kettle</a> $19.99</li><li><a href="/p/2">Green kettle</a> $21.50</li>
<li><a href="/p/3">Black kettle</a> $24.00</li></ul></main></body></html>"""
ARTICLE = """<html><head><title>A walk</title></head><body><article><h1>A walk</h1>
<p>Posted on March 3, 2024</p>
<p>We walked along the river for an hour, and the light was low and gold on the water.</p>
<p>Later the rain came, and we sheltered under the old bridge until it passed.</p>
</article></body></html>"""


def row(html: str, url: str) -> np.ndarray:
    page = analyse_page(parse_html(html), all_blocks=True)
    return page_type_features(
        page.blocks.lines,
        page.features(),
        url=url,
        ladder_share=page.ladder_share,
        ladder_gaps=page.ladder_gaps,
        declared_article=page.declared_article,
        heuristic_lines=len(page.heuristic),
        hidden=page.hidden,
    )


def column(name: str) -> int:
    return PAGE_TYPE_FEATURE_NAMES.index(name)


def test_one_named_finite_row_per_page() -> None:
    product = row(PRODUCT, "https://example.com/shop/product/blue-kettle-42")
    article = row(ARTICLE, "https://example.com/2024/03/a-walk.html")
    assert product.shape == article.shape == (len(PAGE_TYPE_FEATURE_NAMES),)
    assert len(set(PAGE_TYPE_FEATURE_NAMES)) == len(PAGE_TYPE_FEATURE_NAMES)
    assert np.isfinite(product).all() and np.isfinite(article).all()
    # prices on the product page, a date line on the article
    assert product[column("log_price_lines")] > 0 == article[column("log_price_lines")]
    assert article[column("log_date_lines")] > 0
    assert product[column("url_word_product")] == 1 == product[column("url_word_shop")]
    assert article[column("url_word_product")] == 0


def test_url_shape() -> None:
    names = [name for name in PAGE_TYPE_FEATURE_NAMES if name.startswith("url_")]
    values = dict(zip(names, url_features("https://x.org/forum/thread/12345/?page=2"), strict=True))
    assert values["url_depth"] == 3
    assert values["url_numeric_segments"] == 1
    assert values["url_longest_digits"] == 5
    assert values["url_has_query"] == 1 and values["url_ends_slash"] == 1
    assert values["url_word_forum"] == values["url_word_thread"] == 1
    assert url_features(None)[0] == 0.0


def test_empty_page_is_a_zero_row() -> None:
    empty = page_type_features(
        [],
        np.zeros((0, len(FEATURE_NAMES)), dtype=np.float32),
        url=None,
        ladder_share=0.0,
        ladder_gaps=True,
        declared_article=False,
        heuristic_lines=0,
        hidden=None,
    )
    assert empty.shape == (len(PAGE_TYPE_FEATURE_NAMES),) and not empty.any()
