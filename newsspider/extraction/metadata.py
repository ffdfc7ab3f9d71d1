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

import json
import re
from collections import defaultdict
from collections.abc import Iterator
from itertools import islice
from typing import Any

from lxml.etree import XPath
from lxml.html import HtmlElement

from newsspider.extraction.authors import split_byline

ARTICLE_TYPES = re.compile(r"(Article|BlogPosting|Report|NewsArticle|Posting|Story)$", re.I)
ORG_TYPES = {"Organization", "NewsMediaOrganization", "Corporation", "WebSite", "Brand"}
BYLINE_XPATH = (
    "//*[@itemprop='author']//*[@itemprop='name'] | //*[@itemprop='author'][not(.//*[@itemprop='name'])]"
    " | //a[@rel='author'] | //*[contains(concat(' ', normalize-space(@class), ' '), ' byline ')]"
    " | //*[contains(concat(' ', normalize-space(@class), ' '), ' author ')]"
    " | //*[contains(@class, 'author-name') or contains(@class, 'authorName')"
    " or contains(@class, 'byline__name') or contains(@class, 'author__name')]"
)
#: links to an author's page: "/author/ann-lee", "/autor/…", "/by/…"
AUTHOR_LINK_XPATH = (
    "//body//a[contains(@href, '/author/') or contains(@href, '/authors/') or contains(@href, '/autor/')"
    " or contains(@href, '/autoren/') or contains(@href, '/auteur/') or contains(@href, '/writer/')"
    " or contains(@href, '/writers/') or contains(@href, '/by/') or contains(@href, '/journalist/')"
    " or contains(@href, '/people/') or contains(@href, '/staff/') or contains(@href, '/profile/')]"
)
TEXT_BYLINE_XPATH = (
    "//body//*[self::p or self::div or self::span or self::em or self::i or self::small or self::address"
    " or self::strong or self::b or self::li or self::h5 or self::h6][not(.//p or .//div or .//li)]"
)
TEXT_BYLINE = re.compile(
    r"^(?:by|von|text(?:\s+von|:)|autor(?:in)?:|author:|redaktion:|par|por|written by|geschrieben von|"
    r"verfasst von|ein beitrag von|posted by|publié par|publicado por|escrito por)\s+[A-ZÀ-Þ]",
    re.I,
)
#: "Posted on <date> by Ann Lee": the byline after the date
POSTED_BY = re.compile(
    r"^(?:posted|published|written|veröffentlicht|erstellt|publié|publicado)\b.{0,40}?\s((?:by|von|par|por)\s+\S)",
    re.I,
)
#: containers of other articles' bylines and of comments
#: (a class or id word starting so; "vcard" is the hCard of the author, not a card)
OFF_ARTICLE = re.compile(
    r"(?:^|[\s_-])(?:comment|related|sidebar|widget|recommend|teaser|popular|trending|"
    r"more-(?:stories|articles|news)|read-?next|newsletter|footer|promo|outbrain|taboola|reply|"
    r"respond|pingback|author-?bio|about-?the-?author|author-box|card|listing|archive)"
)
#: how far up from the first byline element the article's byline block reaches
BYLINE_DEPTH = 3
DATELINE_XPATH = (
    "//body//*[not(self::script or self::style or self::time)][contains(@class, 'dateline') or "
    "contains(@class, 'publish') or contains(@class, 'pubdate') or contains(@class, 'post-date') or "
    "contains(@class, 'entry-date') or contains(@class, 'article-date') or contains(@class, 'timestamp') or "
    "contains(@class, 'date') or contains(@id, 'date')]"
)
#: the label of a "twitter:label1" / "twitter:data1" pair naming the author
WRITTEN_BY = re.compile(
    r"^(written by|verfasst von|geschrieben von|écrit par|escrito por|scritto da|autor|author|auteur)$",
    re.I,
)
# Compiled once: lxml compiles a string expression on every call.
BYLINE = XPath(BYLINE_XPATH)
AUTHOR_LINK = XPath(AUTHOR_LINK_XPATH)
TEXT_BYLINE_ELEMENTS = XPath(TEXT_BYLINE_XPATH)
DATELINE = XPath(DATELINE_XPATH)
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


def _from_jsonld(obj: dict[str, Any], found: dict[str, list]) -> None:
    for key, field in (("headline", "title"), ("name", "title_name"), ("datePublished", "published"),
                       ("dateCreated", "created"), ("dateModified", "modified"),
                       ("description", "description"), ("articleSection", "section"),
                       ("inLanguage", "language")):  # fmt: skip
        for value in _texts(obj.get(key)):
            found[field].append((value, "jsonld"))
    for person in _as_list(obj.get("author")) + _as_list(obj.get("creator")):
        if isinstance(person, str):
            found["authors"].append((person, "jsonld"))
        elif isinstance(person, dict):
            types = set(_as_list(person.get("@type")))
            name = person.get("name")
            if isinstance(name, str):
                origin = "jsonld:organization" if types & ORG_TYPES else "jsonld"
                found["authors"].append((name, origin))
    for value in _as_list(obj.get("keywords")):
        if isinstance(value, str):
            found["tags"].append((value, "jsonld"))
    image = obj.get("image")
    for img in _as_list(image):
        url = img.get("url") if isinstance(img, dict) else img
        if isinstance(url, str):
            found["image"].append((url, "jsonld"))
            break
    publisher = obj.get("publisher")
    if isinstance(publisher, dict) and isinstance(publisher.get("name"), str):
        found["site_name"].append((publisher["name"], "jsonld:publisher"))


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _texts(value: Any) -> Iterator[str]:
    for v in _as_list(value):
        if isinstance(v, (str, int, float)) and str(v).strip():
            yield str(v).strip()


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
            found["authors"].append((content, "meta:twitter:data"))
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or
               meta.get("http-equiv") or "").strip().lower()  # fmt: skip
        content = (meta.get("content") or "").strip()
        if key in META_FIELDS and content:
            field, origin = META_FIELDS[key]
            found[field].append((content, origin))


def _text(el: HtmlElement) -> str:
    return " ".join(el.text_content().split())


def byline_candidates(tree: HtmlElement) -> list[tuple[str, str]]:
    """Byline texts of the article's own byline: the first byline element
    that names someone, and the byline elements near it; bylines of teasers,
    comments and sidebars are left out. Links to an author page count when no
    byline element is marked up.

    >>> from lxml.html import fromstring
    >>> byline_candidates(fromstring('''<body><div><main><div><header><p class="byline">
    ...   By <a rel="author">Ann Lee</a> and <a rel="author">Bo Chan</a></p></header>
    ...   <p>Text</p></div><aside class="related"><span class="author">Cy Dee</span></aside>
    ...   </main><div><div><div><span class="author">Di Eng</span></div></div></div></div></body>'''))
    [('By Ann Lee and Bo Chan', 'byline'), ('Ann Lee', 'rel=author'), ('Bo Chan', 'rel=author')]
    """
    elements = [el for el in BYLINE(tree) if _usable_byline(el)]
    if not elements:
        elements = [el for el in AUTHOR_LINK(tree) if _usable_byline(el)][:1]
    first = next((el for el in elements if split_byline(_text(el))), None)
    if first is None:
        return []
    near = list(islice(first.iterancestors(), BYLINE_DEPTH))
    scope = near[-1] if near else first
    kept = [el for el in elements if el is first or _inside(el, scope)]
    found = []
    for el in kept[:8]:
        text = _text(el)
        if text and len(text) < 200:
            found.append((text, "rel=author" if el.get("rel") == "author" else "byline"))
    return found


def text_bylines(tree: HtmlElement, limit: int = 2) -> list[str]:
    """Short blocks of the page that read as a byline ("By Ann Lee",
    "Text von Bo Chan", "Autor: Cy Dee") without byline markup.

    >>> from lxml.html import fromstring
    >>> text_bylines(fromstring("<html><body><p><em>Text von Ann Lee</em></p><p>By the way.</p></body></html>"))
    ['Text von Ann Lee']
    >>> text_bylines(fromstring("<html><body><div>Posted on May 1, 2024 by Bo Chan</div></body></html>"))
    ['by Bo Chan']
    """
    found = []
    for el in TEXT_BYLINE_ELEMENTS(tree):
        text = _text(el)
        if len(text) > 100:
            continue
        if (posted := POSTED_BY.match(text)) is not None:
            text = text[posted.start(1) :]  # "Posted on May 1, 2024 by Ann Lee": "by Ann Lee"
        if TEXT_BYLINE.match(text) and _usable_byline(el) and split_byline(text):
            if text not in found:
                found.append(text)
            if len(found) >= limit:
                break
    return found


def _usable_byline(el: HtmlElement) -> bool:
    if el.tag in ("meta", "link", "script", "style", "body", "html", "article", "main"):
        return False
    for node in [el, *el.iterancestors()]:
        if node.tag in ("aside", "footer", "nav"):
            return False
        marks = f"{node.get('class', '')} {node.get('id', '')}".lower()
        if marks.strip() and OFF_ARTICLE.search(marks):
            return False
    return True


def _inside(el: HtmlElement, scope: HtmlElement) -> bool:
    return any(a is scope for a in el.iterancestors())


def _from_markup(tree: HtmlElement, found: dict[str, list]) -> None:
    for h1 in tree.xpath("//h1")[:3]:
        if text := _text(h1):
            found["title"].append((text, "h1"))
    title = tree.findtext(".//title")
    if title and title.strip():
        found["title"].append((" ".join(title.split()), "title"))
    for el in tree.xpath("//*[@itemprop='datePublished']"):
        if value := (el.get("datetime") or el.get("content") or "").strip():
            found["published"].append((value, "itemprop"))
    for el in tree.xpath("//time[@datetime]")[:5]:
        origin = "time[pubdate]" if el.get("pubdate") is not None else "time"
        found["published"].append((el.get("datetime").strip(), origin))
    for text, origin in byline_candidates(tree):
        found["authors"].append((text, origin))
    for text in text_bylines(tree):
        found["authors"].append((text, "byline-text"))
    for el in DATELINE(tree)[:5]:
        text = _text(el)
        if 6 <= len(text) <= 80 and any(ch.isdigit() for ch in text):
            found["published"].append((text, "dateline"))
    for link in tree.xpath("//link[@rel='canonical'][@href]")[:1]:
        found["canonical"].append((link.get("href"), "link:canonical"))
    lang = tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang")
    if lang:
        found["language"].append((lang, "html:lang"))
