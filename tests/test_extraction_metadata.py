"""Rules for reading bylines and author metadata from the markup."""

from __future__ import annotations

from lxml.html import fromstring

from newsspider.extraction.metadata import byline_candidates, collect, text_bylines


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
