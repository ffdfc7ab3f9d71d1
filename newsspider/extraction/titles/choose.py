"""Pick the headline as shown on the page.

>>> choose_title([("Rain floods town | Daily Planet", "title"), ("Rain floods town", "h1")])
('Rain floods town', 'h1')
>>> strip_site_name("Opinion | Why rain matters - The Daily Planet", "The Daily Planet")
'Why rain matters'
>>> strip_site_name("Rain floods town – CBC News")
'Rain floods town'
>>> strip_site_name("Rain floods town - www.DailyPlanet.com", host="dailyplanet")
'Rain floods town'
>>> strip_site_name("장마 시작-사회ㅣ한국일보", "한국일보"), strip_site_name("北京下雨｜新华网")
('장마 시작', '北京下雨')
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from urllib.parse import urlsplit

from newsspider.extraction import origins
from newsspider.extraction.text import norm, text_key

#: the separators between a headline and the site's name or section: spaced
#: punctuation, or a full-width bar, Hangul "ㅣ" or "丨", which need no spaces (with
#: a section glued before them: "…다-정치ㅣ한국일보")
SEPARATORS = re.compile(
    r"(\s+[|–—•·»«:/-]\s+|\s+-{2}\s+|\s+::\s+|(?:[-–][^\s\-–｜ㅣ丨]{1,8})?\s*[｜ㅣ丨]\s*)"
)
SECTION_WORDS = (
    r"(opinion|analysis|comment|editorial|review|exclusive|breaking|live|watch|video|podcast|"
    r"news|update|updated|explainer)"
)
SECTION_PREFIX = re.compile(r"^" + SECTION_WORDS + r"\s*[|:–—-]\s*", re.I)
SECTION_LABEL = re.compile(r"^" + SECTION_WORDS + r"$", re.I)
#: trust order when no candidate is confirmed by another
ORDER = origins.order("title")
#: origins whose text often carries the site's name around the headline
DECORATED = ("title", "og:title", "twitter:title", "hint", "trafilatura")
#: a shorter title confirms a longer one it starts with only from this many words
MIN_PREFIX_WORDS = 1
#: the host name is at least this share of a piece that names the site
HOST_SHARE = 0.4
#: an h1 naming the site (the end of the <title>) has at most this many words
MAX_LOGO_WORDS = 6
#: a title begins or ends an h1 (which adds a kicker or subtitle) from this many words
MIN_PART_WORDS = 2
#: words shorter than this ("of", "in", "la") do not count as shared
MIN_WORD_CHARS = 3
HOST_NOISE = re.compile(r"^(www\d?|m|amp|mobile|edition|en|de|fr|es|it|news|blog|blogs)$")


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
    return text_key(labels[-1], joined=True) if labels else ""


def is_site_name(piece: str, site_name: str | None = None, host: str = "") -> bool:
    """`piece` names the site: its name, or its host name.

    >>> is_site_name("Harper's Magazine", host="harpers"), is_site_name("Rain floods town", host="rain")
    (True, False)
    """
    key = text_key(piece, joined=True)
    if not key or sum(any(c.isalnum() for c in w) for w in piece.split()) > 5:  # "–" is no word
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


def _begins(short: str, long: str) -> bool:
    """`short` (two words or more) begins the longer `long`.

    >>> _begins("rain floods", "rain floods town"), _begins("rain", "rain floods town")
    (True, False)
    """
    return (
        len(short) < len(long) and len(short.split()) >= MIN_PART_WORDS and long.startswith(short)
    )


def _ends(short: str, long: str) -> bool:
    """`short` (two words or more) ends the longer `long`.

    >>> _ends("floods town", "rain floods town"), _ends("town", "rain floods town")
    (True, False)
    """
    return len(short) < len(long) and len(short.split()) >= MIN_PART_WORDS and long.endswith(short)


def _words(key: str) -> set[str]:
    return {w for w in key.split() if len(w) >= MIN_WORD_CHARS}


def shown_headline(candidates: list[tuple[str, str]]) -> tuple[str, str] | None:
    """The headline as the page shows it, from its h1 elements checked
    against the metadata titles (site names already stripped), in this order:

    - an h1 that another source repeats;
    - an h1 that ends with another source's title after a kicker shows
      that title (the longest such one);
    - an h1 that begins another source's title (which adds a subtitle or
      the site's name), then one that ends it (after a kicker);
    - the one h1 of the page, if it shares a word with another source's
      title (metadata titles are often worded for search engines and
      social media).

    None when no h1 relates to the other titles (it may be a logo or a
    section's name): the caller then weighs all candidates as before.

    >>> shown_headline([("Rain floods town", "og:title"), ("Weather Rain floods town", "h1")])
    ('Rain floods town', 'og:title')
    >>> shown_headline([("Weather: Rain floods town", "og:title"), ("Rain floods town", "h1")])
    ('Rain floods town', 'h1')
    >>> shown_headline([("Storm: city floods", "og:title"), ("Rain floods the city", "h1")])
    ('Rain floods the city', 'h1')
    >>> shown_headline([("Storm: city floods", "og:title"), ("Daily Planet", "h1")]) is None
    True
    """
    h1s = [(norm(s), s) for s, o in candidates if o == "h1" and norm(s)]
    # trafilatura's title is one of the page's own (often the h1): it confirms nothing
    others = [(norm(s), s, o) for s, o in candidates if o not in ("h1", "trafilatura") and norm(s)]
    for key, text in h1s:
        if any(k == key for k, _, _ in others):
            return text, "h1"
    for key, _text in h1s:
        if inner := [(k, s, o) for k, s, o in others if _ends(k, key)]:
            _, s, o = max(inner, key=lambda c: len(c[0]))
            return s, o
    for relation in (_begins, _ends):
        for key, text in h1s:
            if any(relation(key, k) for k, _, _ in others):
                return text, "h1"
    if len(h1s) == 1 and any(_words(h1s[0][0]) & _words(k) for k, _, _ in others):
        return h1s[0][1], "h1"
    return None


def _tails(title: str) -> Iterator[tuple[str, str]]:
    """(rest, tail) for each way to cut a <title> at a separator.

    >>> list(_tails("Rain - Sun | Planet"))
    [('Rain - Sun', 'Planet'), ('Rain', 'Sun | Planet')]
    """
    pieces = SEPARATORS.split(" ".join(title.split()))
    for cut in range(len(pieces) - 2, 0, -2):
        yield "".join(pieces[:cut]), "".join(pieces[cut + 1 :])


def logo_h1s(candidates: list[tuple[str, str]]) -> set[str]:
    """The key of the first h1 if it is the site's name: the end of the
    page's <title> after a separator (and not after a section's label),
    short, and not repeated by the article's own metadata (a blog whose h1
    is its name, "Post title | Blog name").

    >>> sorted(logo_h1s([("Cake recipe | Bake with Ann", "title"), ("Bake with Ann", "h1")]))
    ['bake with ann']
    >>> logo_h1s([("News | Rain floods town", "title"), ("Rain floods town", "h1"),
    ...           ("Rain floods town", "og:title")])
    set()
    """
    first = next((norm(v) for v, o in candidates if o == "h1"), None)
    confirmed = {norm(v) for v, o in candidates if o not in ("h1", "title", "trafilatura")}
    if not first or first in confirmed or len(first.split()) > MAX_LOGO_WORDS:
        return set()
    for value, origin in candidates:
        if origin != "title":
            continue
        for rest, tail in _tails(str(value)):
            if norm(tail) == first and norm(rest) and not SECTION_LABEL.match(rest):
                return {first}
    return set()


def _without_logo(title: str, logos: set[str]) -> str | None:
    return next((rest for rest, tail in _tails(title) if norm(tail) in logos), None)


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
    logos = logo_h1s(candidates)
    cleaned = []
    for value, origin in candidates:
        value = html.unescape(" ".join(str(value).split()))
        if not value or len(value) > 400 or (origin == "h1" and norm(value) in logos):
            continue
        stripped = value
        if origin == "title" and (rest := _without_logo(value, logos)):
            stripped = rest
        elif origin.startswith(DECORATED):
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
    if found := shown_headline([(s, o) for _, s, o in cleaned]):
        return found
    keys = [norm(s) for _, s, _ in cleaned]
    for i, (_value, stripped, origin) in enumerate(cleaned):
        others = [k for j, k in enumerate(keys) if j != i and cleaned[j][2] != origin]
        if any(_confirms(keys[i], k) for k in others):
            return stripped, origin
    value, stripped, origin = cleaned[0]
    return stripped, origin
