"""Structured metadata of a page: JSON-LD, OpenGraph and meta tags, ``<time>``,
rel=author, byline elements, headings. Each value keeps where it came from.

    >>> from lxml.html import fromstring
    >>> tree = fromstring('''<html><head><title>Rain - Daily</title>
    ... <meta property="og:title" content="Rain">
    ... <script type="application/ld+json">{"@type": "NewsArticle", "headline": "Rain!",
    ...  "author": [{"@type": "Person", "name": "Ann Lee"}], "datePublished": "2024-05-01"}</script>
    ... </head><body><h1>Rain</h1></body></html>''')
    >>> c = collect(tree)
    >>> c["title"]
    [('Rain!', 'jsonld'), ('Rain', 'og:title'), ('Rain', 'h1'), ('Rain - Daily', 'title')]
    >>> c["authors"], c["published"]
    ([('Ann Lee', 'jsonld')], [('2024-05-01', 'jsonld')])
"""

from __future__ import annotations

import html
import json
import re
from collections import defaultdict
from collections.abc import Iterator
from html.entities import html5
from typing import Any

from lxml.etree import XPath
from lxml.html import HtmlElement

from newsspider.extraction import labels
from newsspider.extraction.authors.find import byline_candidates, text_bylines
from newsspider.extraction.dates.find import markup_dates
from newsspider.extraction.page import (
    H1,
    headline_and_site,
    headline_blocks,
)
from newsspider.extraction.titles.find import markup_titles
from newsspider.extraction.titles.kicker import markup_kickers

ARTICLE_TYPES = re.compile(r"(Article|BlogPosting|Report|NewsArticle|Posting|Story)$", re.I)
ORG_TYPES = {"Organization", "NewsMediaOrganization", "Corporation", "WebSite", "Brand"}
#: the label of a "twitter:label1" / "twitter:data1" pair naming the author
WRITTEN_BY = re.compile(
    "^" + labels.either((*labels.WRITTEN_BY, "autor", "author", "auteur")) + "$", re.I
)
JSONLD_SCRIPTS = XPath("//script[contains(@type, 'ld+json')]")
META_FIELDS = {
    # meta key -> (field, origin label)
    "og:title": ("title", "og:title"),
    "twitter:title": ("title", "twitter:title"),
    "headline": ("title", "meta:headline"),
    "author": ("authors", "meta:author"),
    "article:author": ("authors", "meta:article:author"),
    "dc.creator": ("authors", "meta:dc.creator"),
    "sailthru.author": ("authors", "meta:sailthru.author"),
    "parsely-author": ("authors", "meta:parsely-author"),
    "byl": ("authors", "meta:byl"),
    "article:published_time": ("published", "meta:article:published_time"),
    "og:article:published_time": ("published", "meta:article:published_time"),
    "datepublished": ("published", "meta:datePublished"),
    "publishdate": ("published", "meta:publishdate"),
    "pubdate": ("published", "meta:pubdate"),
    "publish-date": ("published", "meta:publish-date"),
    "date": ("published", "meta:date"),
    "dc.date.issued": ("published", "meta:dc.date.issued"),
    "dc.date": ("published", "meta:dc.date"),
    "sailthru.date": ("published", "meta:sailthru.date"),
    "parsely-pub-date": ("published", "meta:parsely-pub-date"),
    "article:modified_time": ("modified", "meta:article:modified_time"),
    "og:updated_time": ("modified", "meta:og:updated_time"),
    "datemodified": ("modified", "meta:dateModified"),
    "description": ("description", "meta:description"),
    "og:description": ("description", "og:description"),
    "og:image": ("image", "og:image"),
    "twitter:image": ("image", "twitter:image"),
    "article:section": ("section", "meta:article:section"),
    "article:tag": ("tags", "meta:article:tag"),
    "keywords": ("tags", "meta:keywords"),
    "news_keywords": ("tags", "meta:news_keywords"),
    "og:site_name": ("site_name", "og:site_name"),
    "application-name": ("site_name", "meta:application-name"),
    "og:locale": ("language", "og:locale"),
    "content-language": ("language", "meta:content-language"),
    "og:type": ("page_type", "og:type"),
}


def collect(tree: HtmlElement) -> dict[str, list[tuple[Any, str]]]:
    """Every candidate value for each field, in order of trust."""
    found: dict[str, list[tuple[Any, str]]] = defaultdict(list)
    for obj in jsonld_objects(tree):
        _from_jsonld(obj, found)
    _from_meta(tree, found)
    _from_markup(tree, found)
    return dict(found)


def jsonld_objects(tree: HtmlElement) -> Iterator[dict[str, Any]]:
    """The JSON-LD objects that describe an article (``@graph`` flattened);
    broken JSON is skipped."""
    for script in JSONLD_SCRIPTS(tree):
        try:
            data = json.loads((script.text or "").strip() or "null", strict=False)
        except (ValueError, RecursionError):
            continue
        for obj in _walk(data, 0):
            types = obj.get("@type")
            types = types if isinstance(types, list) else [types]
            if any(isinstance(t, str) and ARTICLE_TYPES.search(t) for t in types):
                yield obj


def _walk(data: Any, depth: int) -> Iterator[dict[str, Any]]:
    if depth > 4:
        return
    if isinstance(data, list):
        for x in data:
            yield from _walk(x, depth + 1)
    elif isinstance(data, dict):
        yield data
        yield from _walk(data.get("@graph"), depth + 1)
        main = data.get("mainEntity")
        if isinstance(main, (dict, list)):
            yield from _walk(main, depth + 1)


#: a character reference (named, decimal or hexadecimal) ended by its semicolon
CHARACTER_REFERENCE = re.compile(
    r"&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});"
)


def unescape(text: str) -> str:
    """`text` with its character references decoded, once: the parser leaves
    JSON-LD as written, and many publishers escape meta tags twice. Only
    complete references are read (a bare ``&para`` or ``&not`` is text).

    >>> unescape("Food &amp; Drink"), unescape("Metallica&#039;s"), unescape("&amp;amp;")
    ('Food & Drink', "Metallica's", '&amp;')
    >>> unescape("AT&T, R&D, &para and &notanentity; &#x263A;")
    'AT&T, R&D, &para and &notanentity; ☺'
    """
    return CHARACTER_REFERENCE.sub(_decoded, text) if "&" in text else text


def _decoded(reference: re.Match) -> str:
    ref = reference.group()
    return html.unescape(ref) if ref[1] == "#" or ref[1:] in html5 else ref


def _from_jsonld(obj: dict[str, Any], found: dict[str, list]) -> None:
    for key, field in (("headline", "title"), ("name", "title_name"), ("datePublished", "published"),
                       ("dateCreated", "created"), ("dateModified", "modified"),
                       ("description", "description"), ("articleSection", "section"),
                       ("inLanguage", "language")):  # fmt: skip
        for value in _texts(obj.get(key)):
            found[field].append((value, "jsonld"))
    # the first article object credits the page's authors; later ones are other articles
    credited = any(o.startswith("jsonld") for _, o in found["authors"])
    for person in [] if credited else _as_list(obj.get("author")) + _as_list(obj.get("creator")):
        if isinstance(person, str):
            found["authors"].append((unescape(person), "jsonld"))
        elif isinstance(person, dict):
            types = set(_as_list(person.get("@type")))
            name = person.get("name")
            if isinstance(name, str):
                origin = "jsonld:organization" if types & ORG_TYPES else "jsonld"
                found["authors"].append((unescape(name), origin))
    for value in _as_list(obj.get("keywords")):
        if isinstance(value, str):
            found["tags"].append((unescape(value), "jsonld"))
    image = obj.get("image")
    for img in _as_list(image):
        url = img.get("url") if isinstance(img, dict) else img
        if isinstance(url, str):
            found["image"].append((url, "jsonld"))
            break
    if "LiveBlogPosting" in _as_list(obj.get("@type")):
        found["page_type"].append(("LiveBlogPosting", "jsonld"))
    publisher = obj.get("publisher")
    if isinstance(publisher, dict) and isinstance(publisher.get("name"), str):
        found["site_name"].append((unescape(publisher["name"]), "jsonld:publisher"))


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _texts(value: Any) -> Iterator[str]:
    for v in _as_list(value):
        if isinstance(v, (str, int, float)) and str(v).strip():
            yield unescape(str(v).strip())


def _from_meta(tree: HtmlElement, found: dict[str, list]) -> None:
    labels: dict[str, str] = {}
    for meta in tree.iter("meta"):
        key = (meta.get("name") or meta.get("property") or "").strip().lower()
        if key.startswith("twitter:label"):
            labels[key.replace("label", "data")] = (meta.get("content") or "").strip()
        elif (
            key.startswith("twitter:data")
            and WRITTEN_BY.match(labels.get(key, ""))
            and (content := (meta.get("content") or "").strip())
        ):
            found["authors"].append((unescape(content), "meta:twitter:data"))
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or
               meta.get("http-equiv") or "").strip().lower()  # fmt: skip
        content = (meta.get("content") or "").strip()
        if key in META_FIELDS and content:
            field, origin = META_FIELDS[key]
            found[field].append((content if field == "image" else unescape(content), origin))


def _from_markup(tree: HtmlElement, found: dict[str, list]) -> None:
    h1s = H1(tree)[:3]  # the first: often the site's logo; found once for every scan below
    found["title"].extend(markup_titles(tree, h1s))
    if kickers := markup_kickers(h1s):
        found["kicker"] = kickers
    heading = headline_and_site(tree, [v for v, _ in found["title"]], h1s)
    article = headline_blocks(tree, h1s)  # computed once for the byline and date scans
    for text, origin in byline_candidates(tree, article):
        found["authors"].append((text, origin))
    for text in text_bylines(tree, article=article):
        found["authors"].append((text, "byline-text"))
    found["published"].extend(markup_dates(tree, article, heading))
    for link in tree.xpath("//link[@rel='canonical'][@href]")[:1]:
        found["canonical"].append((link.get("href"), "link:canonical"))
    lang = tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang")
    if lang:
        found["language"].append((lang, "html:lang"))
