"""Is a page an article? The validate step's decisions, as pure functions
(`rejection_reason`, `browser_hint`), which `scrapy sources check` also asks."""

from __future__ import annotations

import re

import lxml.html
from lxml.etree import ParserError

from newsspider.extraction.text import count_words
from newsspider.items import Article

SHORT_BLOCK_WORDS = 12
#: provenance of a declared article type (`page_type`): JSON-LD or og:type
DECLARED = ("jsonld:", "og:type:")
#: a real paragraph: this many words at least, a sentence ended in it
REAL_PARAGRAPH_WORDS = 10
SENTENCE_END = re.compile(r"[.!?。！？][\"'”’»)\]]*(\s|$)")
#: a declared article that looks like a listing is one unless this share of its words is prose
LISTING_PROSE = 0.3
#: a listing has no block longer than this
LISTING_MAX_WORDS = 30
#: an app shell shows at most this many words without its scripts
SHELL_MAX_WORDS = 40
#: elements a front-end framework mounts the page in
SHELL_ROOTS = "//*[@id='root' or @id='app' or @id='__next' or @id='__nuxt' or @id='___gatsby' or @data-reactroot]"
#: page state a framework serialises into the HTML
JSON_STATE = re.compile(
    rb"__NEXT_DATA__|__NUXT__|__INITIAL_STATE__|__APOLLO_STATE__|__PRELOADED_STATE__"
)


def rejection_reason(article: Article, min_words: int) -> str | None:
    """Why `article` must not be stored, or None.

    >>> a = Article(page=None, record={"title": "Hi", "word_count": 3, "body": "one two three"},
    ...             paragraphs=["one two three"])
    >>> rejection_reason(a, 40)
    'not an article: 3 words of text (minimum 40)'
    """
    if article.error:
        return article.error
    record = article.record
    if not record.get("title"):
        return "not an article: no title"
    declared = declared_article(article)
    words = record.get("word_count") or 0
    if words < min_words and not declared:  # a brief that says it is an article is stored
        return f"not an article: {words} words of text (minimum {min_words})"
    if looks_like_listing(article.paragraphs) and not (
        declared and prose_share(article.paragraphs) >= LISTING_PROSE
    ):
        return "not an article: a list of links (listing or index page)"
    return None


def declared_article(article: Article) -> bool:
    """A page that declares itself an article (a JSON-LD article type, og:type
    "article") and whose body has a real paragraph: stored however short.

    >>> a = Article(page=None, paragraphs=["Fire crews put out a blaze at the old mill on Monday night."],
    ...             provenance={"page_type": "og:type:article"})
    >>> declared_article(a), declared_article(Article(page=None, paragraphs=a.paragraphs))
    (True, False)
    """
    kind = article.provenance.get("page_type") or ""
    return kind.startswith(DECLARED) and any(map(is_real_paragraph, article.paragraphs))


def prose_share(paragraphs: list[str]) -> float:
    """The share of the words of `paragraphs` in real paragraphs (see `is_real_paragraph`).

    >>> prose_share(["Fire crews put out a blaze at the old mill on Monday night.", "Mill fire", "Bridge"])
    0.8125
    """
    words = [count_words(p) for p in paragraphs]
    prose = sum(w for w, p in zip(words, paragraphs, strict=True) if is_real_paragraph(p))
    return prose / sum(words) if sum(words) else 0.0


def is_real_paragraph(text: str) -> bool:
    """A block of prose: some words, a sentence ended in it, not a list item nor a label.

    >>> is_real_paragraph("The council met on Monday and voted to close the bridge."), is_real_paragraph("- Bridge closes.")
    (True, False)
    >>> is_real_paragraph("北京今天下了一场大雨，街道被淹。"), is_real_paragraph("Read more: Bridge closes")
    (True, False)
    """
    return (
        not text.startswith("- ")
        and count_words(text) >= REAL_PARAGRAPH_WORDS
        and bool(SENTENCE_END.search(text))
    )


def looks_like_listing(paragraphs: list[str]) -> bool:
    """Mostly short blocks and no real paragraph: an index, tag or gallery page.

    >>> looks_like_listing(["Storm hits coast", "Council votes", "Team wins", "New bridge", "Fair opens"])
    True
    >>> looks_like_listing(["A " * 40, "Storm hits coast"])
    False
    """
    if len(paragraphs) < 5:
        return False
    short = 0
    for paragraph in paragraphs:  # runs in the crawling process: stop at the first real paragraph
        words = count_words(paragraph)
        if words > LISTING_MAX_WORDS:
            return False
        short += words < SHORT_BLOCK_WORDS
    return short >= 0.7 * len(paragraphs)


def looks_like_app_shell(html: bytes) -> bool:
    """A page whose text a script writes: scripts, hardly any text without
    them, and a framework's mount point or serialised state.

    >>> looks_like_app_shell(b'<html><body><div id="root"></div><script>render()</script></body></html>')
    True
    >>> looks_like_app_shell(b'<html><body><div id="root"><p>' + b"word " * 80 + b'</p></div><script></script></body></html>')
    False
    >>> looks_like_app_shell(b'<html><body><p>Short page.</p></body></html>')
    False
    """
    try:
        tree = lxml.html.document_fromstring(html)
    except (ParserError, ValueError):
        return False
    if not tree.xpath("//script"):
        return False
    text = " ".join(tree.xpath("//body//text()[not(ancestor::script or ancestor::style "
                               "or ancestor::noscript or ancestor::template)]"))  # fmt: skip
    if count_words(text) > SHELL_MAX_WORDS:
        return False
    return bool(tree.xpath(SHELL_ROOTS)) or bool(JSON_STATE.search(html))


def browser_hint(article: Article, reason: str) -> str:
    """`reason`, or the hint to render the source when the page was not
    rendered, extracted to too little, and looks like an app shell."""
    page = article.page
    if not reason.startswith("not an article: ") or "HTML elements" in reason:
        return reason
    if page is None or page.hints.get("render") or not page.html:
        return reason
    if looks_like_app_shell(page.html):
        return f'needs a browser: set render = "browser" for source {page.source}'
    return reason
