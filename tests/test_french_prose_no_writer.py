"""A French post's prose says "par" ("by") where it means "this way" or "by default" ("c'est
<a>par ici</a>", "<strong>par défaut</strong>"), and links a profile page with a sentence's
words ("<a href=".../profile/account">récupérez le vôtre</a>"): none of them names a writer,
so a page whose byline the extractor cannot read is given none rather than "ici"."""

from __future__ import annotations

from scraper import extract
from scraper.extractor.explain import explain

PROSE = (
    "<p>Flow est un outil d'analyse statique pour JavaScript, qui vérifie les types de vos "
    "fichiers sans rien changer à leur exécution, et que l'on peut adopter petit à petit.</p>"
)


def _post(paragraphs: str) -> str:
    return (
        "<!DOCTYPE html><html lang='fr'><head><title>Flow avancé | Putain de code</title>"
        "</head><body><main><h1>Flow avancé - Première partie</h1>"
        f"{PROSE * 3}{paragraphs}{PROSE * 3}</main></body></html>"
    )


def _candidates(html: str) -> list[str]:
    url = "http://h/articles/flow-avance/"
    return [value for _, value in explain(html, url).metadata["authors"].candidates]


def test_par_in_a_sentence_is_no_byline() -> None:
    html = _post(
        "<p><em>Pour plus d'infos sur npx, c'est <a href='https://www.npmjs.com/package/npx'>"
        "par ici</a>. À noter que c'est un outil fourni avec npm.</em></p>"
        "<p>GitLab protège la branche master <strong>par défaut</strong>. Donc si vous ne "
        "changez rien, vous ne pourrez pas pousser en force.</p>"
    )
    assert not {"ici", "défaut"} & set(_candidates(html))
    assert extract(html, "http://h/articles/flow-avance/").authors == ()


def test_a_profile_links_sentence_words_are_no_writer() -> None:
    html = _post(
        "<p>Pour le token, <a href='https://gitlab.com/profile/account'>récupérez le vôtre</a>"
        " et faites comme pour GitHub.</p>"
    )
    assert "récupérez le vôtre" not in _candidates(html)
    assert extract(html, "http://h/articles/flow-avance/").authors == ()


def test_a_short_bylines_name_or_handle_is_still_read() -> None:
    html = _post("<p class='byline'>By <a href='/authors/jdoe42'>jdoe42</a> · 5 min</p>")
    assert "jdoe42" in _candidates(html)
    html = _post("<p class='byline'>Par <a href='/auteurs/jean'>Jean Dupont</a>, le 3 mai</p>")
    assert "Jean Dupont" in _candidates(html)


def _handle_post(href: str, alt: str) -> str:
    return _post("").replace(
        "<h1>Flow avancé - Première partie</h1>",
        "<h1>Flow avancé - Première partie</h1>"
        f'<a class="byline" href="{href}"><img alt="{alt}" src="/a.png">'
        "<div>zoontek <!-- -->•<!-- --> 2017/11/23</div></a>",
    )


def test_a_handle_in_a_link_to_its_account_with_its_avatar_is_a_candidate_writer() -> None:
    assert "zoontek" in _candidates(_handle_post("https://github.com/zoontek", "zoontek"))
    # neither a link to another page, nor one without the account's picture, nor a broken one
    assert "zoontek" not in _candidates(_handle_post("https://github.com/zoontek/x", "zoontek"))
    assert "zoontek" not in _candidates(_handle_post("https://github.com/zoontek", "logo"))
    assert "zoontek" not in _candidates(_handle_post("http://[zoontek", "zoontek"))


def test_a_french_titles_spaced_colon_is_punctuation_not_a_separator() -> None:
    headline = "Angular 1.5 : un pas de plus vers les web-components"
    html = (
        f'<html lang="fr"><head><title>{headline} | Putain de code</title></head><body><main>'
        f"<h1>{headline}</h1>{PROSE * 6}</main></body></html>"
    )
    assert extract(html, "http://h/articles/angular-1-5/").title == headline
    # where the page is not French, " : " separates as before
    english = html.replace('lang="fr"', 'lang="en"')
    assert extract(english, "http://h/articles/angular-1-5/").title == "Angular 1.5"
