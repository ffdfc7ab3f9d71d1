"""Turn byline strings into a clean list of people.

    >>> split_byline("By Jane Doe, John Roe and Ann Lee")
    ['Jane Doe', 'John Roe', 'Ann Lee']
    >>> split_byline("Picture of Ubaid")
    ['Ubaid']
    >>> split_byline("By Maria Garcia, MS, RDN | Reuters")
    ['Maria Garcia', 'Reuters']
    >>> split_byline("Staff Writer")
    []
    >>> split_byline("Von Ann Lee und Bo Chan, dpa"), split_byline("Ann Lee og Bo Chan")
    (['Ann Lee', 'Bo Chan', 'dpa'], ['Ann Lee', 'Bo Chan'])
    >>> split_byline("Von Ann Lee, Frankfurt, Montag"), split_byline("Ann Lee/AFP")
    (['Ann Lee'], ['Ann Lee', 'AFP'])
    >>> split_byline("jane@example.com")
    []
    >>> clean_authors(["Ann Lee", "ann lee", "By ANN LEE", "Daily Planet"], publisher="Daily Planet")
    ['Ann Lee']

When no person is credited anywhere, an organisation credited as the author
(a wire service, the newsroom, a press office) is accepted:

    >>> split_byline("By The Associated Press"), split_byline("By The Associated Press", people=False)
    ([], ['The Associated Press'])
"""

from __future__ import annotations

import html
import re
from collections.abc import Collection, Iterable

from newsspider.extraction import labels
from newsspider.extraction.authors.credits import is_agency, not_a_name, places, without_role
from newsspider.extraction.text import INVISIBLE, text_key

_BY = labels.either((*labels.BY_ANY, *labels.AUTHOR, *labels.AUTHOR_MORE))
PREFIX = re.compile(
    r"^\s*(?:"
    r"(?:view|see|show|zeige|read)\s+(?:alle?|more)\s+(?:posts|articles|stories|beiträge|artikel)\s+(?:by|von|from)"
    r"|(?:alle?|more)\s+(?:posts|articles|stories|beiträge|artikel)\s+(?:by|von|from)"
    r"|(?:zum\s+)?profil\s+von|(?:ein\s+|blog\s*)?(?:beitrag|artikel|text)\s*von|(?:eine\s+)?kolumne\s+von"
    r"|(?:veröffentlicht|geschrieben|erstellt|verfasst)\s+von|publié\s+par|publicado\s+por|escrito\s+por"
    r"|(?:pubblicato|scritto)\s+da|(?:written|reported|posted|published|compiled|edited|text|words|story"
    r"|photos?|video|interview|review|news|contributions?)\s+(?:by|from)"
    r"|(?:interview|text|autor(?:in)?|author|auteur|redaktion)\s*:|interview(?=\s)|©"
    r"|" + _BY + r"\s*:|" + _BY + r"(?=\s|$)"
    r"|picture of|photo of|image of|avatar of|profile of|~"
    r")\s*",
    re.I,
)
#: "ByAnn Lee", "AuthorAnn Lee": a prefix glued to the name by missing markup spaces
GLUED_PREFIX = re.compile(
    r"^(?:By|BY|Von|VON|Author|AUTHOR|Autor|Beitragvon|Por|Par)(?=[A-ZÀ-Þ][a-zà-ÿ])"
)
#: (an interview's credit, "Ann Lee im Gespräch mit Bo Chan", names both people)
SEPARATORS = re.compile(
    r"\s*(?:,|;|\||\n|\s[-–—]\s|\s(?i:im\s+gespräch\s+mit|in\s+conversation\s+with)\s)\s*"
    r"|\s*(?=\s&\s|\s+(?:and|und|et|y|e|og|och|en|ja)\s+)"
)
#: "og" (da/no), "och" (sv), "en" (nl), "ja" (fi) are also words of a phrase
#: ("Hecho en Bolivia con Drupal"): they join names only in a byline of names
NORDIC_AND = re.compile(r"\s(?:og|och|en|ja)\s")
PHRASE_SEPARATORS = re.compile(SEPARATORS.pattern.replace("|og|och|en|ja", ""))
#: a part joined to the previous one by "and": "Institute of Allergy and Infectious
#: Diseases" is one name, the second half no person's
CONJUNCTION = re.compile(r"^\s*(?:&|and|und|et|y|e|og|och|en|ja)\s+", re.I)
CREDENTIAL = (
    r"(?:M\.?S|R\.?D\.?N?|Ph\.?D|M\.?D|MPH|MBA|RN|CPA|Esq|LD|CDN|CDE|BSc|MSc|MA|BA|"
    r"CSCS|CPT|NASM|ACE|RDN|LDN|FACC|FACP|DO|DDS|PharmD|MSW|LCSW|CFP|CFA)\.?"
)
CREDENTIALS = re.compile(r"^(?:" + CREDENTIAL + r"|Jr|Sr|II|III|IV)$", re.I)
TRAILING_CREDENTIALS = re.compile(r"(?:,?\s+" + CREDENTIAL + r")+$")
#: words that never belong to a credited name: page furniture, dates, roles alone
JUNK = re.compile(
    r"\b(writer|reporter|correspondent|editor|editors|contributor|contributors|columnist|"
    r"anonymous|unknown|updated|published|share|follow|email|e-mail|twitter|facebook|instagram|"
    r"linkedin|more|read|view|all|posts|articles|comments?|minutes?|min|hours?|ago|today|"
    r"yesterday|weiter|weitere|archiv|anzeigen|profil|profile|sponsored|gesponserte?|inhalte|"
    r"name|datum|date|hire|jobs|human|admin|administrator|wordpressadmin|login|menu|search|suche|"
    r"home|kontakt|contact|impressum|newsletter|subscribe|abonnieren|advertisement|anzeige|"
    r"werbung|no author|guest|link copied|officer|director|president|founder|ceo|cto|manager|head|"
    r"posted|veröffentlicht|aktualisiert|text|texte|photos?|fotos?|vor|says|sagt|geschlossen|eingetragen|rechte|vorbehalten|rights|reserved|edition|edited)\b",
    re.I,
)
#: words of organisations: accepted only when no person is credited
ORG_WORDS = re.compile(
    r"\b(staff|desk|team|newsroom|wire|agency|press|associated|reuters|afp|ap|dpa|apa|bloomberg|"
    r"news|times|post|herald|tribune|gazette|journal|daily|media|magazine|editorial|redaktion|"
    r"presse|foundation|stiftung|institute|institut|university|universität|school|verband|bund|"
    r"ag|gmbh|inc|ltd|llc|verlag|zeitung|online|report|service|services|agencies|wires)\b|^the\s",
    re.I,
)
ROLE_WORDS = (
    r"senior|chief|staff|political|politics|business|sports?|health|science|technology|tech|foreign|"
    r"special|associate|assistant|deputy|managing|executive|contributing|national|local|"
    r"investigative|data|features?|showbiz|tv|&|entertainment|lifestyle|travel|food|opinion|"
    r"weather|digital|social|media|news|breaking|general|freelance|guest|content|copy|web|online|"
    r"video|photo|audio|economics?|finance|culture|arts|music|film|books|world|global|regional|"
    r"metro|city|state|education|climate|environment|energy|legal|crime|court|commerce|shopping|"
    r"deals|games|gaming|audience|engagement|homepage|night|weekend|and|of"
)
ROLE_NOUNS = (
    r"writer|reporter|correspondent|editor|columnist|contributor|journalist|producer|analyst|"
    r"intern|critic|photographer|redakteur(?:in)?|korrespondent(?:in)?|autor(?:in)?"
)
ROLE_PHRASE = r"(?:(?:" + ROLE_WORDS + r")\s+)*(?:" + ROLE_NOUNS + r")s?\b"
ROLE_SUFFIX = re.compile(r"(?:^|\s*[-–—,]\s*|\s+|(?<=[a-z]))" + ROLE_PHRASE + r".*$", re.I)
#: a capitalised role inside a byline, "Ann LeeShowbiz & TV Reporter", "Ann Lee Reporter Bo
#: Chan Editor": where one name ends
ROLE_BREAK = re.compile(
    r"(?:(?<=[a-z])(?=(?-i:[A-Z]))" + ROLE_PHRASE + r"|\s+(?=(?-i:[A-Z]))" + ROLE_PHRASE
    + r"(?=\s+(?-i:[A-Z])))",
    re.I,
)  # fmt: skip
#: "and Bo Chan" left over when "A, B, and C" is split at the commas
LEADING_CONJUNCTION = re.compile(r"^(?:and|und|et|y|e|og|och|en|ja|&)\s+", re.I)
#: "… for The Mail on Sunday", "… from University of X", "… The Associated Press"
AFFILIATION = re.compile(r"\s+(?:(?:for|from|at)\s+(?:[Tt]he\s+)?|[Tt]he\s+)[A-Z].*$")
TRAILING_NOISE = re.compile(
    r"(?:\s+@\w+|\s+(?:says|said|shares|wrote|writes|sagt|schreibt|stand|alle artikel|all articles|"
    r"link copied|more|mehr)\s*:?)+$",
    re.I,
)
#: "Ann Lee/dpa", "Ann Lee / AP": the agency after a full name
AGENCY_TAIL = re.compile(r"(?:\s+/\s+|(?<!\s)/)[\w-]{1,6}$")
#: "… on December 21, 2023", "… am Samstag, 19. Oktober": the date after the names
DATE_TAIL = re.compile(r"\s+(?-i:on|am|um|at)\s+\S.*$")
#: "… Illustration von Bo Chan", "… Photos by Bo Chan": who made the pictures is no author
CREDIT_TAIL = re.compile(
    r"\s+(?:illustrations?|fotos?|photos?|photography|bilder|grafiken?|video)\s*(?:von|by|:)\s.*$",
    re.I,
)
#: lower-case words that belong to a name ("Ursula von der Leyen", "Vincent van Gogh")
PARTICLES = {
    "von", "vom", "zu", "van", "der", "den", "de", "del", "della", "di", "da", "dos", "das",
    "du", "des", "la", "le", "ten", "ter", "bin", "ibn", "al", "el", "y", "e", "st",
}  # fmt: skip
EMAIL = re.compile(r"\S+@\S+\.\w+")
URL = re.compile(r"(?:https?://|www\.)\S+", re.I)
DIGITS = re.compile(r"\d")
#: one word of letters then digits: a user name ("rainfan1987"), not a date
USER_NAME = re.compile(r"^[^\W\d_]{2,}[\w.-]*\d$")
ACRONYM = re.compile(r"^[A-Z]{1,5}$")
#: a domain name in a byline is a site ("planet.de", "Planet.com"), not a person
DOMAIN = re.compile(r"\w\.(?:com|net|org|info|de|at|ch|fr|it|es|nl|be|eu|uk|us|io)\b", re.I)
#: a site name that is a domain: "planet.de", "https://www.planet.co.uk/" (its name part)
DOMAIN_NAME = re.compile(
    r"^(?:https?://)?(?:www\d?\.)?([\w-]+)(?:\.(?:co|com|org|net|gov|ac))?\.[a-z]{2,6}/?$", re.I
)
#: a domain as trafilatura writes it out ("planet.de" -> "Planet De", "Www Planet Com"): a site
SPELLED_DOMAIN = re.compile(r"^www\s|\s(?:com|net|org|info|de|at|ch|it|fr|es|nl|eu|io)$", re.I)
WWW = re.compile(r"^(?:https?://)?(?:www\d?\.)?|/$", re.I)
SITE_NAME_PIECES = re.compile(r"\s+[|–—•·:-]\s+")
#: shorter site names ("AP", "BR") are too easily a person's initials
MIN_PUBLISHER_LETTERS = 4
MAX_NAME_WORDS = 5
MAX_ORG_WORDS = 6


#: A byline longer than this is not a byline (and the e-mail pattern is
#: quadratic on a long run without spaces).
MAX_BYLINE_CHARS = 500


def split_byline(text: str, people: bool = True) -> list[str]:
    """The names in one byline string: people only, or (``people=False``)
    organisations credited as the author too."""
    text = html.unescape(" ".join(str(text)[:MAX_BYLINE_CHARS].split()))
    text = INVISIBLE.sub("", text)  # "Mat\u00adthi\u00adas": soft hyphens break no name
    text = URL.sub(" ", EMAIL.sub(" ", text))
    text = re.sub(r"\s*[\(\[].*?(?:[\)\]]|$)", "", text)  # "(Reuters)", "[Photo]"
    text = CREDIT_TAIL.sub("", DATE_TAIL.sub("", text))
    text = ROLE_BREAK.sub(", ", text)
    names, agencies, parts = [], [], []
    phrase = False  # the previous part was a phrase ("Institute of Allergy") and no name
    for raw in _parts(text):
        joined = CONJUNCTION.match(raw)  # "… and Infectious Diseases" goes on that phrase
        if (tail := AGENCY_TAIL.search(raw)) and is_agency(tail.group().strip(" /")):
            agencies.append(tail.group().strip(" /"))  # "Ann Lee/dpa": the agency too
        part = clean_name(raw)
        if not part or (phrase and joined) or not_a_name(part):
            continue
        parts.append(part)
        if people and is_agency(part):
            agencies.append(part)
        elif is_person_name(part) if people else is_credit_name(part):
            names.append(part)
        phrase = _phrase_case(part) and part not in names
    names = [n for i, n in enumerate(parts) if n in names and i not in places(parts)]
    return names + [a for a in agencies if a not in names] if names else names


def _parts(text: str) -> list[str]:
    """The pieces of a byline, split at commas, bars and the word "and" in
    any of its languages (`NORDIC_AND` only between names).

    >>> _parts("Ann Lee og Bo Chan"), _parts("Hecho en Bolivia con Drupal")
    (['Ann Lee', ' og Bo Chan'], ['Hecho en Bolivia con Drupal'])
    """
    parts = SEPARATORS.split(text)
    if NORDIC_AND.search(text) and _phrase_case(NORDIC_AND.sub(" ", PREFIX.sub("", text))):
        parts = PHRASE_SEPARATORS.split(text)
    return parts


def clean_name(part: str) -> str:
    """One byline piece without its "By", role, credentials and trailing noise.

    >>> clean_name("Written by Ike Allen Assistant Editor")
    'Ike Allen'
    >>> clean_name("Ayeesha WalshShowbiz & TV Reporter")
    'Ayeesha Walsh'
    >>> clean_name("View all posts by Will Macmaster")
    'Will Macmaster'
    >>> clean_name("Lauren Manaker MS")
    'Lauren Manaker'
    >>> clean_name("Glen Owen for the Mail on Sunday")
    'Glen Owen'
    >>> clean_name("Senior Education Reporter"), clean_name("and Bo Chan")
    ('', 'Bo Chan')
    >>> clean_name("Planet Staff Writer")
    ''
    """
    part = LEADING_CONJUNCTION.sub("", part.strip(" .:-–—·•\u00a0"))
    for _ in range(2):
        part = GLUED_PREFIX.sub("", PREFIX.sub("", part)).strip(" .:-–—·•»")
    if (without := ROLE_SUFFIX.sub("", part).strip(" .:-–—,")) != part and len(
        without.split()
    ) == 1:
        return ""  # "Planet Staff Writer", "Metro Reporter": a desk, not a name
    part = without
    part = TRAILING_CREDENTIALS.sub("", part)
    part = AFFILIATION.sub("", part)
    part = TRAILING_NOISE.sub("", part).strip(" .:-–—,»→←«")
    if len((person := AGENCY_TAIL.sub("", part)).split()) >= 2:
        part = person
    return without_role(_undouble(part))


def _undouble(name: str) -> str:
    """ "Ann Lee Ann Lee" (a name and its link text) once.

    >>> _undouble("Ann Lee Ann Lee"), _undouble("Ann Ann Lee")
    ('Ann Lee', 'Ann Ann Lee')
    """
    words = name.split()
    half = len(words) // 2
    if len(words) % 2 == 0 and half and words[:half] == words[half:]:
        return " ".join(words[:half])
    return name


def is_person_name(name: str) -> bool:
    """A plausible person's name: 1-5 words, letters, no digits, no roles,
    not an organisation.

    >>> is_person_name("Ann-Marie O'Neil"), is_person_name("Updated 5 min ago")
    (True, False)
    >>> is_person_name("NBC News"), is_person_name("WBEZ"), is_person_name("planet.de")
    (False, False, False)
    """
    if not is_credit_name(name, MAX_NAME_WORDS) or _phrase_case(name) or DOMAIN.search(name):
        return False
    return not (ORG_WORDS.search(name) or ACRONYM.match(name))


def _phrase_case(name: str) -> bool:
    """Words cased as in a phrase, not a name: a lower-case word that is no
    particle among capitalised ones ("Regen mit Folgen"), or several words
    all in lower case ("lo mismo"); one lower-case word is a user name.

    >>> _phrase_case("Ursula von der Leyen"), _phrase_case("Rain in Spain")
    (False, True)
    >>> _phrase_case("happyface313"), _phrase_case("por lo mismo")
    (False, True)
    """
    words = name.split()
    if not any(w[:1].isupper() for w in words):
        return len(words) > 1
    return any(w[:1].islower() and w.lower() not in PARTICLES for w in words)


def is_credit_name(name: str, max_words: int = MAX_ORG_WORDS) -> bool:
    """A plausible credited name, person or organisation: no digits (but in
    a user name), no page furniture, no link.

    >>> is_credit_name("Associated Press"), is_credit_name("Share this article")
    (True, False)
    >>> is_credit_name("rainfan1987"), is_credit_name("May 2024"), is_credit_name("5min")
    (True, False, False)
    """
    words = name.split()
    if not 1 <= len(words) <= max_words or CREDENTIALS.match(name):
        return False
    if DIGITS.search(name) and not USER_NAME.match(name):
        return False
    if JUNK.search(name) or "http" in name or "/" in name or "@" in name:
        return False
    if DOMAIN.search(name) or SPELLED_DOMAIN.search(name):  # the site credited as its own author
        return False
    return sum(c.isalpha() for c in name) >= 2


def clean_authors(
    values: Iterable[str],
    publisher: str | None = None,
    people: bool = True,
    publishers: Collection[str] = (),
) -> list[str]:
    """Split, clean and deduplicate author strings, keeping the first spelling
    of each name; people only (dropping the publisher), or organisations too.
    A name that is one of the site's names (`publishers`, as
    `publisher_keys` gives them) is the publisher, not a person (a blog
    named after its author credits no one else, and so keeps it with
    ``people=False``).

    >>> clean_authors(["Digitalcourage", "Ann Lee"], publishers=publisher_keys(["digitalcourage.de"]))
    ['Ann Lee']
    >>> clean_authors(["Ann Lee, MDR THÜRINGEN"], publisher="MDR")
    ['Ann Lee']
    >>> clean_authors(["Ann Lee", "dpa"]), clean_authors(["dpa"])
    (['Ann Lee', 'dpa'], [])
    """
    seen: dict[str, str] = {}
    drop = text_key(publisher) if publisher and people else None
    values = list(values)
    for value in values:
        names = split_byline(value, people=people)
        if people and not names and is_agency(agency := clean_name(str(value))):
            names = [agency] if any(split_byline(v) for v in values if v is not value) else []
        for name in names:
            if name.isupper() and len(name) > 5:
                name = name.title()
            key = text_key(name)
            if (
                key
                and key != drop
                and not (drop and key.startswith(drop + " "))  # "CBC Arts": the publisher's desk
                and key not in seen
                and not (people and text_key(name, joined=True) in publishers)
            ):
                seen[key] = name
    return list(seen.values())


def publisher_keys(site_names: Iterable[str]) -> set[str]:
    """Comparison keys (letters only) of the names a site goes by: each name,
    each piece of it ("Rain | Daily Planet"), a domain's name ("planet.de").

    >>> sorted(publisher_keys(["Rain falls | The Daily-Planet", "https://www.planet.co.uk/"]))
    ['planet', 'planetcouk', 'rainfalls', 'thedailyplanet']
    """
    keys = set()
    for name in site_names:
        name = str(name).strip()
        if domain := DOMAIN_NAME.match(name):  # "dailyplan.et" goes by "Dailyplanet" too
            keys.update(
                (text_key(domain.group(1), joined=True), text_key(WWW.sub("", name), joined=True))
            )
            continue
        for piece in SITE_NAME_PIECES.split(name):
            if len(key := text_key(piece, joined=True)) >= MIN_PUBLISHER_LETTERS:
                keys.add(key)
    return keys


#: a user name standing for a person: one lower-case word, or words joined by "." "_" "-"
HANDLE = re.compile(r"^[a-z\d]+(?:[._-][a-z\d]+)*$")


def shown_spelling(name: str, names: Iterable[str]) -> str:
    """The name as the page shows it when `name` is a user name of the same
    letters ("ann_lee", "annlee" for "Ann Lée"); `name` otherwise.

    >>> shown_spelling("ann_lee", ["Bo Chan", "Ann Lée"]), shown_spelling("Ann", ["Ann Lee"])
    ('Ann Lée', 'Ann')
    """
    if not HANDLE.match(name):
        return name
    key = text_key(name, joined=True, accents=False)
    return next(
        (n for n in names if " " in n and text_key(n, joined=True, accents=False) == key), name
    )


def name_key(name: str) -> str:
    """Comparison key of a name: case, accents of punctuation and spacing folded.

    >>> name_key("Chris E. Hayner") == name_key("chris e hayner")
    True
    """
    return text_key(name)
