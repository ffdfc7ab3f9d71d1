"""Whether the article is free to read: the page's own word (JSON-LD
``isAccessibleForFree``, on the article or on one of its ``hasPart``),
paywall markup (an element named for a paywall, a ``data-paywall``
attribute), a prompt to subscribe to read on, and a body that is only the
teaser of a longer text the page declares.

The most trusted sign found is the candidate ``(free, origin)`` (the less
trusted are not looked for); `choose_access` makes it 1 free, 0 behind a
paywall, None where the page says nothing.

    >>> from lxml.html import fromstring
    >>> page = fromstring('<html><body><p>The council met.</p><div class="c-paywall">'
    ...                   '<p>Subscribe to continue reading.</p></div></body></html>')
    >>> access_candidates(page, [], 3)
    [(False, 'markup:paywall')]
    >>> choose_access([(True, 'jsonld:isAccessibleForFree'), (False, 'markup:paywall')])
    (1, 'jsonld:isAccessibleForFree')
"""

from __future__ import annotations

import re

from lxml.etree import XPath
from lxml.html import HtmlElement

from newsspider.extraction import origins

#: ``"isAccessibleForFree": false`` (or "False", "false"), anywhere in a JSON-LD script
ACCESSIBLE = re.compile(r'"isAccessibleForFree"\s*:\s*"?(true|false)"?', re.I)
#: ``"wordCount": 1200`` in JSON-LD: the length of the whole text
WORD_COUNT = re.compile(r'"wordCount"\s*:\s*"?(\d+)"?')
#: class or id words that name a paywall, a wall for subscribers or a registration wall
PAYWALL_NAME = re.compile(
    r"(?i)(?<![a-z])(pay-?wall|paywalled|reg-?wall|premium-?(content|article|wall|teaser|block)|"
    r"subscriber-?(only|content|wall)|subscribers-?only|meter(ed)?-?wall|abo-?wall|plus-?wall|"
    r"piano-?(paywall|offer|inline))(?![a-z])"
)
#: elements that may be named for a paywall or carry a paywall attribute (`PAYWALL_NAME` decides)
PAYWALL_MARKUP = XPath(
    "//*[@data-paywall or @data-premium or contains(@class, 'wall') or contains(@class, 'Wall') "
    "or contains(@id, 'wall') or contains(@id, 'Wall') or contains(@class, 'remium') "
    "or contains(@class, 'ubscriber')]"
)
#: a prompt to subscribe to read on, in several languages
PAYWALL_TEXT = re.compile(
    r"(?i)\b(subscribe (now )?to (continue|keep) reading|to (continue|keep) reading,? (please )?"
    r"(subscribe|sign in|log in)|this (article|story|content) is (only )?(available )?(exclusively )?"
    r"(for|to) (paying )?(subscribers|members)|(already a subscriber|become a subscriber) to read|"
    r"exclusive(ly)? (for|to) subscribers|"
    r"(dieser|der) (artikel|beitrag|inhalt) ist (nur|exklusiv) für (abonnenten|abonnentinnen|abonnent\*innen|"
    r"plus-?leser|abonnierende)|(jetzt )?(abonnieren|abo abschließen),? um (den artikel )?weiterzulesen|"
    r"weiterlesen mit [\w+ ]{1,20}(plus|abo)|"
    r"(article|contenu) réservé aux abonnés|abonnez-vous pour lire la suite|"
    r"(contenido|artículo) (exclusivo|solo|sólo) para (suscriptores|socios)|suscríbete para (seguir|continuar) leyendo|"
    r"conteúdo exclusivo para assinantes|assine para continuar lendo|"
    r"articolo riservato agli abbonati|abbonati per continuare a leggere|"
    r"dit artikel is (alleen )?voor abonnees|"
    r"artykuł (dostępny )?(tylko )?dla (prenumeratorów|subskrybentów))"
)
#: visible texts that may hold the prompt (their stems, in every language of `PAYWALL_TEXT`)
PROMPT_TEXTS = XPath(
    "//body//text()[not(ancestor::script or ancestor::style or ancestor::noscript)][contains(., 'ubscri') "
    "or contains(., 'bonn') or contains(., 'uscri') or contains(., 'ssinant') or contains(., 'ssine') "
    "or contains(., 'bbona') or contains(., 'members') or contains(., 'eiterzulesen') or contains(., 'eiterlesen') "
    "or contains(., 'renumerator') or contains(., 'ubskryb')]"
)
PROMPT_STEMS = ("subscri", "bonn", "uscri", "ssinant", "ssine", "bbona", "members", "eiterzulesen",
                "eiterlesen", "renumerator", "ubskryb")  # fmt: skip
#: the most characters of the block around such a text searched
PROMPT_BLOCK = 1000
#: a body of this many words at most is a teaser when the text the page declares (JSON-LD
#: wordCount) is this many times longer, and at least this long
TEASER_MAX_WORDS = 150
TEASER_RATIO = 2.5
TEASER_DECLARED_WORDS = 150
#: the elements of the page's content a paywall is shown in
CONTENT_TAGS = frozenset(
    {"div", "section", "aside", "article", "p", "span", "form", "footer", "header"}
)
HIDDEN = re.compile(r"(?i)\bhidden\b|\bhide\b|display\s*:\s*none|visibility\s*:\s*hidden")
#: what a paywall asks of the reader: to subscribe, log in or register (several languages)
ASK = re.compile(
    r"(?i)subscri|abonn|\babo\b|suscri|assin|abbona|prenumer|subskryb|log ?in|sign ?in|anmelden|einloggen|"
    r"registr|connecte|inicia sesión|entrar|accedi"
)
#: attribute values that say there is no paywall: ``data-paywall="false"``
OFF = frozenset({"false", "0", "no", "off", "none"})


def access_candidates(tree: HtmlElement, scripts: list[str], words: int) -> list[tuple[bool, str]]:
    """The most trusted sign of whether the article is free (the others are
    not looked for), `scripts` the page's JSON-LD texts and `words` the
    length of the extracted body.

    >>> from lxml.html import fromstring
    >>> access_candidates(fromstring("<p>Hi</p>"), ['{"hasPart": {"isAccessibleForFree": "False"}}'], 1)
    [(False, 'jsonld:isAccessibleForFree')]
    >>> access_candidates(fromstring("<p>Hi</p>"), ['{"isAccessibleForFree": true, "wordCount": 900}'], 40)
    [(True, 'jsonld:isAccessibleForFree')]
    >>> access_candidates(fromstring("<p>Hi</p>"), ['{"wordCount": 900}'], 40)
    [(False, 'teaser')]
    """
    declared = [m.lower() == "true" for s in scripts for m in ACCESSIBLE.findall(s)]
    if declared:
        return [(all(declared), "jsonld:isAccessibleForFree")]
    if any(_paywall(el) for el in PAYWALL_MARKUP(tree)):
        return [(False, "markup:paywall")]
    if _may_prompt(tree) and any(PAYWALL_TEXT.search(_block(t)) for t in PROMPT_TEXTS(tree)):
        return [(False, "text:paywall")]
    counts = [int(n) for s in scripts for n in WORD_COUNT.findall(s)]
    if (
        counts
        and words <= TEASER_MAX_WORDS
        and max(counts) > max(TEASER_DECLARED_WORDS, TEASER_RATIO * words)
    ):
        return [(False, "teaser")]
    return []


def _may_prompt(tree: HtmlElement) -> bool:
    """A quick test: the page's text (scripts too) holds a stem of `PROMPT_TEXTS`."""
    text = tree.text_content().lower()
    return any(stem in text for stem in PROMPT_STEMS)


def _block(text) -> str:
    """The text of the element holding `text` (a text node), or the text alone in a long one."""
    whole = text.getparent().text_content()
    return " ".join((whole if len(whole) <= PROMPT_BLOCK else str(text)).split())


def _paywall(el) -> bool:
    """A paywall the page shows: an element named for one (or a paywall
    attribute), of the page's content, not hidden, asking the reader to
    subscribe or log in (a site's paywall code, styles and hidden templates
    are on its free pages too)."""
    if el.tag not in CONTENT_TAGS or not PAYWALL_NAME.search(_names(el)):
        return False
    if (
        HIDDEN.search(f"{el.get('class') or ''} {el.get('style') or ''}")
        or el.get("hidden") is not None
    ):
        return False
    return bool(ASK.search(el.text_content()[:PROMPT_BLOCK]))


def _names(el) -> str:
    """The element's class and id, and "paywall" for a paywall attribute."""
    flags = (el.get("data-paywall"), el.get("data-premium"))
    marks = " paywall" if any(f is not None and f.lower() not in OFF for f in flags) else ""
    return f"{el.get('class') or ''} {el.get('id') or ''}{marks}"


def choose_access(candidates: list[tuple[bool, str]]) -> tuple[int | None, str | None]:
    """1 (free) or 0 (behind a paywall) from the most trusted sign, and its
    origin; (None, None) without a sign.

    >>> choose_access([(False, "teaser")]), choose_access([])
    ((0, 'teaser'), (None, None))
    """
    if not candidates:
        return None, None
    free, origin = origins.ranked(candidates, origins.order("free_access"))[0]
    return int(bool(free)), origin


def body_provenance(candidates: dict[str, list], prov: dict[str, str]) -> int | None:
    """Whether the article is free to read (1, 0 or None); where its body,
    its declared type and that answer came from go into `prov`.

    >>> prov = {}
    >>> body_provenance({"body": [("", "html")], "page_type": [("NewsArticle", "jsonld")],
    ...                  "free_access": [(False, "markup:paywall")]}, prov), prov
    (0, {'body': 'html', 'page_type': 'jsonld:NewsArticle', 'free_access': 'markup:paywall'})
    """
    if values := candidates.get("body"):
        prov["body"] = values[0][1]
    if values := candidates.get("page_type"):
        prov["page_type"] = f"{values[0][1]}:{values[0][0]}"
    free, origin = choose_access(candidates.get("free_access", []))
    if origin:
        prov["free_access"] = origin
    return free
