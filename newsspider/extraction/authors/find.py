"""Find the article's bylines on the page: byline elements (itemprop,
rel=author, a class "byline" or "author"), links to an author's page, and
short texts that read as a byline ("By Ann Lee", "Text von Bo Chan") in any of
the `labels` languages. Bylines of teasers, comments and sidebars are others'.

    >>> from lxml.html import fromstring
    >>> page = fromstring('<html><body><h1>Rain</h1><p class="byline">By Ann Lee</p>'
    ...                   '<p>Text von Bo Chan</p></body></html>')
    >>> byline_candidates(page), text_bylines(page)
    ([('By Ann Lee', 'byline')], ['By Ann Lee', 'Text von Bo Chan'])
"""

from __future__ import annotations

import re
from itertools import islice

from lxml.etree import XPath
from lxml.html import HtmlElement

from newsspider.extraction import labels
from newsspider.extraction.authors.names import split_byline
from newsspider.extraction.page import LAYOUT_CLASS, headline_blocks, inside, plain, text_of

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
#: the texts after a lone label, and the longest name read in them
LABELLED_TEXTS = XPath("following::text()[normalize-space()][position() <= 2]")
LABELLED_MAX = 80
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
#: how far up from the first byline element the article's byline block reaches
BYLINE_DEPTH = 3
BYLINE = XPath(BYLINE_XPATH)
AUTHOR_LINK = XPath(AUTHOR_LINK_XPATH)
TEXT_BYLINE_ELEMENTS = XPath(TEXT_BYLINE_XPATH)


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
    article = headline_blocks(tree) if article is None else article
    elements = [el for el in BYLINE(tree) if _usable_byline(el, article)]
    if not elements:
        links = AUTHOR_LINK(tree)
        elements = [el for el in links if _usable_byline(el, article) and _names_linked(el)][:1]
    first = next((el for el in elements if split_byline(text_of(el))), None)
    if first is None:
        return []
    near = list(islice(first.iterancestors(), BYLINE_DEPTH))
    scope = near[-1] if near else first
    kept = [el for el in elements if el is first or inside(el, scope)]
    found = []
    for el in kept[:8]:
        text = text_of(el)
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
    article = headline_blocks(tree) if article is None else article
    for el in TEXT_BYLINE_ELEMENTS(tree):
        text = text_of(el)
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
    if len(name.split()) < 2 or len(name) > LABELLED_MAX:  # a form's "Von: Filter", a paragraph
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
    slug = plain((link.get("href") or "").rstrip("/").rsplit("/", 1)[-1])
    slug = "".join(c for c in slug if c.isalpha())
    if not slug:  # "/profile/1424": no name to compare
        return True
    names = split_byline(text_of(link))
    return any(all(plain(w) in slug for w in name.split()) for name in names)


def _usable_byline(el: HtmlElement, article: set[HtmlElement] = frozenset()) -> bool:
    """Not page furniture, and not inside another article's teaser, a
    comment or a sidebar (a block around the headline is the article's own).

    >>> from lxml.html import fromstring
    >>> page = fromstring('<div class="with-sidebar"><h1>Rain</h1><p class="byline">By Ann Lee</p>'
    ...                   '<div class="related"><p class="byline">By Bo Chan</p></div></div>')
    >>> [_usable_byline(el, headline_blocks(page)) for el in page.xpath("//p")]
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
