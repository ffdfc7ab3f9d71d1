"""Turn byline strings into a clean list of people.

    >>> split_byline("By Jane Doe, John Roe and Ann Lee")
    ['Jane Doe', 'John Roe', 'Ann Lee']
    >>> split_byline("Picture of Ubaid")
    ['Ubaid']
    >>> split_byline("By Maria Garcia, MS, RDN | Reuters")
    ['Maria Garcia']
    >>> split_byline("Staff Writer")
    []
    >>> split_byline("jane@example.com")
    []
    >>> clean_authors(["Ann Lee", "ann lee", "By ANN LEE", "Daily Planet"], publisher="Daily Planet")
    ['Ann Lee']
"""

from __future__ import annotations

import re
from collections.abc import Iterable

PREFIX = re.compile(
    r"^\s*(?:(?:written|reported|posted|published|text|words|story|photos?|video)\s+)?"
    r"(?:by|von|par|por|de|di|door|av|af|przez|autor(?:in)?:?|author:?|authors:?|"
    r"picture of|photo of|image of|avatar of|profile of)\s+",
    re.I,
)
SEPARATORS = re.compile(r"\s*(?:,|;|\||\s&\s|\s+and\s+|\s+und\s+|\s+et\s+|\s+y\s+|\s+e\s+|\n)\s*")
CREDENTIALS = re.compile(
    r"^(?:M\.?S|R\.?D\.?N?|Ph\.?D|M\.?D|MPH|MBA|RN|Jr|Sr|II|III|IV|CPA|Esq|LD|CDN|CDE|BSc|MSc|MA|BA)\.?$",
    re.I,
)
NOT_A_PERSON = re.compile(
    r"\b(staff|writer|reporter|correspondent|editor|editors|editorial|desk|team|newsroom|"
    r"contributor|contributors|wire|agency|press|associated|reuters|afp|ap|bloomberg|news|"
    r"times|post|herald|tribune|gazette|journal|daily|media|magazine|admin|administrator|"
    r"guest|anonymous|unknown|updated|published|share|follow|email|e-mail|twitter|facebook|"
    r"more|read|view|all|posts|articles|comments?|minutes?|min|hours?|ago|today|yesterday)\b",
    re.I,
)
ROLE_SUFFIX = re.compile(
    r"\s*(?:[-–—,]\s*|\s+)(?:senior|chief|staff|political|business|sports|health|"
    r"science|technology|tech|foreign|special|associate|deputy|managing|executive|"
    r"contributing|national|local|investigative|data)?\s*"
    r"(?:writer|reporter|correspondent|editor|columnist|contributor|journalist|"
    r"producer|analyst)\b.*$",
    re.I,
)
EMAIL = re.compile(r"\S+@\S+\.\w+")
DIGITS = re.compile(r"\d")
MAX_NAME_WORDS = 5


def split_byline(text: str) -> list[str]:
    """The names of people in one byline string."""
    text = EMAIL.sub(" ", " ".join(text.split()))
    text = re.sub(r"\s*[\(\[].*?[\)\]]", "", text)  # "(Reuters)", "[Photo]"
    names = []
    for part in SEPARATORS.split(text):
        part = PREFIX.sub("", part).strip(" .:-–—·•\u00a0")
        part = ROLE_SUFFIX.sub("", part).strip(" .:-–—")
        if part and is_person_name(part):
            names.append(part)
    return names


def is_person_name(name: str) -> bool:
    """A plausible person's name: 1-5 words, letters, no digits, no roles.

    >>> is_person_name("Ann-Marie O'Neil"), is_person_name("Updated 5 min ago")
    (True, False)
    """
    words = name.split()
    if not 1 <= len(words) <= MAX_NAME_WORDS or DIGITS.search(name) or CREDENTIALS.match(name):
        return False
    if NOT_A_PERSON.search(name) or "http" in name or "/" in name:
        return False
    return sum(c.isalpha() for c in name) >= 2


def clean_authors(values: Iterable[str], publisher: str | None = None) -> list[str]:
    """Split, clean and deduplicate author strings, keeping the first spelling
    of each name and dropping the publisher."""
    seen: dict[str, str] = {}
    drop = _key(publisher) if publisher else None
    for value in values:
        for name in split_byline(value):
            if name.isupper() and len(name) > 3:
                name = name.title()
            key = _key(name)
            if key and key != drop and key not in seen:
                seen[key] = name
    return list(seen.values())


def _key(name: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", name.casefold()).split())
