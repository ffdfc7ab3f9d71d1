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
import unicodedata
from collections import defaultdict
from collections.abc import Iterator
from html.entities import html5
from itertools import islice
from typing import Any

from lxml.etree import XPath
from lxml.html import HtmlElement

from newsspider.extraction import labels
from newsspider.extraction.authors import split_byline
from newsspider.extraction.dates import DATE_SPAN

ARTICLE_TYPES = re.compile(r"(Article|BlogPosting|Report|NewsArticle|Posting|Story)$", re.I)
ORG_TYPES = {"Organization", "NewsMediaOrganization", "Corporation", "WebSite", "Brand"}
_CLASSES = "concat(' ', normalize-space(@class), ' ')"
#: itemprop author names, rel=author links, and the classes "byline", "author",
#: "author-name", "authorName", "byline__name", "author__name": one pass over
#: the page (a union of six searches took three times as long), the costly
#: class tests only where a cheap one matched
BYLINE_XPATH = (
    "//*[@itemprop or @rel or @class][(@itemprop='name' and ancestor::*[@itemprop='author'])"
    " or (@itemprop='author' and not(.//*[@itemprop='name'])) or (@rel='author' and self::a)"
    f" or (contains(@class, 'byline') and (contains({_CLASSES}, ' byline ') or contains(@class, 'byline__name')))"
    f" or (contains(@class, 'uthor') and (contains({_CLASSES}, ' author ') or contains(@class, 'author-name')"
    " or contains(@class, 'authorName') or contains(@class, 'author__name')))]"
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
    " or self::strong or self::b or self::li or self::h4 or self::h5 or self::h6][not(.//p or .//div or .//li)]"
)
TEXT_BYLINE = re.compile(
    r"^[-–—•|\s]*"
    + labels.either(
        (
            *labels.BY,
            r"text(?:\s+von|:)",
            *(f"{a}:" for a in labels.AUTHOR),
            "redaktion:",
            *labels.WRITTEN_BY[:3],
            r"(?:ein\s+|blog\s*)?beitrag von",
            r"(?:ein\s+)?artikel von",
            r"(?:eine\s+)?kolumne von",
            *labels.POSTED_BY,
            "escrito por",
        )
    )
    + r"\s+[A-ZÀ-Þ]",
    re.I,
)
#: a byline's label standing alone in its element, the name in the next text
#: ("<span>By</span> <a>Ann Lee</a>", "<b>Autor:</b> Ann Lee"): the label and its
#: joint ("by " or "autor: ")
LONE_LABEL = re.compile(
    rf"^[-–—•|\s]*(?:({'|'.join((*labels.BY, *labels.WRITTEN_BY[:3]))})\s*:?"
    rf"|({'|'.join(labels.AUTHOR)})\s*:?|(text|redaktion)\s*:)[\s|]*$",
    re.I,
)
#: the texts after a lone label
LABELLED_TEXTS = XPath("following::text()[normalize-space()][position() <= 2]")
#: "06.11.2023 13:30 von Ann Lee": the byline after a date
DATED_BY = re.compile(r"^[\d./:\s-]{6,}?\s(?=" + labels.either(labels.BY) + r"\s)", re.I)
#: "06.11.2023 - Ann Lee", "06.11.2023 | 13:30 Uhr | Ann Lee": a dateline naming only its author
DATED_NAME = re.compile(
    r"^\d{1,2}\.\s?\d{1,2}\.\s?(?:\d{4}|\d{2})(?:\s*[|,]?\s*\d{1,2}[:.]\d{2}(?:\s*Uhr)?)?"
    r"\s*[-–—|]\s*(?=[A-ZÀ-Þ][^\d|]*$)"
)
#: one word of a person's name: "Ann", "Lee-Chan", "O'Neil", "J."
NAME_WORD = re.compile(r"^[A-ZÀ-Þ][^\W\d_]*(?:['’-][A-ZÀ-Þa-zß-ÿ][^\W\d_]*)*\.?$")
#: "Posted on <date> by Ann Lee": the byline after the date
POSTED_BY = re.compile(
    rf"^{labels.either(labels.POSTED)}\b.{{0,40}}?\s({labels.either(labels.BY)}\s+\S)", re.I
)
#: containers of other articles' bylines and of comments
#: (a class or id word starting so; "vcard" is the hCard of the author, not a card)
OFF_ARTICLE = re.compile(
    r"(?:^|[\s_-])(?:comment|related|sidebar|widget|recommend|teaser|popular|trending|"
    r"more-(?:stories|articles|news)|read-?next|newsletter|footer|promo(?!ted)|outbrain|taboola|reply|"
    r"respond|pingback|card|listing|archive)"
)
#: a class naming the page's layout ("has-sidebar", "page--with-sidebar", "no-comments"),
#: not the kind of block
LAYOUT_CLASS = re.compile(r"\S*(?<![^\s_-])(?:has|with|without|no)[-_]\S*")
#: how far up from the first byline element the article's byline block reaches
BYLINE_DEPTH = 3
#: a date's label at the start of a text or after a separator: "Published",
#: "Last updated on", "Publiziert:", "Daily Planet | Updated"
DATE_LABEL = re.compile(
    r"(?:^|[|·•])\W*(?:first\s+|last\s+)?" + labels.either(labels.DATED) + r"\b", re.I
)
#: the dash after the date that opens an article's first paragraph ("Berlin,
#: 29.11.2022 – The minister…", "(21 November 2022) The minister…")
DATED_LEAD = re.compile(r"\)?\s*[–—-]\s|\)\s")
#: data attributes naming the article's date
DATA_DATES = XPath(".//*[@*[starts-with(name(), 'data-date') or starts-with(name(), 'data-pub')]]")
#: a value written as a date: a month's name or a four-digit year with other numbers
HAS_DATE = re.compile(r"\d{4}[-/]\d|\d[./-]\s?\d{1,2}[./-]\s?\d{4}|[^\W\d_]{3,}\.?,?\s+\d{4}")
#: a label naming a date as such: "Date:", "Datum:", "Stand:", "Am:"
DATE_WORD = re.compile(
    r"\b(?:date|datum|fecha|data|stand|time|zeit|uhrzeit|am|on|le|el|vom|del?)\s*:$", re.I
)
#: classes of elements that hold a date ("dateline", "publish-time", "timestamp"):
#: these words anywhere in the class attribute, in its case
DATE_CLASSES = ("date", "datum", "fecha", "publish", "timestamp")
#: a shown date labelled as the time of a later update ("Updated May 2, 2024")
UPDATED_LABEL = re.compile(
    r"(?:^|[|·•])\W*(?:last\s+)?" + labels.either(labels.UPDATED) + r"\b", re.I
)
HAS_DIGIT = re.compile(r"\d")
UPDATED_CLASS = re.compile(r"updated|modified", re.I)
#: classes of blocks whose dates are other texts': comments, teasers, sidebars
OTHER_DATES = re.compile(
    r"(?:^|[\s_-])(?:comment(?!ary)|related|sidebar|widget|recommend|teaser|popular|trending|"
    r"more-(?:stories|articles|news)|read-?next|promo(?!ted)|outbrain|taboola|reply|"
    r"respond|pingback|card|listing|archive)"
)
#: how many distinct dates shown on the page are read
SHOWN_DATES = 6
#: the longest text read as a dateline
DATELINE_MAX = 80
#: a list with this many dated items lists other things (events, articles)
LISTED = 3
#: the label of a "twitter:label1" / "twitter:data1" pair naming the author
WRITTEN_BY = re.compile(
    "^" + labels.either((*labels.WRITTEN_BY, "autor", "author", "auteur")) + "$", re.I
)
#: elements that hold a kicker at the start of a headline (inline formatting does not)
KICKER_TAGS = ("span", "div", "small", "p")
KICKER_PUNCTUATION = " :|–—-•·"
UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
# Compiled once: lxml compiles a string expression on every call.
H1 = XPath("//h1")
BYLINE = XPath(BYLINE_XPATH)
AUTHOR_LINK = XPath(AUTHOR_LINK_XPATH)
TEXT_BYLINE_ELEMENTS = XPath(TEXT_BYLINE_XPATH)
#: a dateline holds little besides its date (a byline, a place, a label)
DATELINE_EXTRA = 30
#: the first texts after the headline, where a dateline usually stands
AFTER_HEADLINE = XPath(
    "following::text()[normalize-space()][not(parent::script or parent::style)][position() <= 30]"
)
#: the text nodes just before the headline, where a kicker may date the article
#: (a position test alone: twice as fast in libxml2 as one after other tests)
BEFORE_HEADLINE = XPath("preceding::text()[position() <= 12]")
#: the page headers before the headline (not around it)
PRECEDING_HEADERS = XPath("preceding::header")
HEADINGS = XPath("//h2 | //h3 | //h4 | //h5 | //h6")
#: the shortest heading (letters and digits) taken for the title on a page without an h1
TITLED_HEADING = 10
#: date elements (<time>, an id naming a date or a class with one of `DATE_CLASSES`)
#: and the short texts that may carry a date label, in document order (testing the
#: attributes themselves is twice as fast in libxml2 as testing every element's)
DATE_NODES = XPath(
    ".//time | .//*/@id[contains(., 'date')]/.. | .//*/@class["
    + " or ".join(f"contains(., '{word}')" for word in DATE_CLASSES)
    + "]/.. | .//text()[string-length(.) < 120 and string-length(normalize-space(.)) > 5]"
)
NO_TEXT = ("script", "style")
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


def _text(el: HtmlElement) -> str:
    """The element's text, spaces normalised ("" for a comment: parsers that
    keep them put them among the elements)."""
    if not isinstance(el.tag, str):
        return ""
    return " ".join(el.text_content().split())


def byline_candidates(
    tree: HtmlElement, article: set[HtmlElement] | None = None
) -> list[tuple[str, str]]:
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
    article = _headline_blocks(tree) if article is None else article
    elements = [el for el in BYLINE(tree) if _usable_byline(el, article)]
    if not elements:
        links = AUTHOR_LINK(tree)
        elements = [el for el in links if _usable_byline(el, article) and _names_linked(el)][:1]
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


def text_bylines(
    tree: HtmlElement, limit: int = 2, article: set[HtmlElement] | None = None
) -> list[str]:
    """Short blocks of the page that read as a byline ("By Ann Lee",
    "Text von Bo Chan", "Autor: Cy Dee") without byline markup.

    >>> from lxml.html import fromstring
    >>> text_bylines(fromstring("<html><body><p><em>Text von Ann Lee</em></p><p>By the way.</p></body></html>"))
    ['Text von Ann Lee']
    >>> text_bylines(fromstring("<html><body><div>Posted on May 1, 2024 by Bo Chan</div></body></html>"))
    ['by Bo Chan']
    >>> text_bylines(fromstring("<html><body><p>01.05.2024 13:30 von Cy Dee</p></body></html>"))
    ['von Cy Dee']
    """
    found = []
    article = _headline_blocks(tree) if article is None else article
    for el in TEXT_BYLINE_ELEMENTS(tree):
        text = _text(el)
        if len(text) > 100:
            continue
        if (label := LONE_LABEL.match(text)) is not None:
            text = _labelled(el, label)
        if (posted := POSTED_BY.match(text)) is not None:
            text = text[posted.start(1) :]  # "Posted on May 1, 2024 by Ann Lee": "by Ann Lee"
        text = DATED_BY.sub("", text)
        if (dated := DATED_NAME.match(text)) and _one_full_name(text[dated.end() :]):
            text = "von " + text[dated.end() :]
        if TEXT_BYLINE.match(text) and _usable_byline(el, article) and split_byline(text):
            if text not in found:
                found.append(text)
            if len(found) >= limit:
                break
    return found


def _labelled(el: HtmlElement, label: re.Match) -> str:
    """A lone label's byline: the label and the text after it.

    >>> from lxml.html import fromstring
    >>> page = fromstring("<div><p><span>By</span> | <a>Ann Lee</a></p><p><b>Autor</b> Bo Chan</p></div>")
    >>> [_labelled(el, LONE_LABEL.match(el.text)) for el in page.xpath("//span | //b")]
    ['By Ann Lee', 'Autor: Bo Chan']
    """
    texts = [t.strip(" |:") for t in LABELLED_TEXTS(el)]
    name = next((t for t in texts if t), "")
    if len(name.split()) < 2 or len(name) > DATELINE_MAX:  # a form's "Von: Filter", a paragraph
        return ""
    if label.group(1):
        return f"{label.group(1)} {name}"
    return f"{label.group(2) or label.group(3)}: {name}"


def _one_full_name(text: str) -> bool:
    """`text` is one person's full name and nothing else.

    >>> _one_full_name("Ann Lee"), _one_full_name("Berlin"), _one_full_name("Rain in Spain")
    (True, False, False)
    """
    names = split_byline(text)
    words = text.split()
    return (
        len(names) == 1
        and names[0] == text.strip()
        and 2 <= len(words) <= 3
        and all(NAME_WORD.match(w) for w in words)
    )


def _names_linked(link: HtmlElement) -> bool:
    """An author-page link whose text names the person its address names
    (not "All articles", "To the archive").

    >>> from lxml.html import fromstring
    >>> _names_linked(fromstring('<a href="/author/lee-ann/">By Ann Lee</a>'))
    True
    >>> _names_linked(fromstring('<a href="/author/lee-ann/">Zum Archiv</a>'))
    False
    >>> _names_linked(fromstring('<a href="/autoren/juergen-hoess-123">Jürgen Höß</a>'))
    True
    """
    slug = _plain((link.get("href") or "").rstrip("/").rsplit("/", 1)[-1])
    slug = "".join(c for c in slug if c.isalpha())
    if not slug:  # "/profile/1424": no name to compare
        return True
    names = split_byline(_text(link))
    return any(all(_plain(w) in slug for w in name.split()) for name in names)


def _plain(text: str) -> str:
    """Lower-case letters as an address spells them: "Höß" -> "hoess", "Núñez" -> "nunez".

    >>> _plain("Jörg Núñez-Groß")
    'joergnunezgross'
    """
    text = text.lower().translate(UMLAUTS)
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if c.isalnum())


def _headline_blocks(tree: HtmlElement, h1s: list[HtmlElement] | None = None) -> set[HtmlElement]:
    """The elements around the page's h1s (the first is often the site's
    logo): whatever their class says ("page--with-sidebar", "teaser"), they
    hold the article itself."""
    return {el for h1 in (H1(tree)[:3] if h1s is None else h1s) for el in h1.iterancestors()}


def _usable_byline(el: HtmlElement, article: set[HtmlElement] = frozenset()) -> bool:
    """Not page furniture, and not inside another article's teaser, a
    comment or a sidebar (a block around the headline is the article's own).

    >>> from lxml.html import fromstring
    >>> page = fromstring('<div class="with-sidebar"><h1>Rain</h1><p class="byline">By Ann Lee</p>'
    ...                   '<div class="related"><p class="byline">By Bo Chan</p></div></div>')
    >>> [_usable_byline(el, _headline_blocks(page)) for el in page.xpath("//p")]
    [True, False]
    """
    if el.tag in ("meta", "link", "script", "style", "body", "html", "article", "main"):
        return False
    for node in [el, *el.iterancestors()]:
        if node.tag in ("aside", "footer", "nav"):
            return False
        if node in article or node.tag in ("body", "html"):  # the body's classes name the layout
            continue
        marks = LAYOUT_CLASS.sub("", f"{node.get('class', '')} {node.get('id', '')}".lower())
        if marks.strip() and OFF_ARTICLE.search(marks):
            return False
    return True


def _inside(el: HtmlElement, scope: HtmlElement) -> bool:
    return any(a is scope for a in el.iterancestors())


def headline_text(h1: HtmlElement) -> str:
    """The text of a headline element without a kicker: a leading element
    (a topic label, a roof line) followed by the longer headline proper.

    >>> from lxml.html import fromstring
    >>> headline_text(fromstring('<h1> <span class="kicker">Climate</span>: Rain floods town </h1>'))
    'Rain floods town'
    >>> headline_text(fromstring('<h1><b>Note:</b> rain floods town</h1>'))
    'Note: rain floods town'
    """
    text = _text(h1)
    first = next((el for el in h1 if isinstance(el.tag, str)), None)
    if first is None or first.tag not in KICKER_TAGS or (h1.text or "").strip():
        return text
    kicker = _text(first)
    rest = text[len(kicker) :].lstrip(KICKER_PUNCTUATION) if text.startswith(kicker) else ""
    if kicker and rest and len(rest.split()) >= len(kicker.split()):
        return rest
    return text


def _date_texts(tree: HtmlElement) -> Iterator[tuple[str, HtmlElement]]:
    """(text, element) of the page's date elements (<time>, a class or id
    naming a date) and labelled date texts, in document order.

    One XPath finds both, in C; only short texts are tried against the labels.

    >>> from lxml.html import fromstring
    >>> page = fromstring('<html><body class="dated"><p>Rain <b>Posted</b> today</p><time>2 May 2024</time>'
    ...                   '<span class="x">x</span> Updated 3 May</body></html>')
    >>> [(t, el.tag) for t, el in _date_texts(page)]
    [('Posted', 'b'), ('2 May 2024', 'time'), ('Updated 3 May', 'body')]
    """
    body = tree.find("body")
    body = body if body is not None else tree
    dated: set[HtmlElement] = set()
    for node in DATE_NODES(body):
        if not isinstance(node, str):  # a date element
            if node.tag not in NO_TEXT:
                dated.add(node)
                yield _text(node), node
            continue
        el = node.getparent()
        if el is None or not isinstance(el.tag, str) or el.tag in NO_TEXT:
            continue
        if not DATE_LABEL.search(node):
            continue
        if node.is_text and el is not body and el not in dated:
            yield " ".join(node.split()), el
        elif node.is_tail and (parent := el.getparent()) is not None:
            yield " ".join(node.split()), parent


def shown_dates(
    tree: HtmlElement,
    article: set[HtmlElement] | None = None,
    heading: tuple[HtmlElement | None, list[HtmlElement]] | None = None,
) -> list[tuple[str, str]]:
    """The dates the page shows readers, the article's own first: (text,
    "dateline" or "dateline:updated"), from date elements and labelled dates in
    document order (none of comments, teasers or sidebars), then a date in the
    last texts before the headline (a kicker) or the first texts after it;
    the dates of a page header before the headline are the site's (today's
    date), not the article's. `heading` is `_headline_and_site`'s answer.

    >>> from lxml.html import fromstring
    >>> shown_dates(fromstring('''<html><body><h1>Rain</h1><p>By Ann Lee, 2 May 2024</p>
    ...   <div class="date"><span>Updated</span> 3 May 2024</div></body></html>'''))
    [('Updated 3 May 2024', 'dateline:updated'), ('By Ann Lee, 2 May 2024', 'dateline')]
    """
    shown: dict[str, str] = {}
    article = _headline_blocks(tree) if article is None else article
    headline, site = _headline_and_site(tree) if heading is None else heading
    if headline is not None and headline.tag != "h1":  # a page without an h1
        article = set(headline.iterancestors())
    others: dict[HtmlElement, bool] = dict.fromkeys(site, True)
    own = ((t, el) for t, el in _date_texts(tree) if not _dates_other_texts(el, article, others))
    read: set[HtmlElement] = set()  # the elements whose text was read, with its dates
    lists: dict[HtmlElement, bool] = {}
    for text, el in islice(own, 12):
        if not HAS_DIGIT.search(text):
            el, text = _label_and_date(el, text)
        if any(a in read for a in el.iterancestors()):
            continue  # a date inside a block read whole (with its label): nothing new
        if _listed(el, lists):
            continue
        if 6 <= len(text) <= DATELINE_MAX and HAS_DIGIT.search(text) and text not in shown:
            updated = _labelled_updated(text) or UPDATED_CLASS.search(el.get("class") or "")
            shown[text] = "dateline:updated" if updated else "dateline"
            read.add(el)
            if len(shown) == SHOWN_DATES:
                break
    around = (
        [*_texts_before(headline, site), *AFTER_HEADLINE(headline)] if headline is not None else ()
    )
    for node in around:
        text = " ".join(node.split())
        span = DATE_SPAN.search(text)
        if span and span.start() <= DATELINE_EXTRA and DATED_LEAD.match(text, span.end()):
            text = text[: span.end()]  # "29.11.2022 – The minister said…": the dateline
        if span and len(text) - len(span.group()) <= DATELINE_EXTRA:
            # "<b>Registered:</b> 18.09.2008": the label is the element the date follows
            before = _text(node.getparent()) if getattr(node, "is_tail", False) else ""
            if not _other_fact(f"{before} {text[: span.start()]}"):
                shown.setdefault(
                    text, "dateline:updated" if _labelled_updated(text) else "dateline"
                )
                break
    return list(shown.items())


def _headline_and_site(
    tree: HtmlElement, titles: list[str] = (), h1s: list[HtmlElement] | None = None
) -> tuple[HtmlElement | None, list[HtmlElement]]:
    """The headline (the longest of the first h1s, the others name the site
    or its section; else the first heading that is one of the page's
    `titles`) and the page headers before the first of them: the site's,
    whose date is today's, not the article's.

    >>> from lxml.html import fromstring
    >>> page = fromstring('<div><header><time>2 May 2024</time></header><h2>Rain floods town</h2></div>')
    >>> headline, site = _headline_and_site(page, ["Rain floods town"])
    >>> headline.tag, [h.tag for h in site]
    ('h2', ['header'])
    """
    headlines = H1(tree)[:3] if h1s is None else h1s
    headline = max(headlines, key=lambda h1: len(_text(h1)), default=None)
    if headline is None:
        headline = _titled_heading(tree, titles)
    first = headlines[0] if headlines else headline
    return headline, PRECEDING_HEADERS(first) if first is not None else []


def _titled_heading(tree: HtmlElement, titles: list[str]) -> HtmlElement | None:
    """The first h2-h6 whose text is one of `titles` (or part of one: "Rain -
    Daily Planet"), on a page without an h1.

    >>> from lxml.html import fromstring
    >>> page = fromstring('<div><h2>Menu</h2><h2>Rain floods the town</h2></div>')
    >>> _titled_heading(page, ["Rain floods the town - Daily Planet"]).text
    'Rain floods the town'
    """
    keys = [k for t in titles if (k := _plain(str(t)))]
    for heading in HEADINGS(tree) if keys else ():
        key = _plain(_text(heading))
        if len(key) >= TITLED_HEADING and any(key in k for k in keys):
            return heading
    return None


def _listed(el: HtmlElement, lists: dict[HtmlElement, bool]) -> bool:
    """`el` dates an item of a list of dated items (events, other articles),
    not the article; `lists` keeps the answer for each list.

    >>> from lxml.html import fromstring
    >>> page = fromstring('<ul><li><span>2 May 2024</span> Fair</li><li>9 May 2024 Talk</li>'
    ...                   '<li>1 Jun 2024 Walk</li></ul>')
    >>> _listed(page[0][0], {})
    True
    """
    item = next((a for a in islice(el.iterancestors(), 3) if a.tag == "li"), None)
    if el.tag == "li":
        item = el
    if item is None or (items := item.getparent()) is None:
        return False
    if items not in lists:
        dated = (li for li in items if li.tag == "li" and DATE_SPAN.search(_text(li)))
        lists[items] = len(list(islice(dated, LISTED))) >= LISTED
    return lists[items]


def _label_and_date(label_el: HtmlElement, label: str) -> tuple[HtmlElement, str]:
    """(element, text) of the date a label without digits names: its
    parent's text ("<span>Updated</span> May 2, 2024"), or, when the parent
    holds more than a dateline, the label and the next element's text
    ("<span>Published:</span><h2>2 May 2024</h2>" in a box of other facts).

    >>> from lxml.html import fromstring
    >>> box = fromstring('<div><span>Published:</span> <b>2 May 2024</b><p>Contact: '
    ...                  + 'Ann Lee, Press office, 1 Main Street, Springfield, phone 555 0100</p></div>')
    >>> _label_and_date(box[0], "Published:")[1]
    'Published: 2 May 2024'
    """
    parent = label_el.getparent()
    if parent is None:
        return label_el, label
    text = _text(parent)
    nxt = label_el.getnext()
    if len(text) > DATELINE_MAX and nxt is not None and not HAS_DIGIT.search(label_el.tail or ""):
        return label_el, " ".join(f"{label} {label_el.tail or ''} {_text(nxt)}".split())
    return parent, text


def _other_fact(label: str) -> bool:
    """The text before a date labels it as the date of something else than
    the article ("Registered: 18.09.2008", "Deadline: May 2, 2024"): it
    ends in a colon and names no publication, update or date.

    >>> [_other_fact(t) for t in ("Joined:", "Published:", "Date:", "Berlin,")]
    [True, False, False, False]
    """
    label = label.strip()
    return label.endswith(":") and not (DATE_LABEL.search(label) or DATE_WORD.search(label))


def _texts_before(headline: HtmlElement, site: list[HtmlElement] = ()) -> list[str]:
    """The last three texts (not white space, scripts or styles, nor in the
    `site` headers) before `headline`."""
    texts = BEFORE_HEADLINE(headline)
    texts = [t for t in texts if t.strip() and t.getparent().tag not in ("script", "style")][-3:]
    return [t for t in texts if not _in_site(t.getparent(), site)]


def _in_site(el: HtmlElement, site: list[HtmlElement]) -> bool:
    """`el` is one of the `site` headers (see `_headline_and_site`) or inside one."""
    return bool(site) and (el in site or any(a in site for a in el.iterancestors("header")))


def _dates_other_texts(
    el: HtmlElement, article: set[HtmlElement], known: dict[HtmlElement, bool]
) -> bool:
    """`el` stands in a block of other texts (comments, teasers of other
    articles, a sidebar) outside the blocks around the headline; `known`
    keeps the answer for each element on the way up, for its other dates.

    >>> from lxml.html import fromstring
    >>> page = fromstring('<div><h1>Rain</h1><p class="date">2 May 2024</p><div class="comments">'
    ...                   '<p class="date">3 May 2024</p></div></div>')
    >>> [_dates_other_texts(el, _headline_blocks(page), {}) for el in page.xpath("//p")]
    [False, True]
    """
    path = []
    node = el
    while node is not None and node not in known:
        path.append(node)
        node = node.getparent()
    other = known.get(node, False) if node is not None else False
    for node in reversed(path):  # from the top down
        if node.tag in ("aside", "nav"):
            other = True
        elif node not in article and node.tag not in ("body", "html"):
            marks = LAYOUT_CLASS.sub("", f"{node.get('class', '')} {node.get('id', '')}".lower())
            other = other or bool(marks.strip() and OTHER_DATES.search(marks))
        known[node] = other
    return other


def _labelled_updated(text: str) -> bool:
    """A shown date labelled as an update: the label comes before the date.

    >>> _labelled_updated("Daily Planet | Updated May 2, 2024"), _labelled_updated(
    ...     "Posted: May 1, 2024 | Last updated: May 2")
    (True, False)
    """
    label, digit = UPDATED_LABEL.search(text), HAS_DIGIT.search(text)
    return bool(label and digit and label.start() < digit.start())


def attribute_date(headline: HtmlElement) -> str | None:
    """The date a data attribute names as the article's ("data-date",
    "data-publish-date", "data-pub_date") in the `headline`'s block or on
    an element around it, written as a date (a bare number may be anything).

    >>> from lxml.html import fromstring
    >>> page = fromstring('<div><div data-date="2024-04-01">Quiz</div><div><h1>Rain</h1>'
    ...                   '<p data-date="2 May 2024"></p></div><div data-date="2024-04-02">Sun</div></div>')
    >>> attribute_date(page.find(".//h1"))
    '2 May 2024'
    """
    block = headline.getparent()
    if block is None:
        return None
    for el in [*DATA_DATES(block), *block.iterancestors()]:
        for key, value in el.attrib.items():
            if key.startswith(("data-date", "data-pub")) and HAS_DATE.search(value):
                return value.strip()
    return None


def _from_markup(tree: HtmlElement, found: dict[str, list]) -> None:
    h1s = H1(tree)[:3]  # the first: often the site's logo; found once for every scan below
    for h1 in h1s:
        if text := headline_text(h1):
            found["title"].append((text, "h1"))
    title = tree.findtext(".//title")
    if title and title.strip():
        found["title"].append((" ".join(title.split()), "title"))
    for el in tree.xpath("//*[@itemprop='datePublished']"):
        if value := (el.get("datetime") or el.get("content") or "").strip():
            found["published"].append((value, "itemprop"))
    headline, site = _headline_and_site(tree, [v for v, _ in found["title"]], h1s)
    for el in tree.xpath("//time[@datetime]")[:5]:
        if _in_site(el, site):
            continue  # the site's header shows today's date
        origin = "time[pubdate]" if el.get("pubdate") is not None else "time"
        if UPDATED_CLASS.search(el.get("class") or "") or el.get("itemprop") == "dateModified":
            origin = "time:updated"
        found["published"].append((el.get("datetime").strip(), origin))
    article = _headline_blocks(tree, h1s)  # computed once for the byline and date scans
    for text, origin in byline_candidates(tree, article):
        found["authors"].append((text, origin))
    for text in text_bylines(tree, article=article):
        found["authors"].append((text, "byline-text"))
    found["published"].extend(shown_dates(tree, article, (headline, site)))
    if headline is not None and (value := attribute_date(headline)):
        found["published"].append((value, "data-date"))
    for link in tree.xpath("//link[@rel='canonical'][@href]")[:1]:
        found["canonical"].append((link.get("href"), "link:canonical"))
    lang = tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang")
    if lang:
        found["language"].append((lang, "html:lang"))
