"""What a page declares of itself: whether it is an article (og:type, a JSON-LD
Article), and the text of its JSON-LD articleBody, which shows when
trafilatura missed most of the text.

    >>> declares_article(["article"], []), declares_article([], ['{"@type": "WebPage"}'])
    (True, False)
"""

from __future__ import annotations

import json
import re
from html import unescape
from typing import Any

from lxml.etree import XPath

#: og:type values and JSON-LD script texts, where a page says what it is
OG_TYPE = XPath("//meta[@property='og:type' or @name='og:type']/@content")
JSON_LD = XPath("//script[@type='application/ld+json']/text()")
ARTICLE_TYPE = re.compile(r'"@type"\s*:\s*(?:\[[^\]]*?)?"(\w*Article|BlogPosting)"')
#: The text a page declares as its article (JSON-LD ``articleBody``) replaces
#: the extracted body when it is at least this long and the extracted body
#: holds less than this share of it: the page's text is rendered by script,
#: or trafilatura took a list of teasers for the article.
DECLARED_MIN_WORDS = 150
DECLARED_MAX_SHARED = 0.3
#: ... and unless the extracted body is this many times longer than the declared text
DECLARED_PART = 3
JSON_DEPTH = 20
HTML_BREAK = re.compile(r"(?i)<br\s*/?>|</(?:p|h[1-6]|li|div|blockquote)>")
HTML_TAG = re.compile(r"</?[a-zA-Z][^<>]*>")
WORD = re.compile(r"\w+")


def missed(declared: str, paragraphs: list[str]) -> bool:
    """Whether the extracted `paragraphs` missed the page's `declared` text
    (long, and little of it extracted); not when the extracted text is many
    times longer, as on a live blog whose JSON-LD holds one of its posts.

    >>> text = " ".join(f"Line {n} of the declared text." for n in range(40))
    >>> missed(text, ["Something else entirely."]), missed(text, ["Another post of the blog."] * 200)
    (True, False)
    """
    words = word_total(declared)
    return (
        words >= DECLARED_MIN_WORDS
        and words * DECLARED_PART >= sum(map(word_total, paragraphs))
        and shared(declared, "\n".join(paragraphs)) < DECLARED_MAX_SHARED
    )


def declares_article(og_types: list[str], scripts: list[str]) -> bool:
    """Whether the page says it is an article: og:type "article", or a
    JSON-LD item of type Article, NewsArticle, BlogPosting and the like.

    >>> declares_article(["article"], [])
    True
    >>> declares_article(["website"], ['{"@type": ["ReportageNewsArticle"]}'])
    True
    >>> declares_article(["website"], ['{"@type": "WebPage", "name": "Article"}'])
    False
    """
    return any(t.strip().lower() == "article" for t in og_types) or any(
        ARTICLE_TYPE.search(s) for s in scripts
    )


def declared_type(og_types: list[str], scripts: list[str]) -> tuple[str, str] | None:
    """The article type the page declares and where: a JSON-LD type (NewsArticle,
    ReportageNewsArticle, BlogPosting ...) before og:type "article"; None if
    it declares none.

    >>> declared_type(["article"], ['{"@type": ["WebPage", "NewsArticle"]}'])
    ('NewsArticle', 'jsonld')
    >>> declared_type(["Article "], []), declared_type(["website"], ['{"@type": "WebPage"}'])
    (('article', 'og:type'), None)
    """
    for script in scripts:
        if found := ARTICLE_TYPE.search(script):
            return found[1], "jsonld"
    if any(t.strip().lower() == "article" for t in og_types):
        return "article", "og:type"
    return None


def declared_body(scripts: list[str]) -> str:
    """The longest JSON-LD ``articleBody`` of the page as plain text, one
    paragraph a line ("" if none).

    >>> declared_body(['{"@graph": [{"articleBody": "<p>One &amp; two</p><p>Three</p>"}]}'])
    'One & two\\nThree'
    """
    best = ""
    for script in scripts:
        if "articleBody" not in script:
            continue
        try:
            data = json.loads(script, strict=False)
        except (ValueError, RecursionError):  # broken, or nested thousands deep
            continue
        for text in _values(data, "articleBody"):
            if isinstance(text, str) and len(text) > len(best):
                best = text
    if "<" in best:
        best = HTML_TAG.sub("", HTML_BREAK.sub("\n", best))
    return "\n".join(text_lines(unescape(best)))


def _values(data: Any, key: str, depth: int = 0):
    """Every value of `key` in nested JSON, down to a sane depth.

    >>> list(_values({"a": [{"k": 1}, {"b": {"k": 2}}]}, "k"))
    [1, 2]
    """
    if depth > JSON_DEPTH:
        return
    if isinstance(data, dict):
        for k, v in data.items():
            if k == key:
                yield v
            else:
                yield from _values(v, key, depth + 1)
    elif isinstance(data, list):
        for item in data:
            yield from _values(item, key, depth + 1)


def shared(text: str, other: str) -> float:
    """The share of `text`'s word trigrams (lower case) found in `other`.

    >>> shared("the cat sat on the mat", "Yes, the cat sat on a mat")
    0.5
    """
    grams = _trigrams(text)
    return len(grams & _trigrams(other)) / len(grams) if grams else 0.0


def _trigrams(text: str) -> set[tuple[str, ...]]:
    words = WORD.findall(text.lower())
    return set(zip(words, words[1:], words[2:], strict=False))


def word_total(text: str | None) -> int:
    """Words of `text` (none of None)."""
    return len((text or "").split())


def text_lines(text: str) -> list[str]:
    """The lines of `text` that hold more than white space, stripped."""
    return [line.strip() for line in text.split("\n") if line.strip()]
