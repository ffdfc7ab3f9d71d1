"""Remove the boilerplate trafilatura leaves in a body.

Works on paragraphs (one text block each). Rules are generic, for news pages
in general: widget headings and the link lists under them, "also read" and
"read more" promos, share / newsletter / cookie prompts, search boxes, avatar
alt text, photo credits, and the headline repeated as the first line.

    >>> clean_paragraphs([
    ...     "Rain floods town", "Picture of Ubaid", "Water rose fast in the night and people left home.",
    ...     "In other related news also read Dry spell ends", "Related News", "Dry spell ends",
    ...     "Trending", "Type to Search"], title="Rain floods town")
    ['Water rose fast in the night and people left home.']
"""

from __future__ import annotations

import re
import unicodedata

from newsspider.extraction.titles import norm

WIDGET_HEADINGS = re.compile(
    r"^(related( news| stories| articles| posts| content| coverage| topics)?|trending( now| news| stories)?|"
    r"recent( news| posts| stories| articles)?|latest( news| stories| articles| posts)?|"
    r"(most )?(popular|read|viewed|shared)( news| stories| articles| now| today)?|top stories|"
    r"more (news|stories|from \S.*)|you (may|might) also like|recommended( for you| stories)?|"
    r"read (more|next|also)|also read|see also|editor'?s picks|don'?t miss|more on this( story)?|"
    r"tags?|topics|categories|share( this( article| story| post)?)?|follow us|comments?|"
    r"advertisement|sponsored( content)?|newsletter|sign up|subscribe)\s*:?$",
    re.I,
)
PROMO = re.compile(
    r"^(in other (related )?news,? )?(also read|read also|read more|read next|see also|related|more|"
    r"watch|listen|click here|recommended|must read|don'?t miss)\b\s*[:\-–—]?",
    re.I,
)
PROMPT = re.compile(
    r"\b(sign up (for|to)|subscribe (to|for|now)|newsletter|share (this|on)|follow us|"
    r"(we|this (site|website)) uses? cookies|accept (all )?cookies|cookie (policy|settings|consent)|"
    r"type to search|search for:|enable javascript|your browser|download (our|the) app|"
    r"all rights reserved|copyright ©|©\s*\d{4}|click to share|opens in (a )?new window)\b",
    re.I,
)
AVATAR = re.compile(r"^(picture|photo|image|avatar|profile( picture| photo)?) of\b", re.I)
CREDIT = re.compile(
    r"^(\(?(photo|image|picture|video|graphic|illustration)s?( credit)?|credit|source|caption)"
    r"\s*[:/]\s*\S.{0,120}$|[(\[](photo|image|credit)s?\s*:[^)\]]{0,80}[)\]]$",
    re.I,
)
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
SHORT_WORDS = 12


def clean_text(text: str) -> str:
    """NFC, control and invisible characters removed, spaces collapsed.

    >>> clean_text("A\\u200b title\\x07  here ")
    'A title here'
    """
    text = unicodedata.normalize("NFC", CONTROL.sub("", text))
    return " ".join(text.split())


def is_boilerplate(line: str) -> bool:
    """One short block that is a prompt, a promo, a credit or a widget heading."""
    words = len(line.split())
    if WIDGET_HEADINGS.match(line) or AVATAR.match(line):
        return True
    if words <= 40 and (PROMPT.search(line) or CREDIT.search(line)):
        return True
    return words <= 25 and bool(PROMO.match(line)) and not line.endswith((".", "?", "!", "”", '"'))


def clean_paragraphs(paragraphs: list[str], title: str | None = None) -> list[str]:
    """The paragraphs that are article text."""
    lines = [clean_text(p) for p in paragraphs]
    lines = [p for p in lines if p]
    if title:
        key = norm(title)
        while lines and norm(lines[0]) == key:
            lines.pop(0)
    kept: list[str] = []
    in_widget = False
    for line in lines:
        if WIDGET_HEADINGS.match(line.lstrip("#- ")):
            in_widget = True  # drop the heading and the link list under it
            continue
        if in_widget and len(line.split()) <= SHORT_WORDS and not line.endswith((".", "?", "!")):
            continue
        in_widget = False
        if not is_boilerplate(line.lstrip("- ")):
            kept.append(line)
    return kept
