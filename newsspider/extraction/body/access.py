"""Whether the article is free to read: the page's own word (JSON-LD
``isAccessibleForFree``, on the article or on one of its ``hasPart``),
paywall markup (an element named for a paywall, a ``data-paywall``
attribute), a prompt to subscribe to read on, and a body that is only the
teaser of a longer text the page declares.

Each sign is a candidate ``(free, origin)``; `choose_access` takes the most
trusted: 1 free, 0 behind a paywall, None where the page says nothing.

    >>> from lxml.html import fromstring
    >>> page = fromstring('<html><body><p>The council met.</p><div class="c-paywall">'
    ...                   '<p>Subscribe to continue reading.</p></div></body></html>')
    >>> access_candidates(page, [], 3)
    [(False, 'markup:paywall'), (False, 'text:paywall')]
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
#: elements named for a paywall or carrying a paywall attribute (the names are tested by `PAYWALL_NAME`)
PAYWALL_MARKUP = XPath(
    "//*[@data-paywall or @data-premium or contains(translate(@class, 'PAYWAL', 'paywal'), 'paywall') "
    "or contains(translate(@id, 'PAYWAL', 'paywal'), 'paywall') or contains(@class, 'wall') "
    "or contains(@class, 'premium') or contains(@class, 'subscriber') or contains(@id, 'wall')]"
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
#: the most words of the visible text searched for the prompt (it sits near the text's end)
VISIBLE = XPath(
    "//body//text()[not(ancestor::script or ancestor::style or ancestor::noscript or ancestor::template)]"
)
#: a body is a teaser when the text the page declares (JSON-LD wordCount) is this many times longer,
#: and at least this long
TEASER_RATIO = 2.5
TEASER_DECLARED_WORDS = 150
#: attribute values that say there is no paywall: ``data-paywall="false"``
OFF = frozenset({"false", "0", "no", "off", "none"})


def access_candidates(tree: HtmlElement, scripts: list[str], words: int) -> list[tuple[bool, str]]:
    """Every sign of whether the article is free, `scripts` the page's JSON-LD
    texts and `words` the length of the extracted body.

    >>> from lxml.html import fromstring
    >>> access_candidates(fromstring("<p>Hi</p>"), ['{"hasPart": {"isAccessibleForFree": "False"}}'], 1)
    [(False, 'jsonld:isAccessibleForFree')]
    >>> access_candidates(fromstring("<p>Hi</p>"), ['{"isAccessibleForFree": true, "wordCount": 900}'], 40)
    [(True, 'jsonld:isAccessibleForFree'), (False, 'teaser')]
    """
    found: list[tuple[bool, str]] = []
    declared = [m.lower() == "true" for s in scripts for m in ACCESSIBLE.findall(s)]
    if declared:
        found.append((all(declared), "jsonld:isAccessibleForFree"))
    if any(PAYWALL_NAME.search(_names(el)) for el in PAYWALL_MARKUP(tree)):
        found.append((False, "markup:paywall"))
    if PAYWALL_TEXT.search(" ".join(VISIBLE(tree))):
        found.append((False, "text:paywall"))
    counts = [int(n) for s in scripts for n in WORD_COUNT.findall(s)]
    if counts and max(counts) >= TEASER_DECLARED_WORDS and max(counts) > TEASER_RATIO * words:
        found.append((False, "teaser"))
    return found


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
