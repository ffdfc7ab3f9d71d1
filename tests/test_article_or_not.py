"""Article or not, and free to read or not: the extraction chain and the
validate step over real pages (the quality fixtures and small pages written
here), and the corpus column the answer lands in."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from newsspider.items import Article, Batch, Page
from newsspider.store import Corpus
from pipelines.clean import clean_article
from pipelines.extract import extract_page
from pipelines.normalise import normalise_fields
from pipelines.validate import rejection_reason

FIXTURES = Path(__file__).parent / "fixtures" / "quality"
FETCHED = "2024-05-02T12:00:00+00:00"
MIN_WORDS = 60
PARAGRAPH = (
    "<p>The harbour authority closed the north pier on Monday after divers found cracks in two of "
    "its oldest piles, and said it would stay shut until the repairs are finished.</p>"
)


def chain(html: str | bytes, url: str = "https://news.example/2024/04/a") -> Article:
    """The article the pipelines make of `html`, up to validate."""
    html = html.encode() if isinstance(html, str) else html
    page = Page(url=url, final_url=url, html=html, fetched=FETCHED, headers={})
    found = extract_page(page)
    assert "error" not in found, found
    article = Article(page=page, paragraphs=found["paragraphs"], candidates=found["candidates"])
    clean_article(article)
    article.record, article.provenance = normalise_fields(
        article.candidates, article.paragraphs, url, FETCHED, {}
    )
    return article


def page(body: str, head: str = "", title: str = "Pier closed after divers find cracks") -> str:
    return (
        f"<html><head><title>{title}</title>{head}</head><body><nav><a href='/'>Home</a></nav>"
        f"<main><article><h1>{title}</h1>{body}</article></main></body></html>"
    )


def jsonld(kind: str, **extra: str) -> str:
    fields = "".join(f', "{k}": {v}' for k, v in extra.items())
    return (
        '<script type="application/ld+json">{"@context": "https://schema.org", '
        f'"@type": "{kind}", "headline": "Pier closed after divers find cracks"{fields}}}</script>'
    )


def test_a_short_brief_that_declares_itself_an_article_is_stored():
    brief = chain((FIXTURES / "declared-brief.html").read_bytes())
    assert brief.record["word_count"] < MIN_WORDS
    assert brief.provenance["page_type"] == "jsonld:ReportageNewsArticle"
    assert rejection_reason(brief, MIN_WORDS) is None


@pytest.mark.parametrize(
    "head", [jsonld("NewsArticle"), '<meta property="og:type" content="article">']
)
def test_a_declared_brief_of_one_paragraph_is_stored(head):
    brief = chain(page(PARAGRAPH, head))
    assert brief.record["word_count"] < 40
    assert rejection_reason(brief, MIN_WORDS) is None


def test_the_same_brief_declaring_nothing_is_held_to_the_floor():
    brief = chain(page(PARAGRAPH, jsonld("WebPage")))
    reason = rejection_reason(brief, MIN_WORDS)
    assert reason.startswith("not an article: ") and f"(minimum {MIN_WORDS})" in reason


def test_a_declared_page_without_a_real_paragraph_is_not_a_brief():
    teaser = chain(page("<p>Pier closed, see photos</p>", jsonld("NewsArticle")))
    assert rejection_reason(teaser, MIN_WORDS).startswith("not an article: ")


def tag_page(head: str) -> str:
    items = "".join(
        f"<li><h3><a href='/2024/04/{n}'>Storm news number {n} from the coast</a></h3>"
        f"<span>{n} April</span></li>"
        for n in range(1, 13)
    )
    return page(f"<ul class='stories'>{items}</ul>", head, title="Tag: storms")


@pytest.mark.parametrize(
    "head",
    [jsonld("WebPage"), jsonld("CollectionPage"), '<meta property="og:type" content="article">'],
)
def test_a_tag_page_is_still_rejected(head):
    tags = chain(tag_page(head))
    assert rejection_reason(tags, MIN_WORDS).startswith("not an article: ")


@pytest.mark.parametrize(
    ("head", "body", "free", "origin"),
    [
        (
            jsonld("NewsArticle", isAccessibleForFree="true"),
            PARAGRAPH,
            1,
            "jsonld:isAccessibleForFree",
        ),
        (
            jsonld("NewsArticle", isAccessibleForFree='"False"'),
            PARAGRAPH,
            0,
            "jsonld:isAccessibleForFree",
        ),
        (
            jsonld(
                "NewsArticle", hasPart='[{"@type": "WebPageElement", "isAccessibleForFree": false}]'
            ),
            PARAGRAPH,
            0,
            "jsonld:isAccessibleForFree",
        ),
        ("", PARAGRAPH + "<div class='article-paywall'><p>Log in</p></div>", 0, "markup:paywall"),
        ("", PARAGRAPH + "<div data-paywall=''><p>Log in</p></div>", 0, "markup:paywall"),
        ("", PARAGRAPH + "<p>Dieser Artikel ist exklusiv für Abonnenten.</p>", 0, "text:paywall"),
        (jsonld("NewsArticle", wordCount="900"), PARAGRAPH, 0, "teaser"),
        (jsonld("NewsArticle", wordCount="40"), PARAGRAPH, None, None),
        ("", PARAGRAPH + "<div class='wallpaper' data-paywall='false'></div>", None, None),
    ],
)
def test_free_access(head, body, free, origin):
    article = chain(page(body, head))
    assert article.record["free_access"] == free
    assert article.provenance.get("free_access") == origin
    assert "Dieser Artikel ist exklusiv" not in article.record["body"]


def test_free_access_is_a_column_of_the_corpus(tmp_path):
    article = chain((FIXTURES / "paywalled-teaser.html").read_bytes())
    corpus = Corpus(tmp_path / "news.db")
    run = corpus.start_run("news", [{"name": "a", "homepage": "https://news.example/"}])
    corpus.write(run, Batch(articles=[article]))
    corpus.close()
    with sqlite3.connect(tmp_path / "news.db") as db:
        assert db.execute("select free_access from articles").fetchall() == [(0,)]


def test_a_body_only_in_a_state_script_says_so():
    article = chain((FIXTURES / "next-data-body.html").read_bytes())
    assert article.provenance["body"] == "script:__NEXT_DATA__"
    assert "crezca un tercio" in article.record["body"]
    assert rejection_reason(article, MIN_WORDS) is None
