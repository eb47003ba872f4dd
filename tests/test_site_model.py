"""The site model: learned from a site's own pages during a crawl, kept beside the crawl state.

Real crawls on 127.0.0.1: a blog whose every page hides a "latest posts" box, and (when they
have been built, see fixtures/sites/README.md) real third-party blogs with gold made from their
sources. Every post is found, no listing is exported, titles carry no site name, and the model
is saved and used again by a resumed crawl.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import re
import unicodedata
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from conftest import fast_config
from hidden_box_site import SITE, write_site

from scraper import crawl
from scraper.extractor import extract, parse_html
from scraper.extractor.parse import element_text
from scraper.site_server import SiteServer
from scraper.sitemodel import MODEL_FILE, SiteModel, SiteModels, url_shape
from scraper.sitemodel.blocks import page_blocks, step_of
from scraper.sitemodel.models import parse_tree
from scraper.sitemodel.refine import is_redirect, prepare

DEV_SITES = Path(__file__).resolve().parent.parent / "fixtures" / "sites"


def gold_path(url: str) -> str:
    path = unquote(urlsplit(url).path).lstrip("/")
    return path + "index.html" if path.endswith("/") or not path else path


def norm(value: object) -> str:
    """As ``../shared/benchmarks/meta_score.py`` compares titles: typographic quotes are quotes."""
    text = unicodedata.normalize("NFKC", str(value or "")).casefold()
    text = re.sub(r"[\u2018\u2019\u201a\u2032`\u00b4]", "'", text)
    text = re.sub(r"[\u201c\u201d\u201e\u2033]", '"', text)
    text = re.sub(r"[\u2010-\u2015\u2212]", "-", text)
    return " ".join(text.split())


@pytest.fixture(scope="module")
def hidden_box(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    root = tmp_path_factory.mktemp("hidden-box")
    return root, write_site(root)


def test_url_shapes_keep_folders_and_generalise_numbers_and_slugs() -> None:
    assert url_shape("http://h/post/2021/02/16/my-post/") == "post/#/#/#/*/"
    assert url_shape("http://h/tag/soil/") == "tag/*/"
    assert url_shape("http://h/2011/06/life.html") == "#/#/*.html"
    assert url_shape("http://h/page/2/") == "page/#/"
    assert url_shape("http://h/") == "/"


def test_a_version_number_in_a_slug_is_no_file_extension() -> None:
    """A post announcing a release ("announcing-linkerd-2.20/") shares its shape with the
    site's other posts: a folder has no extension, and "20" is none."""
    post = url_shape("http://h/2026/06/23/my-post/")
    assert url_shape("http://h/2026/06/23/announcing-linkerd-2.20/") == post
    assert url_shape("http://h/2026/06/23/release-1.20") == url_shape("http://h/2026/06/23/x")
    assert url_shape("http://h/media/talk.mp3") == "media/*.mp3"
    assert url_shape("http://h/notes/node.js/") == "notes/*/"
    # The sample spreads over the finer shapes it was measured with (``choose_sample``).
    assert url_shape("http://h/2026/06/23/announcing-linkerd-2.20/", suffixes=True) == "#/#/#/*.20/"


def test_the_hidden_box_is_template_and_the_site_name_is_learned(hidden_box) -> None:
    root, _ = hidden_box
    pages = sorted(root.rglob("index.html"))
    url = lambda p: "http://h/" + str(p.parent.relative_to(root)).strip(".") + "/"  # noqa: E731
    models = SiteModels(None)
    decided = models.learn("h", [(url(p), p.read_text("utf-8")) for p in pages])
    model = models.models["h"]
    assert decided["http://h/tag/soil/"].page_kind != "article"
    assert decided["http://h/2023/01/notes-on-soil-1/"].page_kind == "article"
    some_post = next(p for p in pages if "notes-on" in str(p))
    blocks = page_blocks(parse_html(some_post.read_text("utf-8")))
    box = [b for b in blocks if "search-overlay" in b.place]
    assert box and all(b.fingerprint in model.template for b in box)
    body = [b for b in blocks if b.place.endswith("article/p")]
    assert body and not any(b.fingerprint in model.template for b in body)
    assert model.site_name == SITE and model.site_name_side == "suffix"
    assert model.byline_place and model.byline_place.endswith("p.byline")
    assert model.majority_kind("http://h/2030/01/new-post/") == "article"
    assert model.majority_kind("http://h/tag/new-tag/") != "article"
    assert SiteModel.from_json(json.loads(json.dumps(model.to_json()))) == model


def test_crawl_of_a_site_with_a_hidden_latest_posts_box(
    hidden_box, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    root, gold = hidden_box
    caplog.set_level(logging.INFO, logger="scraper.sitemodel")
    with SiteServer(root) as server:
        items = list(crawl(fast_config(server.url, tmp_path)))
    got = {gold_path(i.final_url): i.article for i in items}
    assert sorted(got) == sorted(gold)  # every post, no listing, none twice
    assert len(items) == len(got)
    for path, (title, author, date) in gold.items():
        assert got[path].title == title
        assert got[path].date_published and got[path].date_published[:10] == date
        if author:
            assert got[path].authors == (author,)
    saved = json.loads((tmp_path / ".scraper" / MODEL_FILE).read_text("utf-8"))
    assert list(saved["hosts"]) == [urlsplit(server.url).netloc]
    assert any("template blocks" in r.getMessage() for r in caplog.records)


def test_single_page_extraction_alone_misses_what_the_model_fixes(
    hidden_box, tmp_path: Path
) -> None:
    root, gold = hidden_box
    with SiteServer(root) as server:
        items = list(crawl(fast_config(server.url, tmp_path, site_model=False)))
    got = {gold_path(i.final_url) for i in items}
    assert got != set(gold)  # the yardstick: without the model the crawl is wrong here
    assert not (tmp_path / ".scraper" / MODEL_FILE).exists()


def test_the_model_is_kept_and_reused_by_a_resumed_and_a_repeated_crawl(
    hidden_box, tmp_path: Path
) -> None:
    root, gold = hidden_box
    model_file = tmp_path / ".scraper" / MODEL_FILE
    with SiteServer(root) as server:
        config = fast_config(server.url, tmp_path)
        running = crawl(config)
        first = [gold_path(next(running).final_url) for _ in range(3)]  # the model is learned
        running.close()
        learned = model_file.read_text("utf-8")
        second = [gold_path(i.final_url) for i in crawl(config)]
        assert model_file.read_text("utf-8") == learned
        # None lost; the article taken when the consumer stopped may come once more.
        assert set(first) | set(second) == set(gold)
        assert len(set(first) & set(second)) <= 1 and len(second) == len(set(second))
        third = list(crawl(config))  # an incremental re-crawl: nothing changed
        assert third == []
        assert model_file.read_text("utf-8") == learned


def test_a_fresh_crawl_forgets_the_model(hidden_box, tmp_path: Path) -> None:
    root, _ = hidden_box
    model_file = tmp_path / ".scraper" / MODEL_FILE
    model_file.parent.mkdir(parents=True)
    model_file.write_text('{"version": 1, "hosts": {}}', encoding="utf-8")
    with SiteServer(root) as server:
        list(crawl(fast_config(server.url, tmp_path, fresh=True, max_pages=3)))
    assert not model_file.exists()  # 3 pages: still learning, the old model is gone


@pytest.mark.parametrize(
    "name",
    [
        "hugo-bulimov",
        "pelican-bossylobster",
        "jekyll-robmoss",
        "hugo-d2iq",
        "hexo-ifyour",
        "octopress-teracy",
        "jekyll-kubeflow",
        "rust-blog",
        "hugo-papermod-urbn",
        "eleventy-servo",
        "docusaurus-answer",
        "hugo-scientific-python",
        "hugo-pyopensci",
        "zola-rust-osdev",
        "jekyll-fortran-lang",
        "hugo-book-flink",
        "jekyll-drill",
        "lektor-spyder",
        "ablog-holdgraf",
        "hugo-docsy-grpc",
        "hugo-mainroad-neoforged",
        "jekyll-accumulo",
        "jekyll-elixir",
        "hugo-wowchemy-2i2c",
        "mkdocs-beeware",
        "docusaurus-chaos-mesh",
    ],
)
def test_crawl_of_a_real_blog_against_gold_from_its_sources(name: str, tmp_path: Path) -> None:
    site = DEV_SITES / name
    if not (site / "gold.json").is_file():
        pytest.skip(f"dev archive {name} not built (fixtures/sites/build_gold.py)")
    gold = json.loads((site / "gold.json").read_text("utf-8"))
    articles = {p: g for p, g in gold.items() if g["kind"] == "article"}
    with SiteServer(site / "site") as server:
        items = list(crawl(fast_config(server.url + "/", tmp_path, concurrency=8)))
    got = {gold_path(i.final_url): i.article for i in items}
    assert len(items) == len(got)
    assert sorted(got) == sorted(articles)
    for path, article in got.items():
        assert norm(article.title) == norm(articles[path]["title"]), path
        if articles[path].get("date"):
            assert (article.date_published or "")[:10] == articles[path]["date"], path


def test_the_menu_pages_are_learned_and_the_latest_posts_box_is_not_a_menu(hidden_box) -> None:
    root, gold = hidden_box
    pages = [
        (f"https://garden.example/{p.relative_to(root).as_posix()}", p.read_text("utf-8"))
        for p in sorted(root.rglob("index.html"))
    ]
    models = SiteModels(None)
    models.learn("garden.example", [(u.removesuffix("index.html"), h) for u, h in pages])
    menu = models.models["garden.example"].menu_paths
    assert {"/about/", "/archive/"} <= menu  # "About", "Archive" in the header on every page
    assert not any(f"/{path.removesuffix('index.html')}" in menu for path in gold)


def test_a_meta_refresh_page_is_never_an_article() -> None:
    root = parse_html('<html><head><meta http-equiv="refresh" content="0; url=/x/"></head></html>')
    assert is_redirect(root)
    assert not is_redirect(parse_html("<html><body><p>text</p></body></html>"))


class _EatingModels(SiteModels):
    """A learner whose model judges every sample post "other", as a model learned from a
    sample of listings (the posts' excerpts taken for template) does."""

    def _learn(self, host, pages, *, markdown):  # type: ignore[no-untyped-def]
        decided = super()._learn(host, pages, markdown=markdown)
        return {url: dataclasses.replace(a, page_kind="other") for url, a in decided.items()}


def _sentences(number: int, topic: str, count: int = 8) -> str:
    """A synthetic post's body: ``count`` sentences about ``topic``, each naming the post."""
    return " ".join(
        f"Sentence {i} of post {number} explains one more point about {topic}."
        for i in range(count)
    )


def _post(number: int) -> str:
    sentences = _sentences(number, "gardens and soil", 40)
    return (
        '<html><head><meta property="og:type" content="article"><title>Post '
        f'{number} about gardens</title></head><body><nav><a href="/">Home</a></nav><article>'
        f"<h1>Post {number} about gardens</h1><p>{sentences}</p></article></body></html>"
    )


def test_a_model_that_turns_most_sample_posts_into_other_pages_is_not_trusted(
    tmp_path: Path,
) -> None:
    models = _EatingModels(tmp_path / MODEL_FILE)
    pages = [(f"http://127.0.0.1/posts/{n}/", _post(n)) for n in range(20)]
    decided = models.learn("127.0.0.1", pages)
    assert {a.page_kind for a in decided.values()} == {"article"}  # decided alone
    assert models.models["127.0.0.1"] == SiteModel(host="127.0.0.1")  # a blank model
    saved = json.loads((tmp_path / MODEL_FILE).read_text("utf-8"))
    assert saved["hosts"]["127.0.0.1"]["pages"] == 0
    # the same sample with an honest learner keeps its model
    honest = SiteModels(tmp_path / "other.json")
    kept = honest.learn("127.0.0.1", pages)
    assert {a.page_kind for a in kept.values()} == {"article"}
    assert honest.models["127.0.0.1"].pages == 20


class _UndatedToOther(SiteModels):
    """A learner whose model judges every undated sample page "other": what a right model does
    with a blog's About page, CV and one-teaser tag pages, which the pages judged alone call
    articles (hugo-papermod-urbn)."""

    def _learn(self, host, pages, *, markdown):  # type: ignore[no-untyped-def]
        decided = super()._learn(host, pages, markdown=markdown)
        return {
            url: a if a.date_published else dataclasses.replace(a, page_kind="other")
            for url, a in decided.items()
        }


def _dated_post(number: int) -> str:
    html = _post(number).replace(
        "<article>", f'<article><p class="date">Published 2024-02-{number + 1:02d}</p>', 1
    )
    return html.replace(
        "</title>",
        f'</title><meta property="article:published_time" content="2024-02-{number + 1:02d}">',
        1,
    )


def test_a_model_that_keeps_the_dated_posts_is_trusted_when_it_drops_undated_pages(
    tmp_path: Path,
) -> None:
    posts = [(f"http://127.0.0.1/posts/{n}/", _dated_post(n)) for n in range(9)]
    pages = [(f"http://127.0.0.1/pages/{n}/", _post(100 + n)) for n in range(11)]
    models = _UndatedToOther(tmp_path / MODEL_FILE)
    decided = models.learn("127.0.0.1", posts + pages)
    assert all(decided[url].page_kind == "article" for url, _ in posts)
    assert all(decided[url].page_kind == "other" for url, _ in pages)  # 11 of 20 "eaten"
    assert models.models["127.0.0.1"].pages == 20  # kept: the posts it keeps are the dated ones


def test_a_few_dated_posts_tell_whether_the_model_eats_them(tmp_path: Path) -> None:
    # five dated posts among fifteen undated pages judged articles alone (documentation): a
    # model that makes the fifteen other pages and keeps the five posts is right, and one that
    # makes the five posts other pages too is not trusted (hugo-docsy-grpc's sample)
    posts = [(f"http://127.0.0.1/posts/{n}/", _dated_post(n)) for n in range(5)]
    pages = [(f"http://127.0.0.1/docs/{n}/", _post(100 + n)) for n in range(15)]
    right = _UndatedToOther(tmp_path / MODEL_FILE)
    decided = right.learn("127.0.0.1", posts + pages)
    assert all(decided[url].page_kind == "article" for url, _ in posts)
    assert all(decided[url].page_kind == "other" for url, _ in pages)
    assert right.models["127.0.0.1"].pages == 20  # kept
    eating = _EatingModels(tmp_path / "other.json")
    alone = eating.learn("127.0.0.1", posts + pages)
    assert all(alone[url].page_kind == "article" for url, _ in posts)  # decided alone
    # a blank model but for where the posts are dated: the undated pages beside them are not
    # posts (test_site_dated_sections.py)
    blank = SiteModel(host="127.0.0.1", dated_sections=frozenset({"posts"}))
    assert eating.models["127.0.0.1"] == blank
    assert all(alone[url].page_kind == "other" for url, _ in pages)


def _garden_post(number: int, extra: str = "") -> str:
    sentences = _sentences(number, "gardens and soil", 6)
    paragraphs = "".join(f"<p>{sentences} Paragraph {k}.</p>" for k in range(5))
    return (
        f"<html><head><title>Post {number} about gardens | Garden</title></head><body>"
        '<nav><a href="/">Home</a> <a href="/about/">About</a></nav>'
        f'<article><h1>Post {number} about gardens</h1><p class="date">2024-01-{number + 1:02d}'
        f'</p><div class="body">{extra}{paragraphs}</div></article>'
        "<footer>Copyright Garden</footer></body></html>"
    )


def test_a_line_of_links_where_the_posts_keep_their_paragraphs_is_put_back() -> None:
    # the line of links opens the post: inside the story, the body model adds it on its own
    talk = (
        '<p><a href="https://video.example/watch/123">https://video.example/watch/123</a></p>'
        '<p>Presented at <a href="https://conf.example/talk">Garden Summit 2019</a></p>'
        "<h2>Video</h2>"
    )
    pages = [(f"http://h/posts/p{n}/", _garden_post(n)) for n in range(20)]
    url, html = "http://h/talks/t/", _garden_post(21, talk)
    models = SiteModels(None)
    models.learn("h", [*pages, (url, html)])
    assert models.models["h"].content_places == {"body/article/div.body/p"}
    alone = extract(html, url)
    assert "https://video.example/watch/123" not in alone.text  # the yardstick: dropped alone
    lines = models.extract(html, url).text.split("\n")
    assert lines[:3] == [
        "https://video.example/watch/123",
        "Presented at Garden Summit 2019",
        "Video",
    ]
    assert lines[3:] == alone.text.split("\n")[2:]  # nothing else changed
    post_url, post = pages[0]
    assert models.extract(post, post_url).text == extract(post, post_url).text


def test_a_list_of_links_inside_the_posts_body_is_put_back_and_one_beside_it_is_not() -> None:
    """The element holding a site's paragraphs holds the post's own lines: a list of references
    in it is content the extractor drops for its links; a list of links beside it (related
    posts, different on every page) is not put back."""
    sources = (
        "<p>The sources I read:</p><ul>"
        '<li><a href="https://docs.example/soil/ph-levels">https://docs.example/soil/ph-levels'
        "</a></li>"
        '<li><a href="https://docs.example/soil/compost">https://docs.example/soil/compost</a>'
        "</li></ul>"
    )

    def with_related(html: str, number: int) -> str:
        related = "".join(
            f'<li><a href="/posts/p{number + k}/">Post {number + k} about gardens</a></li>'
            for k in (1, 2)
        )
        return html.replace("</article>", f"<aside><ul>{related}</ul></aside></article>")

    pages = [(f"http://h/posts/p{n}/", with_related(_garden_post(n), n)) for n in range(20)]
    url, html = "http://h/posts/refs/", with_related(_garden_post(21, sources), 21)
    models = SiteModels(None)
    models.learn("h", [*pages, (url, html)])
    assert models.models["h"].content_region == "body/article/div.body/"
    alone = extract(html, url)
    assert "https://docs.example/soil/ph-levels" not in alone.text  # dropped alone
    text = models.extract(html, url).text
    lines = text.split("\n")
    start = lines.index("The sources I read:")
    assert lines[start + 1 : start + 3] == [
        "https://docs.example/soil/ph-levels",
        "https://docs.example/soil/compost",
    ]
    assert "Post 22 about gardens" not in text
    others = [line for line in alone.text.split("\n") if "docs.example" not in line]
    assert [line for line in lines if "docs.example" not in line] == others
    post_url, post = pages[0]
    assert models.extract(post, post_url).text == extract(post, post_url).text


def _team_post(number: int, writers: tuple[str, ...], declared: bool = True) -> str:
    """A post whose byline is a plain element per writer under the headline, no author
    markup (apache/answer-website's Docusaurus theme); ``declared``: a <meta> names the
    writers too (where the sample's posts teach the model the byline's place)."""
    sentences = _sentences(number, "the release", 8)
    byline = "".join(f'<div class="me-3">{name}</div>' for name in writers)
    return (
        f"<html><head><title>Release {number} notes | Answer</title>"
        '<meta property="og:type" content="article">'
        f'<meta property="article:published_time" content="2024-03-{number + 1:02d}T00:00:00Z">'
        + (f'<meta name="author" content="{", ".join(writers)}">' if declared else "")
        + '</head><body><nav><a href="/">Home</a> <a href="/blog/">Blog</a></nav><main><header>'
        f'<h1 class="mb-3">Release {number} notes</h1><div class="d-flex text-secondary">{byline}'
        f'<time datetime="2024-03-{number + 1:02d}">March {number + 1}, 2024</time></div>'
        f"</header><article><p>{sentences}</p><p>{sentences}</p></article></main>"
        "<footer>Copyright Answer</footer></body></html>"
    )


def test_the_site_model_gives_every_writer_of_a_byline_at_its_place() -> None:
    writers = ("Anne Zhu", "Chen Jiaji", "Zhu Xuanlyu", "Jo Roe", "Bo Lin")
    pages = [
        (f"http://h/blog/release-{n}/", _team_post(n, (writers[n % len(writers)],)))
        for n in range(20)
    ]
    models = SiteModels(None)
    models.learn("h", pages)
    assert models.models["h"].byline_place  # learned from the single-writer posts
    url = "http://h/blog/release-21/"
    html = _team_post(21, ("Chen Jiaji", "Zhu Xuanlyu", "Anne Zhu"), declared=False)
    assert extract(html, url).authors == ()  # the yardstick: alone, the page names no one
    article = models.extract(html, url)
    assert article.authors == ("Chen Jiaji", "Zhu Xuanlyu", "Anne Zhu")  # main gave the first


def _styled_post(number: int) -> str:
    """A post whose header carries a BEM modifier on every other post (pyOpenSci's
    ``blog-post__header blog-post__header--solid``): the same place, styled differently."""
    sentences = _sentences(number, "packaging", 8)
    header = "blog-post__header" + (" blog-post__header--solid" if number % 2 == 0 else "")
    return (
        f"<html><head><title>Post {number} title | Garden</title></head><body>"
        '<nav><a href="/">Home</a> <a href="/blog/">Blog</a> <a href="/about/">About</a></nav>'
        f'<main><header class="{header}"><div><h1>Post {number} title</h1>'
        f"<p>Jan {number + 1}, 2024 • Community</p></div></header>"
        f'<article class="content"><p>{sentences}</p><p>{sentences}</p></article></main>'
        "<footer>Copyright Garden</footer></body></html>"
    )


def test_a_bem_modifier_class_is_the_same_place() -> None:
    styled = parse_html('<header class="blog-post__header blog-post__header--solid"></header>')
    assert step_of(styled.find(".//header")) == "header.blog-post__header"
    alone = parse_html('<div class="card--wide"></div>')  # no base class beside it: kept
    assert step_of(alone.find(".//div")) == "div.card--wide"
    pages = [(f"http://h/blog/post-{n}.html", _styled_post(n)) for n in range(1, 21)]
    models = SiteModels(None)
    models.learn("h", pages)
    model = models.models["h"]
    assert model.title_place and model.title_place.endswith("header.blog-post__header/div/h1")
    # a post styled with the modifier is still read as one of the site's posts
    # (main: its headline was at no learned place, so the model called it "other")
    article = models.extract(_styled_post(30), "http://h/blog/post-30.html")
    assert article.page_kind == "article"


def _newsletter(number: int) -> str:
    """An issue of a monthly newsletter: the same welcome and section headings in every issue's
    own text (the Rust OSDev newsletter's Markdown repeats them), the issue's news between them,
    and the layout's footer after it."""
    news = " ".join(f"Item {number}-{i} shipped a fix for the boot loader." for i in range(6))
    return (
        f"<html><head><title>This Month {number} | OSDev</title></head><body>"
        '<nav><a href="/">Home</a> <a href="/about/">About</a></nav><main>'
        f"<h1>This Month {number}</h1><p>Published on 2024-{number % 12 + 1:02d}-01</p>"
        "<p>Welcome to a new issue of the newsletter, an overview of the month's changes.</p>"
        f"<p>{news}</p><h2>Infrastructure and Tooling</h2>"
        "<p>In this section we collect the tooling updates of the month.</p>"
        f"<p>Issue {number}: {news}</p><h2>Join Us?</h2>"
        f"<p>Issue {number} closes here: {news}</p>"
        '<footer class="footer">Join us on Zulip. Copyright OSDev. Contact</footer>'
        "</main></body></html>"
    )


def test_text_every_post_repeats_between_its_own_text_is_the_posts() -> None:
    pages = [(f"http://h/this-month/{n}/", _newsletter(n)) for n in range(1, 21)]
    models = SiteModels(None)
    models.learn("h", pages)
    text = models.extract(_newsletter(30), "http://h/this-month/30/").text
    # (main pruned them as template: the same text at the same place on most pages)
    assert "Welcome to a new issue" in text
    assert "Infrastructure and Tooling" in text
    assert "In this section we collect" in text
    assert "Join us on Zulip" not in text  # the layout's footer, after the post's text


def _card_post(number: int, writers: tuple[tuple[str, str], ...], declared: bool = True) -> str:
    """A post whose writers are profile cards, each a name over a line of affiliation (MkDocs
    Material's blog: ``<strong>Ann Lee</strong><br>HPC-UGent``); ``declared``: a <meta> names
    the first writer too (where the sample's posts teach the model the byline's place)."""
    sentences = _sentences(number, "the build", 8)
    cards = "".join(
        f'<div class="md-profile"><span class="md-profile__description"><strong>{name}</strong>'
        f"<br>{org}</span></div>"
        for name, org in writers
    )
    return (
        f"<html><head><title>Build {number} notes | Docs</title>"
        f'<meta property="article:published_time" content="2024-03-{number + 1:02d}T00:00:00Z">'
        + (f'<meta name="author" content="{writers[0][0]}">' if declared else "")
        + '</head><body><nav><a href="/">Home</a> <a href="/blog/">Blog</a></nav>'
        f'<aside class="md-sidebar"><div class="md-post__authors">{cards}</div></aside>'
        f"<main><h1>Build {number} notes</h1><article><p>{sentences}</p><p>{sentences}</p>"
        "</article></main><footer>Copyright Docs</footer></body></html>"
    )


def test_a_profile_cards_affiliation_line_is_no_part_of_the_name() -> None:
    people = (("Anne Zhu", "HPC-UGent"), ("Jo Roe", "Inuits"), ("Bo Lin", "CECAM-HQ"))
    pages = [
        (f"http://h/blog/build-{n}/", _card_post(n, (people[n % len(people)],))) for n in range(20)
    ]
    models = SiteModels(None)
    models.learn("h", pages)
    assert models.models["h"].byline_place
    html = _card_post(21, (("Kenneth Hoste", "HPC-UGent"), ("Lara Peeters", "HPC-UGent")), False)
    article = models.extract(html, "http://h/blog/build-21/")
    # (main: "Kenneth Hoste HPC-UGent", the card's two lines read as one name)
    assert article.authors == ("Kenneth Hoste", "Lara Peeters")


def _quarto_post(number: int, writer: str) -> str:
    """A post in Quarto's title block: an "Author" heading over the writer's name, a
    "Published" heading over the date, each heading the same on every post; the headline
    ends with Sphinx-like permalink mark ("#")."""
    sentences = _sentences(number, "outbreaks", 8)
    return (
        f"<html><head><title>Post {number} title – Epi</title>"
        f'<meta name="author" content="{writer}"></head><body>'
        '<nav><a href="/">Home</a> <a href="/blog/">Blog</a> <a href="/about/">About</a></nav>'
        f'<main><header><h1 class="title">Post {number} title'
        f'<a class="headerlink" href="#post-{number}">#</a></h1><div class="meta">'
        '<div><div class="meta-heading">Author</div>'
        f'<div class="meta-contents"><p>{writer}</p></div></div>'
        '<div><div class="meta-heading">Published</div>'
        f'<div class="meta-contents"><p>March {number % 28 + 1}, 2024</p></div></div>'
        f"</div></header><article><p>{sentences}</p><p>{sentences}</p></article></main>"
        "<footer>Copyright Epi</footer></body></html>"
    )


def test_a_byline_label_every_post_prints_is_not_pruned_as_layout() -> None:
    # a team writes several posts: its byline repeats too, and only the "Author" heading tells
    # the extractor that the line under it names the writer (pruned, only the meta tag is
    # left, which the page gate may withhold: epiverse-trace.github.io's release notes)
    writers = ("The Epi development team", "Ann Lee", "The Epi development team", "Bo Chen")
    pages = [
        (f"http://h/posts/post-{n}/", _quarto_post(n, writers[n % len(writers)])) for n in range(20)
    ]
    models = SiteModels(None)
    models.learn("h", pages)
    url = "http://h/posts/post-30/"
    root = parse_tree(_quarto_post(30, "The Epi development team"))
    prepare(root, url, models.models["h"])
    headings = [element_text(e) for e in root.iterfind(".//div[@class='meta-heading']")]
    assert headings == ["Author", ""]  # the byline's label kept, the date's label pruned
    assert "Copyright Epi" not in element_text(root)  # the layout's footer pruned
    article = models.extract(_quarto_post(30, "The Epi development team"), url)
    assert article.authors == ("The Epi development team",)


def test_the_site_models_headline_leaves_out_a_permalink_mark() -> None:
    pages = [(f"http://h/posts/post-{n}/", _quarto_post(n, "Ann Lee")) for n in range(20)]
    models = SiteModels(None)
    models.learn("h", pages)
    article = models.extract(_quarto_post(30, "Ann Lee"), "http://h/posts/post-30/")
    assert article.title == "Post 30 title"  # main: "Post 30 title #"


def _owned_post(number: int, writers: tuple[str, ...]) -> str:
    """A post whose ``<meta name="author">`` is the site owner's on every page (a theme's
    site-wide default), while the byline under the headline links each writer's page."""
    sentences = _sentences(number, "the hub", 8)
    byline = ", ".join(f'<a href="/author/{n.lower().replace(" ", "-")}/">{n}</a>' for n in writers)
    return (
        f"<html><head><title>Update {number} | Hub</title>"
        '<meta name="author" content="Chris Holden">'
        '<meta property="og:type" content="article">'
        f'<meta property="article:published_time" content="2024-03-{number % 28 + 1:02d}">'
        '</head><body><nav><a href="/">Home</a> <a href="/blog/">Blog</a></nav><main>'
        f'<h1 class="title">Update {number}</h1><div class="article-metadata"><span>{byline}'
        f"</span> · <span>Mar {number % 28 + 1}, 2024</span></div>"
        f"<article><p>{sentences}</p><p>{sentences}</p></article></main>"
        "<footer>Copyright Hub</footer></body></html>"
    )


def test_the_byline_place_gives_every_co_writer_beside_a_site_wide_meta_author() -> None:
    writers = ("Chris Holden", "Ann Lee", "Bo Chen", "Chris Holden", "Di Fox")
    pages = [
        (f"http://h/blog/update-{n}/", _owned_post(n, (writers[n % len(writers)],)))
        for n in range(20)
    ]
    models = SiteModels(None)
    models.learn("h", pages)
    assert models.models["h"].byline_place
    url = "http://h/blog/update-30/"
    other = _owned_post(30, ("Ann Lee",))
    assert models.extract(other, url).authors == ("Ann Lee",)
    several = _owned_post(31, ("Chris Holden", "Bo Chen"))
    assert models.extract(several, "http://h/blog/update-31/").authors == (
        "Chris Holden",
        "Bo Chen",
    )


def test_refine_gives_the_byline_places_writers_over_an_unprinted_one() -> None:
    from scraper.models import Article
    from scraper.sitemodel.refine import PageFacts, refine

    model = SiteModel(host="h", pages=20, site_name="Spyder", byline_place="body/div/h3")
    facts = PageFacts(url="http://h/blog/x/", title="X", byline_texts=("Quentin Peter",))
    declared = Article(url="http://h/blog/x/", title="X", authors=("Spyder Team",))
    assert refine(declared, facts, model).authors == ("Quentin Peter",)  # main: the team
    printed = Article(url="http://h/blog/x/", title="X", authors=("Quentin Peter",))
    assert refine(printed, facts, model).authors == ("Quentin Peter",)
    empty_place = PageFacts(url="http://h/blog/x/", title="X", byline_texts=("5 min read",))
    assert refine(declared, empty_place, model).authors == ("Spyder Team",)


def test_refine_gives_the_byline_s_own_spelling_of_the_same_names() -> None:
    from scraper.models import Article
    from scraper.sitemodel.refine import PageFacts, refine

    model = SiteModel(host="h", pages=20, byline_place="body/main/p")
    printed = ("by Nanci Lancaster and Jen Siegal — Oct 19, 2022",)
    facts = PageFacts(url="http://h/blog/x/", title="X", byline_texts=printed)
    # a theme's meta tags lower-case the byline and keep its "and" (Carvel's)
    declared = Article(
        url="http://h/blog/x/", title="X", authors=("Nanci lancaster and jen siegal",)
    )
    assert refine(declared, facts, model).authors == ("Nanci Lancaster", "Jen Siegal")
    other = Article(url="http://h/blog/x/", title="X", authors=("Nanci Lancaster",))
    assert refine(other, facts, model).authors == ("Nanci Lancaster", "Jen Siegal")
    same = Article(url="http://h/blog/x/", title="X", authors=("Nanci Lancaster", "Jen Siegal"))
    assert refine(same, facts, model).authors == same.authors


def _carded_post(number: int, writers: tuple[str, ...]) -> str:
    """A post that ends with one author card a writer (Hugo Blox): the name over a role line
    and the card's icons, no byline at the top."""
    sentences = _sentences(number, "the cloud", 8)
    cards = "".join(
        f'<div class="media author-card"><a href="/author/{n.lower().replace(" ", "-")}/">'
        f'<img alt="{n}"></a><div class="media-body"><h5 class="card-title">'
        f'<a href="/author/{n.lower().replace(" ", "-")}/">{n}</a></h5>'
        f'<h6 class="card-subtitle">Engineer at Hub number {i}</h6>'
        '<ul class="network-icon"><li><a href="https://github.example/x">GitHub</a></li></ul>'
        "</div></div>"
        for i, n in enumerate(writers)
    )
    return (
        f"<html><head><title>Note {number} | Hub</title>"
        f'<meta name="author" content="{writers[0]}">'
        '<meta property="og:type" content="article">'
        f'<meta property="article:published_time" content="2024-04-{number % 28 + 1:02d}">'
        '</head><body><nav><a href="/">Home</a> <a href="/blog/">Blog</a></nav><main>'
        f'<article class="article"><h1>Note {number}</h1><p>{sentences}</p><p>{sentences}</p>'
        f'<div class="share-box">Share</div>{cards}</article></main>'
        "<footer>Copyright Hub</footer></body></html>"
    )


def test_the_byline_place_reads_every_writers_card_in_a_row() -> None:
    writers = ("Chris Holden", "Ann Lee", "Bo Chen", "Di Fox")
    pages = [
        (f"http://h/blog/note-{n}/", _carded_post(n, (writers[n % len(writers)],)))
        for n in range(20)
    ]
    models = SiteModels(None)
    models.learn("h", pages)
    assert (models.models["h"].byline_place or "").endswith("h5.card-title")
    article = models.extract(_carded_post(30, ("Chris Holden", "Di Fox")), "http://h/blog/note-30/")
    assert article.authors == ("Chris Holden", "Di Fox")  # main: the first card's only


_WRITERS = ["Quentin Peter", "Juanita Gomez", "Daniel Althviz", "Carlos Cordoba"]


def _site_team_post(number: int) -> str:
    """A post whose every page declares the team as its author (``<meta name="author">``)
    and prints its own writer in a bare line above the date, beside a photo."""
    writer = _WRITERS[number % len(_WRITERS)]
    sentences = _sentences(number, "the debugger", 30)
    return _blog_page(
        f"Blog | Release {number} of the editor",
        '<meta name="author" content="Editor Team">',
        f'<div class="post"><h1>Release {number} of the editor</h1>'
        f'<div class="row"><img alt="{writer} photo" src="/a.jpg"><div class="meta">'
        f'<div>{writer}</div><div class="small">2020-11-{number + 1:02d}</div></div></div>'
        f'<div class="content"><p>{sentences}</p></div></div>',
        "Copyright the Editor Team",
    )


def _blog_page(title: str, head: str, content: str, footer: str, blog: str = "/blog/") -> str:
    """A blog page: its <title> and head, a menu (home and ``blog``), content and footer."""
    return (
        f"<html><head><title>{title}</title>{head}</head><body>"
        f'<nav><a href="/">Home</a> <a href="{blog}">Blog</a></nav>{content}'
        f"<footer>{footer}</footer></body></html>"
    )


def test_where_the_posts_print_their_writers_beats_a_site_wide_meta_author() -> None:
    # every page's <meta name="author"> names the team; each post prints its own writer
    pages = [(f"http://h/blog/release-{n}/", _site_team_post(n)) for n in range(12)]
    models = SiteModels(None)
    decided = models.learn("h", pages)
    assert models.models["h"].byline_place is not None
    for n, (url, _) in enumerate(pages):
        assert decided[url].authors == (_WRITERS[n % len(_WRITERS)],)


def _meta_line_post(number: int, writer: str) -> str:
    """A post whose meta line under the headline is an ``<h3>`` of its date and writer."""
    sentences = _sentences(number, "the compiler", 30)
    return _blog_page(
        f"Release {number} of the compiler - Blog",
        "",
        f'<div class="content"><h1 class="post-title">Release {number} of the compiler</h1>'
        f'<h3 class="post-meta"><span>{number + 1} June 2021</span> <span>{writer}</span></h3>'
        f"<p>{sentences}</p></div>",
        "Copyright the project",
        blog="/blog.html",
    )


def test_a_team_s_posts_learn_their_byline_place_from_the_few_a_person_wrote() -> None:
    # most posts are the team's (no person's name: no candidate on them), a few a person's,
    # whose name lines the page gate may withhold: those few teach where the byline is
    writers = ["Dominik Picheta", "Andreas Rumpf", "Pietro Peterlongo", "Clara Oswald"]
    pages = [
        (f"http://h/blog/{n}.html", _meta_line_post(n, writers[n] if n < 4 else "The Nim Team"))
        for n in range(12)
    ]
    models = SiteModels(None)
    decided = models.learn("h", pages)
    assert models.models["h"].byline_place == "body/div.content/h3.post-meta"
    for n, (url, _) in enumerate(pages):
        assert decided[url].authors == ((writers[n],) if n < 4 else ("The Nim Team",))


def _declared_post(number: int, writer: str | None) -> str:
    """A post that declares its writer in its head only, and prints its editor's name."""
    sentences = _sentences(number, "open science", 30)
    meta = f'<meta name="author" content="{writer}">' if writer else ""
    return _blog_page(
        f"Open science note {number}",
        meta,
        f'<main><h1>Open science note {number}</h1><div class="editor">Clara Oswald</div>'
        f'<p class="date">2024-03-{number + 1:02d}</p><p>{sentences}</p></main>',
        "Copyright the network",
    )


def test_posts_that_declare_their_own_writer_keep_it_over_a_name_they_all_print() -> None:
    # half the posts declare their writer (in the head only), half declare none; every post
    # prints its editor's name under the headline: no byline place to learn from that
    writers = ["Ann Lee", "Bo Chen", "Cy Day", "Di Eve", "Ed Fox", "Flo Gu"]
    pages = [
        (f"http://h/blog/note-{n}/", _declared_post(n, writers[n] if n < 6 else None))
        for n in range(12)
    ]
    models = SiteModels(None)
    decided = models.learn("h", pages)
    for n, (url, _) in enumerate(pages[:6]):
        assert decided[url].authors == (writers[n],)


def _card_row_post(number: int, writers: tuple[tuple[str, str], ...]) -> str:
    """A post whose byline under the headline is a row of writer cards, each a link holding
    the name over the writer's role (Starlight's blog: ``div.authors > a.author > div.text``)."""
    sentences = _sentences(number, "the prompts", 30)
    cards = "".join(
        f'<a class="author" href="https://code.example/{name.lower()}"><img alt="{name}">'
        f'<div class="text"><div class="name">{name}</div><div class="title">{role}</div>'
        "</div></a>"
        for name, role in writers
    )
    return _blog_page(
        f"Prompt note {number} | Scripts",
        '<meta property="og:type" content="article">',
        f'<main><h1>Prompt note {number}</h1><div class="metadata"><div class="dates">'
        f'<time datetime="2024-05-{number + 1:02d}">May {number + 1}, 2024</time></div>'
        f'<div class="authors">{cards}</div></div><div class="content"><p>{sentences}</p>'
        "</div></main>",
        "Copyright the Scripts team",
    )


def test_a_byline_of_writer_cards_gives_each_card_s_name_without_its_role() -> None:
    people = (("Peli", "Script developer"), ("Ana", "Maintainer"), ("Bots", "Release Blogger"))
    pages = [
        (f"http://h/blog/note-{n}/", _card_row_post(n, (people[n % 3],) + (people[1],) * (n % 2)))
        for n in range(16)
    ]
    models = SiteModels(None)
    models.learn("h", pages)
    assert (models.models["h"].byline_place or "").endswith("div.authors")
    for writers in ((people[2],), (people[0], people[2])):
        article = models.extract(_card_row_post(40, writers), "http://h/blog/note-40/")
        assert article.authors == tuple(name for name, _ in writers)  # main: "Bots Release..."


_SHORT_TITLES = (
    "Mermaids", "Gists", "Discord", "Narration", "Images", "Podcast", "Zines", "Search",
    "Agents", "Tools", "Intents", "Webview", "Videos", "Prompts", "Diagrams", "Transforms",
)  # fmt: skip


def _recent_sidebar_page(title: str, content: str) -> str:
    """A page of a site whose sidebar, on every page, is its menu and its three newest posts,
    each by its one-word title (Starlight's blog)."""
    recent = "".join(
        f'<li><a href="/blog/post-{n}/">{_SHORT_TITLES[n]}</a></li>' for n in (15, 14, 13)
    )
    return (
        f"<html><head><title>{title} | Scripts</title></head><body>"
        '<nav class="sidebar"><ul><li><a href="/">Home</a></li><li><a href="/about/">About</a>'
        f'</li><li><a href="/blog/">Blog</a></li>{recent}</ul></nav>'
        f"<main><h1>{title}</h1>{content}</main><footer>Copyright Scripts</footer></body></html>"
    )


def _recent_post(number: int) -> str:
    sentences = _sentences(number, "the scripts", 30)
    return _recent_sidebar_page(
        _SHORT_TITLES[number],
        f'<div class="dates"><time datetime="2025-04-{number + 1:02d}">Apr {number + 1}, 2025'
        f'</time></div><div class="content"><p>{sentences}</p></div>',
    )


def test_the_menu_s_newest_posts_stay_posts_and_its_about_page_does_not() -> None:
    pages = [(f"http://h/blog/post-{n}/", _recent_post(n)) for n in range(16)]
    about = _recent_sidebar_page(  # dated where the posts are (a theme dates every page)
        "About",
        '<div class="dates"><time datetime="2025-01-02">Jan 2, 2025</time></div>'
        f'<div class="content"><p>{_sentences(99, "us", 30)}</p></div>',
    )
    models = SiteModels(None)
    decided = models.learn("h", [*pages, ("http://h/about/", about)])
    model = models.models["h"]
    assert {"/blog/post-15/", "/blog/post-14/", "/about/"} <= model.menu_paths
    assert model.date_place is not None
    for n in (15, 14, 13, 0):  # the newest three are in the menu: posts all the same
        assert decided[f"http://h/blog/post-{n}/"].page_kind == "article"
    assert decided["http://h/about/"].page_kind == "other"
    later = models.extract(_recent_post(14), "http://h/blog/post-14/")
    assert later.page_kind == "article"
