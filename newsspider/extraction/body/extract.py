"""The article body: trafilatura over the parsed tree, with per-source
drop/keep selectors, turned into paragraphs; the lead paragraph under the
headline, which trafilatura often leaves out, put back before them.
"""

from __future__ import annotations

import re
from copy import deepcopy
from typing import Any

from lxml.cssselect import CSSSelector
from lxml.etree import XPath, _Element
from lxml.html import HtmlElement
from trafilatura import bare_extraction
from trafilatura.xml import xmltotxt

from newsspider.extraction.body.access import access_candidates
from newsspider.extraction.body.chunks import joined_chunks, without_teasers
from newsspider.extraction.body.declared import (
    JSON_LD,
    OG_TYPE,
    declared_body,
    declared_type,
    declares_article,
    missed,
    shared,
    text_lines,
    word_total,
)
from newsspider.extraction.body.state import state_body

#: trafilatura's modes, cheapest first: (options, the body length in words
#: under which the next mode runs, whether this mode's body replaces a longer
#: one). Fast mode (no readability / jusText comparison, ~8 ms less) is as
#: good on a long body; a short one is checked by the full cascade, whose
#: choice stands; a body still under 60 words is extracted again, favouring
#: recall, and the longer kept. About 7 % of news pages need a second pass.
#: favor_precision gains news pages a little but loses more on other pages.
MODES: tuple[tuple[dict[str, bool], int, bool], ...] = (
    ({"fast": True}, 100, True),
    ({}, 60, True),
    ({"favor_recall": True}, 0, False),
)
#: The modes for a page that declares itself an article (og:type "article",
#: or a JSON-LD Article / NewsArticle / BlogPosting): precision first, which
#: on such pages drops more of the teasers, captions and notes around the
#: text than it loses of the text (fast mode cuts some short bodies: the full
#: cascade checks them, still favouring precision).
ARTICLE_MODES: tuple[tuple[dict[str, bool], int, bool], ...] = (
    ({"fast": True, "favor_precision": True}, 100, True),
    ({"favor_precision": True}, 60, True),
    ({"favor_recall": True}, 0, False),
)
#: A body from the markup of fewer words holds next to none of the text: the
#: page's JSON-LD articleBody or the article text in a state script takes its
#: place when it is this many times as long (and this long at least)
ELSEWHERE_MAX_WORDS = 60
ELSEWHERE_RATIO = 2
ELSEWHERE_MIN_WORDS = 15
#: trafilatura elements whose items (list items, table rows) are blocks of their own
SPLIT_BLOCKS = ("list", "table")
#: Class or id words that name a lead: the article's opening paragraph, set
#: apart under the headline ("lead", "intro", "teaser", "chapo", "Vorspann").
#: trafilatura often drops it (it sits outside the text's container, in a
#: header, or in a block named "teaser"), so it is put back before the text.
LEAD_WORDS = frozenset(
    {"lead", "lede", "intro", "introduction", "introtext", "teaser", "teasertext", "excerpt", "chapo",
     "abstract", "vorspann", "perex", "preface", "bajada", "entradilla", "sumario"}
)  # fmt: skip
#: Words that name a subtitle under the headline ("dek", "standfirst"): one
#: counts as a lead only when it is a paragraph long, as a one-line subtitle
#: is a second headline rather than article text.
SUBTITLE_WORDS = frozenset(
    {"dek", "deck", "subtitle", "subheadline", "subheading", "standfirst", "strapline", "summary",
     "description"}
)  # fmt: skip
LEAD_MIN_WORDS = 8
SUBTITLE_MIN_WORDS = 20
#: A longer block named so is a whole text (a listing's teaser, a page's summary), not its lead
LEAD_MAX_WORDS = 150
LEAD_MAX_LINK_SHARE = 0.2
#: A lead under the headline and its photo is never inside these
LEAD_OUTSIDE = frozenset(
    {"a", "nav", "aside", "footer", "figure", "figcaption", "li", "form", "button", "label",
     "blockquote"}
)  # fmt: skip
#: Blocks named for an image (a caption, a photo credit: "lede-credit") or for the site around
#: the page (its tagline)
LEAD_NOT = re.compile(r"(?i)image|img|photo|picture|media|video|caption|credit|copyright|site")
LEAD_TAGS = frozenset({"p", "div", "h2", "h3", "span", "section", "header"})
#: a quick test for a class or id that may name a lead or a subtitle
LEAD_HINT = re.compile(
    r"(?i)lead|lede|intro|teaser|excerpt|chapo|abstract|vorspann|perex|preface|bajada|entradilla|sumario|dek|deck|"
    r"sub|standfirst|strapline|summary|description"
)
LEAD_MEDIA = XPath(
    ".//*[self::img or self::picture or self::figure or self::video or self::iframe]"
)
VISIBLE_TEXT = XPath(".//text()[not(ancestor::script or ancestor::style or ancestor::noscript)]")
FIRST_H1 = XPath("(//body//h1)[1]")
TEXT_WITH = XPath("//body//text()[contains(normalize-space(.), $needle)]")
#: a paragraph whose text (links and emphasis in it too) starts so
PARAGRAPH_WITH = XPath("//body//p[starts-with(normalize-space(.), $needle)]")
#: elements whose text, and whose tail, start a new line of text
BLOCK_TAGS = frozenset(
    {"p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "section", "header",
     "blockquote", "tr", "td"}
)  # fmt: skip
#: The body's first paragraph is found on the page by its opening characters
#: (a paragraph this long, among the first few)
START_MIN_CHARS = 60
START_NEEDLE = 24
START_PARAGRAPHS = 6
CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
SUB_PREFIX = re.compile(r"\bsub[-_ ](?=head|title)")


def css_to_xpath(selectors: list[str]) -> list[str]:
    """CSS selectors as XPath expressions for trafilatura's ``prune_xpath``.

    >>> css_to_xpath(["aside"])
    ['descendant-or-self::aside']
    """
    return [CSSSelector(s).path for s in selectors]


def keep_only(tree: HtmlElement, selectors: list[str]) -> HtmlElement:
    """A copy of the page whose body holds only the elements `selectors` match
    (the whole page if none match)."""
    matches = [el for sel in selectors for el in CSSSelector(sel)(tree)]
    if not matches:
        return tree
    tree = deepcopy(tree)
    matches = [el for sel in selectors for el in CSSSelector(sel)(tree)]
    body = tree.find("body")
    if body is None:
        return tree
    kept = [deepcopy(el) for el in matches]
    for child in list(body):
        body.remove(child)
    body.extend(kept)
    return tree


def extract_body(tree: HtmlElement, url: str | None, options: dict[str, Any]) -> list[str]:
    """Paragraphs of the main text.

    Each paragraph is one text block (a paragraph, heading, list item or quote).
    """
    return body_and_origin(tree, url, options)[0]


def body_and_origin(
    tree: HtmlElement, url: str | None, options: dict[str, Any]
) -> tuple[list[str], str]:
    """Paragraphs of the main text, and where they came from: "html" (the
    page's markup, through trafilatura), "jsonld:articleBody" or a state
    script ("script:__NEXT_DATA__" ...) when the markup holds little or none of it.
    """
    scripts = JSON_LD(tree)
    modes = ARTICLE_MODES if declares_article(OG_TYPE(tree), scripts) else MODES
    declared = declared_body(scripts)
    if options.get("keep_selectors"):
        tree = keep_only(tree, options["keep_selectors"])
    text_tree = joined_chunks(tree)
    prune = css_to_xpath(options.get("drop_selectors") or []) or None
    doc = None
    for mode, enough, replaces in modes:  # too little found: look again
        found = _extract(text_tree, url, prune, **mode)
        if found is not None and (
            replaces or doc is None or word_total(found.text) > word_total(doc.text)
        ):
            doc = found
        if doc is not None and word_total(doc.text) >= enough:
            break
    if doc is None:
        paragraphs = []
    elif doc.body is None or not len(doc.body):
        paragraphs = text_lines(doc.text or "")
    else:
        paragraphs = text_blocks(doc.body)
    if options.get("keep_selectors"):
        return paragraphs, "html"
    paragraphs = without_teasers(tree, paragraphs)
    paragraphs, origin = _elsewhere(tree, declared, paragraphs) or (paragraphs, "html")
    found = lead(tree, paragraphs, prune)
    if found is not None:
        paragraphs.insert(*found)
    return paragraphs, origin


def _elsewhere(tree: HtmlElement, declared: str, paragraphs: list[str]):
    """The text the page holds outside its markup, and its origin, when the
    markup's text missed it: the JSON-LD articleBody (long, little of it
    extracted; or the markup holds next to none), else a state script's text
    (the markup holds next to none); None when the markup's text stands.

    >>> from lxml.html import fromstring
    >>> page = fromstring('<html><body><script type="application/ld+json">{"articleBody": "Rain fell on the '
    ...                   'town all night long, and by morning the river had burst its banks."}</script></body></html>')
    >>> _elsewhere(page, declared_body(JSON_LD(page)), [])
    (['Rain fell on the town all night long, and by morning the river had burst its banks.'], 'jsonld:articleBody')
    """
    words = sum(word_total(p) for p in paragraphs)
    if missed(declared, paragraphs) or _fills(words, word_total(declared)):
        return text_lines(declared), "jsonld:articleBody"
    if words >= ELSEWHERE_MAX_WORDS:
        return None
    found = state_body(tree)
    if found is not None and _fills(words, word_total(found[0])):
        return text_lines(found[0]), found[1]
    return None


def _fills(words: int, other: int) -> bool:
    """Whether a text of `other` words fills a body of `words` the markup gave (next to none)."""
    return words < ELSEWHERE_MAX_WORDS and other >= max(
        ELSEWHERE_MIN_WORDS, ELSEWHERE_RATIO * words
    )


def body_candidates(tree: HtmlElement, paragraphs: list[str], origin: str) -> dict[str, list]:
    """What the page says of its body, as candidates: where the text came
    from ("body"), the article type it declares ("page_type") and whether it
    is free to read ("free_access", see `access`).

    >>> from lxml.html import fromstring
    >>> page = fromstring('<html><head><meta property="og:type" content="article"></head>'
    ...                   '<body><p>Rain.</p></body></html>')
    >>> body_candidates(page, ["Rain."], "html")
    {'body': [('', 'html')], 'page_type': [('article', 'og:type')], 'free_access': []}
    """
    scripts = JSON_LD(tree)
    kind = declared_type(OG_TYPE(tree), scripts)
    words = sum(word_total(p) for p in paragraphs)
    return {
        "body": [("", origin)],
        "page_type": [kind] if kind else [],
        "free_access": access_candidates(tree, scripts, words),
    }


def lead(tree: HtmlElement, paragraphs: list[str], prune: list[str] | None = None):
    """The page's lead paragraph trafilatura left out, and where it goes in
    `paragraphs` (before the first paragraph of the text): a block named as a
    lead (see `LEAD_WORDS`) between the headline and the text, of some length,
    not a caption, a link or part of a list; None if there is none, or it is in
    `paragraphs` already.

    >>> from lxml.html import fromstring
    >>> page = fromstring(
    ...     "<html><body><h1>Rain floods town</h1><div class='article-intro'><p>Water rose fast "
    ...     "in the night, and by morning the old town stood a metre deep.</p></div><div class="
    ...     "'text'><p>The river broke its banks near the bridge at about two in the morning.</p>"
    ...     "</div></body></html>")
    >>> lead(page, ["The river broke its banks near the bridge at about two in the morning."])
    (0, 'Water rose fast in the night, and by morning the old town stood a metre deep.')
    """
    start = text_start(tree, paragraphs)
    if start is None:
        return None
    start_el, index = start
    headline = FIRST_H1(tree)
    pruned = {el for xpath in prune or () for el in tree.xpath(xpath)}
    for el in _between(tree, headline[0] if headline else None, start_el):
        if el.tag not in LEAD_TAGS or not LEAD_HINT.search(_names(el)) or not lead_kind(el):
            continue
        if el in pruned or any(a.tag in LEAD_OUTSIDE or a in pruned for a in el.iterancestors()):
            continue  # in a list, a link, a caption ...
        if LEAD_MEDIA(el) or LEAD_NOT.search(_names(el)):
            continue  # a photo and its caption, the site's tagline
        if "alternativeheadline" in (el.get("itemprop") or "").lower():
            continue  # marked up as a second headline
        if any(a is el for a in start_el.iterancestors()):
            continue  # holds the text too
        text = visible_text(el)
        words = word_total(text)
        least = LEAD_MIN_WORDS if lead_kind(el) == "lead" else SUBTITLE_MIN_WORDS
        if not least <= words <= LEAD_MAX_WORDS:
            continue
        links = sum(len(visible_text(a)) for a in el.iter("a"))
        if links > LEAD_MAX_LINK_SHARE * len(text):
            continue
        return None if shared(text, "\n".join(paragraphs)) >= 0.5 else (index, text)
    return None


def _between(tree: HtmlElement, first: _Element | None, last: _Element) -> list[_Element]:
    """The elements after `first` and before `last` in the order of the page,
    `first`'s own descendants left out (all before `last` if `first` is None;
    none if `last` is not after `first`)."""
    found = []
    walks = [tree.iter()] if first is None else []
    el = first
    while el is not None:
        walks.extend(sibling.iter() for sibling in el.itersiblings())
        el = el.getparent()
    for walk in walks:
        for inner in walk:
            if inner is last:
                return found
            if isinstance(inner.tag, str):
                found.append(inner)
    return []


def visible_text(el: _Element) -> str:
    """The element's text without scripts and styles, a space where a block
    or line ends.

    >>> from lxml.html import fromstring
    >>> visible_text(fromstring("<div><p>One <b>big</b>.</p><p>Two</p><script>x()</script></div>"))
    'One big. Two'
    """
    parts = []
    for text in VISIBLE_TEXT(el):
        if text.getparent().tag in BLOCK_TAGS:
            parts.append(" ")
        parts.append(text)
    return " ".join("".join(parts).split())


def lead_kind(el: _Element) -> str | None:
    """Whether the element's class or id names a lead ("lead") or a subtitle ("subtitle"), or neither.

    >>> from lxml.html import fromstring
    >>> [lead_kind(fromstring(f'<p class="{c}">x</p>')) for c in ("articleLead", "sub-headline", "leading-6")]
    ['lead', 'subtitle', None]
    """
    words = set(re.findall(r"[a-z]+", SUB_PREFIX.sub("sub", CAMEL.sub(" ", _names(el)).lower())))
    if words & LEAD_WORDS:
        return "lead"
    return "subtitle" if words & SUBTITLE_WORDS else None


def _names(el: _Element) -> str:
    return f"{el.get('class') or ''} {el.get('id') or ''}"


def text_start(tree: HtmlElement, paragraphs: list[str]) -> tuple[_Element, int] | None:
    """The element on the page where the text's first long paragraph starts,
    and that paragraph's index (None if it is not found).

    >>> from lxml.html import fromstring
    >>> page = fromstring("<html><body><h1>Big news from the town hall today, read all of it here</h1>"
    ...                   "<p>The <a>mayor</a> said on Monday that the old bridge will close for a year.</p>")
    >>> el, index = text_start(page, ["Big news from the town hall today, read all of it here",
    ...                               "The mayor said on Monday that the old bridge will close for a year."])
    >>> el.tag, index
    ('p', 1)
    """
    for index, paragraph in enumerate(paragraphs[:START_PARAGRAPHS]):
        line = " ".join(paragraph.split("\n")[0].split())
        if len(line) < START_MIN_CHARS:
            continue
        el = _element_with(tree, line[:START_NEEDLE])
        if el is None:
            return None
        if el.tag != "h1" and not any(a.tag == "h1" for a in el.iterancestors()):
            return el, index
        # the headline, kept by trafilatura: the text starts after it
    return None


def _element_with(tree: HtmlElement, needle: str) -> _Element | None:
    """The first paragraph, or else the element of the first text, on the page that holds `needle`."""
    for el in PARAGRAPH_WITH(tree, needle=needle):
        return el
    for text in TEXT_WITH(tree, needle=needle):
        if text.getparent().tag not in ("script", "style", "noscript"):
            return text.getparent()
    return None


def _extract(tree: HtmlElement, url: str | None, prune: list[str] | None, **options: Any):
    return bare_extraction(
        tree,
        url=url,
        include_comments=False,
        include_tables=True,
        prune_xpath=prune,
        deduplicate=False,
        with_metadata=False,  # read once, by `fallback.trafilatura_metadata`
        **options,
    )


def text_blocks(body: _Element) -> list[str]:
    """The text blocks of trafilatura's XML body: one per paragraph, heading,
    quote or code block (its line breaks kept), one per list item or table row.

    >>> from lxml import etree
    >>> text_blocks(etree.fromstring("<body><head>Title</head>Loose<p>One<lb/>two</p>"
    ...                               "<list><item>A</item><item>B</item></list></body>"))
    ['Title', 'Loose', 'One\\ntwo', '- A', '- B']
    """
    blocks = text_lines(body.text or "")
    for child in body:
        tail, child = child.tail, deepcopy(child)
        child.tail = None
        lines = text_lines(xmltotxt(child, include_formatting=False))
        if child.tag in SPLIT_BLOCKS:
            blocks.extend(lines)
        elif lines:
            blocks.append("\n".join(lines))
        blocks.extend(text_lines(tail or ""))  # loose text after a block: a block of its own
    return blocks
