"""Find the dates an article's page shows: date elements (``<time>``, a class
or id naming a date), texts labelled "Published" / "Updated" in any of the
`labels` languages, a dateline next to the headline, a data attribute.
Dates in comments, teasers, sidebars and the site's own header are others'.

    >>> from lxml.html import fromstring
    >>> page = fromstring('''<html><body><header><time datetime="2024-06-01">Today</time></header>
    ...   <h1>Rain</h1><p>Updated 3 May 2024</p><time datetime="2024-05-02">2 May</time></body></html>''')
    >>> markup_dates(page, headline_blocks(page), headline_and_site(page))
    [('2024-05-02', 'time'), ('Updated 3 May 2024', 'dateline:updated')]
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import islice

from lxml.etree import XPath
from lxml.html import HtmlElement

from newsspider.extraction import labels
from newsspider.extraction.dates.parse import DATE_SPAN
from newsspider.extraction.page import (
    LAYOUT_CLASS,
    headline_and_site,
    headline_blocks,
    in_site,
    text_of,
)

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
#: a list with this many dated items lists other things (events, articles)
LISTED = 3
#: a dateline holds little besides its date (a byline, a place, a label)
DATELINE_EXTRA = 30
#: the first texts after the headline, where a dateline usually stands
AFTER_HEADLINE = XPath(
    "following::text()[normalize-space()][not(parent::script or parent::style)][position() <= 30]"
)
#: the text nodes just before the headline, where a kicker may date the article
#: (a position test alone: twice as fast in libxml2 as one after other tests)
BEFORE_HEADLINE = XPath("preceding::text()[position() <= 12]")
#: date elements (<time>, an id naming a date or a class with one of `DATE_CLASSES`)
#: and the short texts that may carry a date label, in document order (testing the
#: attributes themselves is twice as fast in libxml2 as testing every element's)
DATE_NODES = XPath(
    ".//time | .//*/@id[contains(., 'date')]/.. | .//*/@class["
    + " or ".join(f"contains(., '{word}')" for word in DATE_CLASSES)
    + "]/.. | .//text()[string-length(.) < 120 and string-length(normalize-space(.)) > 5]"
)
NO_TEXT = ("script", "style")


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
                yield text_of(node), node
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
    date), not the article's. `heading` is `headline_and_site`'s answer.

    >>> from lxml.html import fromstring
    >>> shown_dates(fromstring('''<html><body><h1>Rain</h1><p>By Ann Lee, 2 May 2024</p>
    ...   <div class="date"><span>Updated</span> 3 May 2024</div></body></html>'''))
    [('Updated 3 May 2024', 'dateline:updated'), ('By Ann Lee, 2 May 2024', 'dateline')]
    """
    shown: dict[str, str] = {}
    article = headline_blocks(tree) if article is None else article
    headline, site = headline_and_site(tree) if heading is None else heading
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
            before = text_of(node.getparent()) if getattr(node, "is_tail", False) else ""
            if not _other_fact(f"{before} {text[: span.start()]}"):
                shown.setdefault(
                    text, "dateline:updated" if _labelled_updated(text) else "dateline"
                )
                break
    return list(shown.items())


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
        dated = (li for li in items if li.tag == "li" and DATE_SPAN.search(text_of(li)))
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
    text = text_of(parent)
    nxt = label_el.getnext()
    if len(text) > DATELINE_MAX and nxt is not None and not HAS_DIGIT.search(label_el.tail or ""):
        return label_el, " ".join(f"{label} {label_el.tail or ''} {text_of(nxt)}".split())
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
    return [t for t in texts if not in_site(t.getparent(), site)]


def _dates_other_texts(
    el: HtmlElement, article: set[HtmlElement], known: dict[HtmlElement, bool]
) -> bool:
    """`el` stands in a block of other texts (comments, teasers of other
    articles, a sidebar) outside the blocks around the headline; `known`
    keeps the answer for each element on the way up, for its other dates.

    >>> from lxml.html import fromstring
    >>> page = fromstring('<div><h1>Rain</h1><p class="date">2 May 2024</p><div class="comments">'
    ...                   '<p class="date">3 May 2024</p></div></div>')
    >>> [_dates_other_texts(el, headline_blocks(page), {}) for el in page.xpath("//p")]
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


#: the longest text read as a dateline
DATELINE_MAX = 80


def markup_dates(
    tree: HtmlElement,
    article: set[HtmlElement],
    heading: tuple[HtmlElement | None, list[HtmlElement]],
) -> list[tuple[str, str]]:
    """The publication dates the page's markup gives, (value, origin), most
    trusted first: itemprop="datePublished", ``<time datetime>`` (not the
    site header's), the dates shown to readers (`shown_dates`), a data
    attribute by the headline. `article` is `headline_blocks`' answer,
    `heading` `headline_and_site`'s."""
    found = []
    for el in tree.xpath("//*[@itemprop='datePublished']"):
        if value := (el.get("datetime") or el.get("content") or "").strip():
            found.append((value, "itemprop"))
    headline, site = heading
    for el in tree.xpath("//time[@datetime]")[:5]:
        if in_site(el, site):
            continue  # the site's header shows today's date
        origin = "time[pubdate]" if el.get("pubdate") is not None else "time"
        if UPDATED_CLASS.search(el.get("class") or "") or el.get("itemprop") == "dateModified":
            origin = "time:updated"
        found.append((el.get("datetime").strip(), origin))
    found.extend(shown_dates(tree, article, heading))
    if headline is not None and (value := attribute_date(headline)):
        found.append((value, "data-date"))
    return found
