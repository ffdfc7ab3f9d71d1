"""Rules for reading bylines and author metadata from the markup."""

from __future__ import annotations

from pathlib import Path

from lxml.html import fromstring

from newsspider.article import build_article
from newsspider.extraction.authors.find import byline_candidates, text_bylines
from newsspider.extraction.dates.find import shown_dates
from newsspider.extraction.metadata import collect
from newsspider.items import Page


def page(body: str, head: str = "") -> str:
    return f"<html><head>{head}</head><body>{body}</body></html>"


def test_bylines_of_related_articles_are_left_out():
    tree = fromstring(
        page(
            '<div><main><div><header><p class="byline">By <a rel="author">Ann Lee</a></p></header>'
            '<p>Text</p></div><aside class="related"><span class="author">Cy Dee</span></aside></main>'
            '<div><div><div><span class="author">Di Eng</span></div></div></div></div>'
        )
    )
    names = [text for text, _ in byline_candidates(tree)]
    assert "Cy Dee" not in names and "Di Eng" not in names
    assert "Ann Lee" in names


def test_comment_authors_are_left_out():
    tree = fromstring(
        page(
            '<article><p class="byline">By Ann Lee</p><p>Text</p></article>'
            '<div class="comments"><span class="author">Troll Person</span></div>'
        )
    )
    assert [t for t, _ in byline_candidates(tree)] == ["By Ann Lee"]


def test_author_page_link_counts_when_no_byline_markup():
    tree = fromstring(
        page('<article><p>By <a href="/author/ann-lee">Ann Lee</a></p><p>Text</p></article>')
    )
    assert byline_candidates(tree) == [("Ann Lee", "byline")]


def test_text_byline_without_markup():
    tree = fromstring(page("<article><p><em>Text von Bo Chan</em></p><p>By the way.</p></article>"))
    assert text_bylines(tree) == ["Text von Bo Chan"]


def test_written_by_label_pair():
    tree = fromstring(
        page(
            "<p>x</p>",
            '<meta name="twitter:label1" content="Written by">'
            '<meta name="twitter:data1" content="Ann Lee">',
        )
    )
    assert ("Ann Lee", "meta:twitter:data") in collect(tree)["authors"]


def test_hcard_author_is_a_byline():
    tree = fromstring(
        page(
            '<article><p class="meta">by <span class="author vcard fn">Ann Lee</span></p>'
            "<p>Text</p></article>"
        )
    )
    assert [t for t, _ in byline_candidates(tree)] == ["Ann Lee"]


def test_posted_on_date_by_name():
    tree = fromstring(
        page("<article><div>Posted on May 1, 2024 by Bo Chan</div><p>Text</p></article>")
    )
    assert text_bylines(tree) == ["by Bo Chan"]


def test_kicker_element_is_left_out_of_the_h1():
    tree = fromstring(
        page(
            '<article><h1><span class="kicker">Climate</span><span>: </span>'
            "<span>Rain floods the old town</span></h1><p>Text</p></article>"
        )
    )
    assert ("Rain floods the old town", "h1") in collect(tree)["title"]


def test_formatting_in_h1_is_no_kicker():
    tree = fromstring(
        page("<article><h1><em>Rain</em> floods the old town</h1><p>Text</p></article>")
    )
    assert ("Rain floods the old town", "h1") in collect(tree)["title"]


def test_byline_inside_a_block_around_the_headline_counts():
    tree = fromstring(
        page(
            '<div class="page--with-sidebar"><h1>Rain</h1><p class="byline">By Ann Lee</p>'
            '<div class="sidebar"><span class="author">Cy Dee</span></div></div>'
        )
    )
    assert byline_candidates(tree) == [("By Ann Lee", "byline")]


def test_only_the_first_jsonld_article_credits_authors():
    tree = fromstring(
        page(
            '<script type="application/ld+json">[{"@type": "NewsArticle", "author": {"name": "Ann Lee"}},'
            ' {"@type": "NewsArticle", "author": {"name": "Cy Dee"}}]</script><h1>Rain</h1>'
        )
    )
    assert collect(tree)["authors"] == [("Ann Lee", "jsonld")]


def test_text_byline_after_a_date():
    assert text_bylines(fromstring(page("<p>02.05.2024 13:30 von Ann Lee</p>"))) == ["von Ann Lee"]


def test_author_page_link_must_name_the_linked_person():
    tree = fromstring(
        page(
            '<article><h1>Rain</h1><p>Text</p></article><div class="row">'
            '<a href="/autoren/lee-ann">Zum Archiv</a> <a href="/autoren/lee-ann">Ann Lee</a></div>'
        )
    )
    assert byline_candidates(tree) == [("Ann Lee", "byline")]


def test_author_box_names_the_author():
    tree = fromstring(
        page(
            '<article><h1>Rain</h1><p>Text</p></article><div class="author-box">'
            '<a rel="author" href="/author/ann-lee">Ann Lee</a></div>'
        )
    )
    assert byline_candidates(tree) == [("Ann Lee", "rel=author")]


def published(html: str) -> list[tuple[str, str]]:
    return collect(fromstring(html)).get("published", [])


def test_time_elements_text_is_a_shown_date():
    found = published(
        page('<p><time datetime="2024-05-02T10:00:00Z">Posted: May 1, 2024 | Updated</time></p>')
    )
    assert ("2024-05-02T10:00:00Z", "time") in found
    assert ("Posted: May 1, 2024 | Updated", "dateline") in found


def test_update_labels_and_classes_mark_updates():
    found = published(
        page(
            '<div class="byline">Ann Lee | <span>Last updated</span> May 3, 2024</div>'
            '<time class="updated" datetime="2024-05-03">May 3</time>'
        )
    )
    assert ("Ann Lee | Last updated May 3, 2024", "dateline:updated") in found
    assert ("2024-05-03", "time:updated") in found


def test_date_after_the_headline_is_a_shown_date():
    found = published(page("<h1>Site</h1><h1>Rain floods the town</h1><p>1. Mai 2024, Ann Lee</p>"))
    assert found == [("1. Mai 2024, Ann Lee", "dateline")]


def test_sentence_naming_a_date_is_no_dateline():
    found = published(
        page("<h1>Rain floods the town</h1><p>The council next meets on 5 May 2024 at noon.</p>")
    )
    assert found == []


def test_dateline_naming_only_its_author():
    assert text_bylines(fromstring(page("<p>11.12.2023 - Ann Lee</p>"))) == ["von Ann Lee"]
    assert text_bylines(fromstring(page("<small>02.05.2024 | 13:10 Uhr | Bo Chan</small>"))) == [
        "von Bo Chan"
    ]
    assert text_bylines(fromstring(page("<p>11.12.2023 - Neue Regeln für Mieter</p>"))) == []
    assert text_bylines(fromstring(page("<p>11.12.2023 - Berlin</p>"))) == []


def test_layout_classes_do_not_hide_the_byline():
    body = '<div class="main has-double-sidebar"><h5>Von Ann Lee</h5><p>Text</p></div>'
    assert text_bylines(fromstring(page(body))) == ["Von Ann Lee"]
    tree = fromstring(
        '<html><body class="one-sidebar sidebar-second"><article class="node node-promoted">'
        "<p>Blog Beitrag von Bo Chan</p></article></body></html>"
    )
    assert text_bylines(tree) == ["Blog Beitrag von Bo Chan"]
    tree = fromstring(page('<div class="sidebar"><p>Von Cy Dee</p></div>'))
    assert text_bylines(tree) == []


def test_published_and_changed_labels():
    tree = fromstring(
        page("<h1>Rain</h1><div>Letzte Änderung: 31.10.2023<br>Erschienen am: 01.11.2023</div>")
    )
    assert shown_dates(tree)[:2] == [
        ("Letzte Änderung: 31.10.2023", "dateline:updated"),
        ("Erschienen am: 01.11.2023", "dateline"),
    ]


def test_trafilatura_scans_only_the_fields_our_metadata_left_empty(monkeypatch):
    from lxml.html import fromstring

    from newsspider.extraction.body import fallback

    page = fromstring(
        "<html><head><title>Rain due</title></head><body>"
        '<div class="entry-meta"><a href="/category/weather/">Weather</a></div>'
        '<div class="tags"><a href="/tag/rain/">Rain</a></div>'
        '<span class="author">Ann Lee</span><p>Text of the story.</p></body></html>'
    )
    scanned = []
    real = fallback.extract_catstags
    monkeypatch.setattr(
        fallback, "extract_catstags", lambda kind, tree: scanned.append(kind) or real(kind, tree)
    )
    meta = fallback.trafilatura_metadata(page, "https://news.example/a", {})
    assert meta["section"] == [("Weather", "trafilatura")]
    assert meta["tags"] == [("Rain", "trafilatura")]
    assert meta["authors"] == [("Ann Lee", "trafilatura")]
    assert scanned == ["category", "tag"]

    scanned.clear()
    ours = {
        "section": [("Climate", "meta:article:section")],
        "tags": [("storms", "meta:keywords")],
        "authors": [("Bo Chan", "jsonld")],
    }
    meta = fallback.trafilatura_metadata(page, "https://news.example/a", ours)
    assert scanned == [] and "section" not in meta and "authors" not in meta
    # an organisation credited as author is no person: the markup is still read
    meta = fallback.trafilatura_metadata(
        page, None, {"authors": [("Daily Planet", "jsonld:organization")]}
    )
    assert meta["authors"] == [("Ann Lee", "trafilatura")]


ENTITIES = Path(__file__).parent / "fixtures" / "entities" / "article.html"


def test_jsonld_and_meta_text_is_unescaped_once():
    found = collect(fromstring(ENTITIES.read_bytes()))
    by_origin = {
        (field, origin): value for field, values in found.items() for value, origin in values
    }
    assert by_origin["title", "jsonld"] == "Metallica's new tour & what it costs"
    assert by_origin["title", "og:title"] == "Metallica's new tour & what it costs"
    assert by_origin["section", "jsonld"] == by_origin["section", "meta:article:section"]
    assert by_origin["section", "jsonld"] == "Food & Drink"
    assert by_origin["authors", "jsonld"] == "Siobhán O\u2019Neill"
    assert by_origin["authors", "meta:author"] == "Siobhán O\u2019Neill"
    assert by_origin["site_name", "jsonld:publisher"] == "Food & Drink Weekly"
    assert by_origin["site_name", "og:site_name"] == "Food & Drink Weekly"
    assert by_origin["description", "jsonld"] == (
        "Tickets for Metallica's tour start at £85 — more in London."
    )
    assert by_origin["tags", "meta:keywords"] == "Metallica, Food & Drink, R&B"
    # a URL is no text: its query string stays as the parser gave it
    assert by_origin["image", "og:image"] == "https://entities.example/img?w=800&h=600"


def test_the_stored_fields_of_a_page_with_escaped_metadata_carry_no_entities():
    url = "https://entities.example/2024/05/metallica-tour"
    fetched = "2024-05-02T12:00:00+00:00"
    page = Page(url=url, final_url=url, html=ENTITIES.read_bytes(), fetched=fetched,
                headers={"Content-Type": "text/html; charset=utf-8"})  # fmt: skip
    record = build_article(page).record
    assert record["title"] == "Metallica's new tour & what it costs"
    assert record["authors"] == ["Siobhán O\u2019Neill"]
    assert record["description"] == "Tickets for Metallica's tour start at £85 — more in London."
    assert record["section"] == "Food & Drink"
    # escaped twice in the JSON-LD: unescaped once, so one escape is left, as written
    assert record["tags"] == ["Metallica", "Food & Drink", "Escaped twice: &amp;", "R&B"]
