"""Find the headlines the page's markup shows: its h1s (without a kicker
above the headline proper) and its ``<title>``.

    >>> from lxml.html import fromstring
    >>> page = fromstring('<html><head><title>Rain - Daily</title></head><body><h1>Rain</h1></body></html>')
    >>> markup_titles(page, page.xpath("//h1"))
    [('Rain', 'h1'), ('Rain - Daily', 'title')]
"""

from __future__ import annotations

from lxml.html import HtmlElement

from newsspider.extraction.page import text_of

#: elements that hold a kicker at the start of a headline (inline formatting does not)
KICKER_TAGS = ("span", "div", "small", "p")
KICKER_PUNCTUATION = " :|–—-•·"


def headline_text(h1: HtmlElement) -> str:
    """The text of a headline element without a kicker: a leading element
    (a topic label, a roof line) followed by the longer headline proper.

    >>> from lxml.html import fromstring
    >>> headline_text(fromstring('<h1> <span class="kicker">Climate</span>: Rain floods town </h1>'))
    'Rain floods town'
    >>> headline_text(fromstring('<h1><b>Note:</b> rain floods town</h1>'))
    'Note: rain floods town'
    """
    text = text_of(h1)
    first = next((el for el in h1 if isinstance(el.tag, str)), None)
    if first is None or first.tag not in KICKER_TAGS or (h1.text or "").strip():
        return text
    kicker = text_of(first)
    rest = text[len(kicker) :].lstrip(KICKER_PUNCTUATION) if text.startswith(kicker) else ""
    if kicker and rest and len(rest.split()) >= len(kicker.split()):
        return rest
    return text


def markup_titles(tree: HtmlElement, h1s: list[HtmlElement]) -> list[tuple[str, str]]:
    """(text, origin) of the headlines of the page's first `h1s` and of its
    ``<title>``, in that order."""
    found = []
    for h1 in h1s:
        if text := headline_text(h1):
            found.append((text, "h1"))
    title = tree.findtext(".//title")
    if title and title.strip():
        found.append((" ".join(title.split()), "title"))
    return found
