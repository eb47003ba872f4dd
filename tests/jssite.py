"""Loopback sites whose articles exist only after scripts run (for tests/test_render.py).

``js_blog`` serves an app-shell blog: the home page lists posts with links a script adds
(client-side routing); one post carries its article as inline JSON state, one fetches it as JSON
from ``/api/post/N.json``, one appends its paragraphs after the load event. Every page also asks
for an image (blocked by the renderer) and a script under ``/private/`` (robots.txt forbids it).
``mixed_blog`` adds server-rendered posts beside the shells, each referencing a script that only
a browser would request, so a test can see which pages were rendered.
"""

from __future__ import annotations

import json

from servers import Reply, ScriptedServer

ROBOTS = "User-agent: *\nDisallow: /private/\n"

APP_JS = r"""
(function () {
  var root = document.getElementById("root");
  function el(tag, text) {
    var e = document.createElement(tag);
    if (text) e.textContent = text;
    return e;
  }
  function render(post) {
    document.title = post.title + " | JS Blog";
    var article = el("article");
    article.appendChild(el("h1", post.title));
    var time = el("time", post.date); time.setAttribute("datetime", post.date);
    var byline = el("p", "By "); byline.className = "byline";
    var author = el("span", post.author); author.className = "author"; byline.appendChild(author);
    article.appendChild(byline); article.appendChild(time);
    post.paragraphs.forEach(function (p) { article.appendChild(el("p", p)); });
    root.appendChild(article);
    return article;
  }
  window.renderPost = render;
  if (window.manualRender) return;
  var state = document.getElementById("__STATE__");
  if (state) { render(JSON.parse(state.textContent)); return; }
  var match = location.pathname.match(/^\/post\/(\d+)$/);
  if (match) {
    fetch("/api/post/" + match[1] + ".json").then(function (r) { return r.json(); }).then(render);
    return;
  }
  if (location.pathname === "/") {
    fetch("/api/posts.json").then(function (r) { return r.json(); }).then(function (posts) {
      var list = el("ul");
      posts.forEach(function (post) {
        var item = el("li"), link = el("a", post.title);
        link.href = post.url; item.appendChild(link); list.appendChild(item);
      });
      root.appendChild(el("h1", "JS Blog"));
      root.appendChild(list);
    });
  }
})();
"""

WORDS = [
    "harbour",
    "lantern",
    "copper",
    "meadow",
    "quarry",
    "violet",
    "thunder",
    "orchard",
    "pebble",
    "saffron",
    "glacier",
    "compass",
    "ember",
    "falcon",
    "juniper",
    "lattice",
    "marble",
    "nectar",
    "opal",
    "prism",
    "quiver",
    "raven",
    "summit",
    "timber",
    "umber",
    "velvet",
    "willow",
    "zephyr",
    "anchor",
    "bramble",
    "cinder",
    "dune",
]


def paragraphs(post: int, count: int = 5) -> list[str]:
    """Distinct, deterministic prose for one post: ``count`` paragraphs of four sentences."""
    out = []
    for p in range(count):
        sentences = []
        for s in range(4):
            words = [WORDS[(post * 7 + p * 5 + s * 3 + i * i) % len(WORDS)] for i in range(12)]
            sentences.append(f"Post {post} paragraph {p} sentence {s}: " + " ".join(words) + ".")
        out.append(" ".join(sentences))
    return out


def post_data(post: int) -> dict[str, object]:
    return {
        "title": f"Field notes number {post}",
        "date": f"2024-03-{post:02d}",
        "author": "Ada Writer",
        "paragraphs": paragraphs(post),
    }


def _shell(title: str, extra_head: str = "", extra_body: str = "") -> str:
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<script src="/private/tracker.js"></script>
{extra_head}</head>
<body><div id="root"></div>
<noscript>You need to enable JavaScript to run this app.</noscript>
<img src="/static/hero.png" alt="">
{extra_body}<script src="/static/app.js"></script>
</body></html>"""


def _lazy_post(post: int) -> str:
    """The first paragraph on load, the rest 300 ms later."""
    data = post_data(post)
    first = {**data, "paragraphs": data["paragraphs"][:1]}  # type: ignore[index]
    rest = json.dumps(data["paragraphs"][1:])  # type: ignore[index]
    script = f"""<script>
window.addEventListener("load", function () {{
  var article = window.renderPost({json.dumps(first)});
  setTimeout(function () {{
    {rest}.forEach(function (text) {{
      var p = document.createElement("p"); p.textContent = text; article.appendChild(p);
    }});
  }}, 300);
}});
</script>
"""
    page = _shell("Loading…", extra_body="<script>window.manualRender = true;</script>\n")
    return page.replace("</body>", script + "</body>")


def _server_post(post: int) -> str:
    data = post_data(post)
    body = "\n".join(f"<p>{p}</p>" for p in data["paragraphs"])  # type: ignore[union-attr]
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{data["title"]} | JS Blog</title>
<script src="/static/enhance.js"></script></head>
<body><div id="app"><article><h1>{data["title"]}</h1>
<p class="byline">By <span class="author">{data["author"]}</span></p>
<time datetime="{data["date"]}">{data["date"]}</time>
{body}</article></div></body></html>"""


def _json(data: object) -> Reply:
    return Reply(body=json.dumps(data).encode(), content_type="application/json")


def _common(server: ScriptedServer) -> None:
    server.route("/robots.txt", Reply(body=ROBOTS.encode(), content_type="text/plain"))
    server.route(
        "/static/app.js", Reply(body=APP_JS.encode(), content_type="application/javascript")
    )
    server.route("/static/enhance.js", Reply(body=b"/* progressive */", content_type="text/js"))
    server.route("/private/tracker.js", Reply(body=b"", content_type="application/javascript"))
    server.route("/static/hero.png", Reply(body=b"\x89PNG\r\n", content_type="image/png"))


JS_POSTS = (1, 2, 3)


def js_blog() -> ScriptedServer:
    """Every page is an app shell: post 1 inline JSON, post 2 fetched JSON, post 3 lazy."""
    server = ScriptedServer()
    _common(server)
    server.html("/", _shell("JS Blog"))
    listing = [{"title": post_data(n)["title"], "url": f"/post/{n}"} for n in JS_POSTS]
    server.route("/api/posts.json", _json(listing))
    state = json.dumps(post_data(1))
    server.html(
        "/post/1",
        _shell(
            "Loading…",
            extra_body=f'<script id="__STATE__" type="application/json">{state}</script>\n',
        ),
    )
    server.html("/post/2", _shell("Loading…"))
    server.route("/api/post/2.json", _json(post_data(2)))
    server.html("/post/3", _lazy_post(3))
    return server


MIXED_SERVER_POSTS = (11, 12, 13)
MIXED_JS_POSTS = (21, 22)


def mixed_blog() -> ScriptedServer:
    """A server-rendered home page and posts, and two posts that are app shells."""
    server = ScriptedServer()
    _common(server)
    links = "\n".join(
        f'<li><a href="/post/{n}">{post_data(n)["title"]}</a></li>'
        for n in (*MIXED_SERVER_POSTS, *MIXED_JS_POSTS)
    )
    server.html(
        "/",
        f"""<!doctype html><html><head><title>Mixed Blog</title>
<script src="/static/enhance.js"></script></head>
<body><h1>Mixed Blog</h1><p>Notes from the field, some of them written by scripts.</p>
<ul>{links}</ul></body></html>""",
    )
    for n in MIXED_SERVER_POSTS:
        server.html(f"/post/{n}", _server_post(n))
    for n in MIXED_JS_POSTS:
        server.html(f"/post/{n}", _shell("Loading…"))
        server.route(f"/api/post/{n}.json", _json(post_data(n)))
    return server
