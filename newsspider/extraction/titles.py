"""Pick the headline as shown on the page.

    >>> choose_title([("Rain floods town | Daily Planet", "title"), ("Rain floods town", "h1")])
    ('Rain floods town', 'h1')
    >>> strip_site_name("Opinion | Why rain matters - The Daily Planet", "The Daily Planet")
    'Why rain matters'
    >>> strip_site_name("Rain floods town – CBC News")
    'Rain floods town'
"""

from __future__ import annotations

import re
import unicodedata

SEPARATORS = re.compile(r"(\s+[|–—•·»«:/-]\s+|\s+-{2}\s+|\s+::\s+)")
SECTION_PREFIX = re.compile(
    r"^(opinion|analysis|comment|editorial|review|exclusive|breaking|live|watch|video|podcast|"
    r"news|update|updated|explainer)\s*[|:–—-]\s*",
    re.I,
)
# Trust order when no candidate is confirmed by another.
ORDER = ("h1", "jsonld", "og:title", "meta:headline", "twitter:title", "hint", "title", "trafilatura")


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


def strip_site_name(title: str, site_name: str | None = None) -> str:
    """Remove a site-name suffix or prefix and a section label."""
    title = " ".join(title.split())
    pieces = SEPARATORS.split(title)  # text, separator, text, ...
    if len(pieces) > 1:
        site = norm(site_name) if site_name else ""
        first, last = pieces[0], pieces[-1]
        rest_first, rest_last = "".join(pieces[2:]), "".join(pieces[:-2])
        if site and norm(last) == site:
            title = rest_last
        elif site and norm(first) == site:
            title = rest_first
        elif len(last.split()) <= 4 and len(last) < len(rest_last):
            title = rest_last
        elif len(first.split()) <= 3 and len(first) < len(rest_first):
            title = rest_first
    return SECTION_PREFIX.sub("", title).strip() or title


def choose_title(candidates: list[tuple[str, str]], site_name: str | None = None) -> tuple[str, str] | None:
    """The headline and where it came from.

    A candidate confirmed by another source (same text once site names are
    stripped) wins, h1 first; else the most trusted one, stripped.
    """
    cleaned = []
    for value, origin in candidates:
        value = " ".join(str(value).split())
        if not value or len(value) > 400:
            continue
        stripped = strip_site_name(value, site_name) if origin in ("title", "og:title", "twitter:title", "hint") else value
        cleaned.append((value, stripped, origin))
    if not cleaned:
        return None
    rank = {o: i for i, o in enumerate(ORDER)}
    cleaned.sort(key=lambda c: rank.get(c[2].split(":")[0] if c[2].startswith("hint") else c[2], len(ORDER)))
    keys = [norm(s) for _, s, _ in cleaned]
    for i, (value, stripped, origin) in enumerate(cleaned):
        others = [k for j, k in enumerate(keys) if j != i and cleaned[j][2] != origin]
        if keys[i] and any(k == keys[i] or (k and (k.startswith(keys[i]) or keys[i].startswith(k))) for k in others):
            return (value if origin == "h1" else stripped), origin
    value, stripped, origin = cleaned[0]
    return stripped, origin
