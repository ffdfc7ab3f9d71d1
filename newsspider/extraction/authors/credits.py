"""Credits in a byline that are not a person's name: wire agencies (kept as
authors beside the people they credit), role words in other scripts
("기자", "記者"), weekdays and the place of a dateline ("Ann Lee, Washington").

    >>> is_agency("dpa"), is_agency("Reuters"), is_agency("Daily Planet")
    (True, True, False)
    >>> without_role("신현주 기자"), without_role("山田太郎記者")
    ('신현주', '山田太郎')
    >>> places(["Ines Zöttl", "Washington"]), places(["Ann", "Bo"])
    ({1}, set())
"""

from __future__ import annotations

import re
from collections.abc import Iterable

#: wire and news agencies, by the short name bylines credit them with
AGENCIES = frozenset({
    "dpa", "afp", "ap", "reuters", "ansa", "efe", "apa", "sda", "ats", "kna", "epd", "kap", "anp",
    "belga", "ntb", "tt", "ritzau", "stt", "bta", "mti", "pap", "čtk", "ctk", "tasr", "hina", "sta",
    "lusa", "kyodo", "jiji", "yonhap", "xinhua", "aap", "pti", "ians", "ani", "upi", "pa", "rtr",
    "dapd", "ddp", "dpa-afx", "awp", "keystone-sda", "europa press",
})  # fmt: skip
#: a role word after a name in Korean, Japanese and Chinese bylines ("reporter",
#: "correspondent", "editorial writer")
CJK_ROLE = re.compile(
    r"\s*(?:(?:선임|수석|객원|전문)?기자|특파원|논설위원|기상캐스터|記者|记者|特派員|特派员|編集委員|"
    r"编辑|編輯|撰稿)$"
)
#: the days of the week (en, de, fr, es, it, nl, da/no, sv): a dateline's, no name
WEEKDAYS = re.compile(
    r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)day|montag|dienstag|mittwoch|donnerstag|freitag|"
    r"samstag|sonnabend|sonntag|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|lunes|martes|"
    r"miércoles|jueves|viernes|sábado|domingo|lunedì|martedì|mercoledì|giovedì|venerdì|sabato|"
    r"maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag|mandag|tirsdag|onsdag|torsdag|"
    r"fredag|lørdag|søndag|måndag|tisdag|lördag|söndag\b",
    re.I,
)


#: words standing alone for the newsroom or "agencies", never a person
NEWSROOM = frozenset({"red", "agenturen", "agencies", "agencias", "agences", "agenzie"})


def not_a_name(part: str) -> bool:
    """`part` is a weekday, or a word for the newsroom or the agencies.

    >>> not_a_name("Montag"), not_a_name("Red"), not_a_name("Agencies"), not_a_name("Ann")
    (True, True, True, False)
    """
    return bool(WEEKDAYS.search(part)) or part.casefold().strip(".") in NEWSROOM


def is_agency(name: str) -> bool:
    """`name` is a wire agency's short name ("dpa", "AFP", "APA/AP")."""
    return name.casefold() in AGENCIES or (
        "/" in name and all(p.strip().casefold() in AGENCIES for p in name.split("/"))
    )


def without_role(name: str) -> str:
    """`name` without a role word written after it in Korean, Japanese or Chinese."""
    return CJK_ROLE.sub("", name).strip()


def places(parts: list[str]) -> set[int]:
    """The indexes of `parts` (one byline's names, in order) that name a place:
    a one-word part after a longer one ("Ann Lee, Washington", "planet.de,
    Frankfurt, Germany"), unless it is an agency."""
    found = set()
    longer = False
    for i, part in enumerate(parts):
        if len(part.split()) > 1 or "." in part:
            longer = True
        elif longer and not is_agency(part):
            found.add(i)
    return found


#: a profile's address: "/author/ann-lee", "/autoren/ann_lee/", "/people/ann-lee"
PROFILE = re.compile(
    r"/(?:author|autor|auteur|writer|journalist|people|profile|staff)(?:s|en|es)?/([a-z]{2,}(?:[-_][a-z]{2,})+)/?$",
    re.I,
)
#: lower-case words of a name ("Ann van Lee")
PARTICLES = {"van", "von", "der", "den", "de", "del", "della", "di", "da", "du", "la", "le", "ter"}


def slug_names(values: Iterable[str]) -> list[str]:
    """The people the profile addresses among `values` name, title-cased
    ("/author/john-smith" is John Smith; not "/author/l-horstmann"): a name
    only when the page credits no one else, person or organisation.

    >>> slug_names(["https://x.example/author/john-smith/", "https://x.example/authors/no-author/"])
    ['John Smith']
    >>> slug_names(["https://x.example/author/admin", "Ann Lee"])
    []
    """
    from newsspider.extraction.authors.names import is_person_name

    names = []
    for value in values:
        if (m := PROFILE.search(str(value).strip())) is None:
            continue
        words = re.split(r"[-_]", m.group(1).lower())
        name = " ".join(w if w in PARTICLES and 0 < i < len(words) - 1 else w.capitalize()
                        for i, w in enumerate(words))  # fmt: skip
        if is_person_name(name) and name not in names:
            names.append(name)
    return names
