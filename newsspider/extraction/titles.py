"""Pick the headline as shown on the page.

>>> choose_title([("Rain floods town | Daily Planet", "title"), ("Rain floods town", "h1")])
('Rain floods town', 'h1')
>>> strip_site_name("Opinion | Why rain matters - The Daily Planet", "The Daily Planet")
'Why rain matters'
>>> strip_site_name("Rain floods town – CBC News")
'Rain floods town'
>>> strip_site_name("Rain floods town - www.DailyPlanet.com", host="dailyplanet")
'Rain floods town'
"""

from __future__ import annotations

import html
import re
import unicodedata
from urllib.parse import urlsplit

SEPARATORS = re.compile(r"(\s+[|–—•·»«:/-]\s+|\s+-{2}\s+|\s+::\s+)")
SECTION_PREFIX = re.compile(
    r"^(opinion|analysis|comment|editorial|review|exclusive|breaking|live|watch|video|podcast|"
    r"news|update|updated|explainer)\s*[|:–—-]\s*",
    re.I,
)
# Trust order when no candidate is confirmed by another.
ORDER = (
    "h1",
    "jsonld",
    "og:title",
    "meta:headline",
    "twitter:title",
    "hint",
    "title",
    "trafilatura",
)
#: origins whose text often carries the site's name around the headline
DECORATED = ("title", "og:title", "twitter:title", "hint", "trafilatura")
#: a shorter title confirms a longer one it starts with only from this many words
MIN_PREFIX_WORDS = 1
#: the host name is at least this share of a piece that names the site
HOST_SHARE = 0.4
HOST_NOISE = re.compile(r"^(www\d?|m|amp|mobile|edition|en|de|fr|es|it|news|blog|blogs)$")


def norm(text: str) -> str:
    """Comparison key: case, quotes, dashes and spacing folded.

    >>> norm("“Rain” — now") == norm('"rain" - NOW')
    True
    """
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"[‘’‚‛`´]", "'", text)
    text = re.sub(r"[“”„‟«»]", '"', text)
    text = re.sub(r"[‐‑‒–—―]", "-", text)
    return " ".join(re.sub(r"[^\w'\"-]+", " ", text.casefold()).split())


def host_key(url: str | None) -> str:
    """The name part of a URL's host: ``https://www.daily-planet.co.uk/x`` -> ``dailyplanet``.

    >>> host_key("https://www.daily-planet.co.uk/x"), host_key("http://blog.example.org")
    ('dailyplanet', 'example')
    >>> host_key(None)
    ''
    """
    host = urlsplit(url or "").hostname or ""
    labels = [x for x in host.split(".") if x and not HOST_NOISE.match(x)]
    labels = [x for x in labels[:-1] if len(x) > 3] or labels[:1]  # drop the TLD and "co"
    return _letters(labels[-1]) if labels else ""


def _letters(text: str) -> str:
    return "".join(c for c in text.casefold() if c.isalnum())


def is_site_name(piece: str, site_name: str | None = None, host: str = "") -> bool:
    """`piece` names the site: its name, or its host name.

    >>> is_site_name("Harper's Magazine", host="harpers"), is_site_name("Rain floods town", host="rain")
    (True, False)
    """
    key = _letters(piece)
    if not key or len(piece.split()) > 5:
        return False
    if site_name and norm(piece) == norm(site_name):
        return True
    words = len(piece.split())
    return len(host) >= 4 and host in key and words <= 3 and len(host) >= HOST_SHARE * len(key)


def strip_site_name(
    title: str,
    site_name: str | None = None,
    guess: bool = True,
    host: str = "",
    known: tuple[set[str], ...] = (),
) -> str:
    """Remove a site-name suffix or prefix and a section label: one naming the
    site, one `known` as the first / last piece of the page's <title>, or with
    `guess`, a short last (or first) piece that is probably the site's name.

    >>> strip_site_name("Rain - Sun - Planet", guess=False, known=(set(), {"planet"}))
    'Rain - Sun'
    """
    title = " ".join(title.split())
    pieces = SEPARATORS.split(title)  # text, separator, text, ...
    if len(pieces) > 1:
        first, last = pieces[0], pieces[-1]
        rest_first, rest_last = "".join(pieces[2:]), "".join(pieces[:-2])
        firsts, lasts = known or (set(), set())
        if is_site_name(last, site_name, host) or norm(last) in lasts:
            title = rest_last
        elif is_site_name(first, site_name, host) or norm(first) in firsts:
            title = rest_first
        elif guess and len(last.split()) <= 4 and len(last) < len(rest_last):
            title = rest_last
        elif guess and len(first.split()) <= 3 and len(first) < len(rest_first):
            title = rest_first
    return SECTION_PREFIX.sub("", title).strip() or title


def title_pieces(
    candidates: list[tuple[str, str]], site_name: str | None = None, host: str = ""
) -> tuple[set[str], set[str]]:
    """The last pieces stripping takes off the page's <title> as the site's
    name: (prefixes, suffixes); a first piece is too often the headline's own.

    >>> title_pieces([("Rain falls all day | Planet", "title"), ("Rain", "h1")])
    (set(), {'planet'})
    """
    firsts, lasts = set(), set()
    for value, origin in candidates:
        pieces = SEPARATORS.split(" ".join(str(value).split()))
        if origin != "title" or len(pieces) < 3:
            continue
        stripped = norm(strip_site_name(value, site_name, True, host))
        if stripped == norm("".join(pieces[:-2])):
            lasts.add(norm(pieces[-1]))
    return firsts, lasts


def _confirms(key: str, other: str) -> bool:
    if not key or not other:
        return False
    if key == other:
        return True
    shorter, longer = sorted((key, other), key=len)
    return longer.startswith(shorter) and len(shorter.split()) >= MIN_PREFIX_WORDS


def choose_title(
    candidates: list[tuple[str, str]], site_name: str | None = None, url: str | None = None
) -> tuple[str, str] | None:
    """The headline and where it came from.

    A candidate confirmed by another source (same text once site names are
    stripped) wins, h1 first; else the most trusted one, stripped. A
    candidate that is only the site's name (a logo in an h1) is no headline.

    >>> choose_title([("Beige", "h1"), ("Provence guide", "og:title"), ("Provence guide — Beige", "title")],
    ...              url="https://beige.de/x")
    ('Provence guide', 'og:title')
    """
    host = host_key(url)
    known = title_pieces(candidates, site_name, host)
    cleaned = []
    for value, origin in candidates:
        value = html.unescape(" ".join(str(value).split()))
        if not value or len(value) > 400:
            continue
        stripped = value
        if origin.startswith(DECORATED):
            guess = origin == "title"
            stripped = strip_site_name(value, site_name, guess, host, () if guess else known)
        elif origin == "h1":
            stripped = strip_site_name(value, site_name, guess=False, host=host)
        cleaned.append((value, stripped, origin))
    headlines = [c for c in cleaned if not is_site_name(c[0], site_name, host)]
    cleaned = headlines or cleaned  # a logo in an h1 is no headline
    if not cleaned:
        return None
    rank = {o: i for i, o in enumerate(ORDER)}
    cleaned.sort(
        key=lambda c: rank.get(c[2].split(":")[0] if c[2].startswith("hint") else c[2], len(ORDER))
    )
    keys = [norm(s) for _, s, _ in cleaned]
    for i, (_value, stripped, origin) in enumerate(cleaned):
        others = [k for j, k in enumerate(keys) if j != i and cleaned[j][2] != origin]
        if any(_confirms(keys[i], k) for k in others):
            return stripped, origin
    value, stripped, origin = cleaned[0]
    return stripped, origin
