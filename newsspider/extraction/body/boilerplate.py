"""Remove the boilerplate trafilatura leaves in a body.

Works on paragraphs (one text block each). Rules are generic, for news pages
in general: widget headings and the link lists under them, "also read" and
"read more" promos, share / newsletter / cookie / donation prompts, search
boxes, avatar alt text, photo credits, agency sign-offs, notes on how the
story was made, notes on the author or (in a press release) the company, the
readers' comment thread at the end, a list of headlines ending the body, a
byline at the top, and the headline repeated as the first line (with a section
label above it).

    >>> clean_paragraphs([
    ...     "Rain floods town", "Picture of Ubaid", "Water rose fast in the night and people left home.",
    ...     "In other related news also read Dry spell ends", "Related News", "Dry spell ends",
    ...     "Trending", "Type to Search"], title="Rain floods town")
    ['Water rose fast in the night and people left home.']
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from newsspider.extraction.body.rules import BIO_MAX_WORDS, WIDGET_HEADINGS, is_boilerplate
from newsspider.extraction.titles.choose import norm

#: a note on the author, as articles end: "Ana Ruiz is a senior reporter for …", "Ben's work has appeared in …"
AUTHOR_BIO = re.compile(
    r"^([A-ZÀ-ÖØ-ÞА-Я][\w'’.-]*\s+){1,3}(\([^)]{1,20}\)\s+)?(is|was|has been) (a|an|the|one of|[A-Z]\w+['’]s)\s[^.!?]{0,80}?"
    r"(?i:\b(writer|reporter|editor|journalist|correspondent|columnist|contributor|freelancer|producer|critic|"
    r"redakteur|redakteurin|journalistin|korrespondent|korrespondentin|autorin|periodista|redactora?|journaliste|"
    r"rédacteur|rédactrice)s?\b)|^([A-ZÀ-ÖØ-ÞА-Я][\w'’.-]*\s+){0,2}[A-ZÀ-ÖØ-ÞА-Я][\w.-]*['’]s work has appeared\b|"
    r"^([A-ZÀ-ÖØ-ÞА-Я][\w'’.-]*\s+){2,3}(writes|reports) (about|on)\b|"
    # how to reach the author: "Ana Ruiz can be reached at …", "Reach the reporter on X at …"
    r"(?i:^[^.!?]{0,60}\bcan be reached (at|on|via)\b|^•?\s*reach (him|her|them|the (reporter|author|writer)s?) (at|on|via)\b|"
    r"^(contact|email|e-mail) (the )?(reporter|writer|author|columnist)s?\b)"
)
#: lines at the end of a body checked for a note on the author
BIO_TAIL_LINES = 4
#: what a longer note on the author says: where their work appeared, their books and degrees, their
#: free time, where to follow them ("Her work has appeared in …", "He holds a degree in …")
BIO_SIGNS = re.compile(
    r"\b((work|writing) has (also )?appeared (in|on)|(she|he|they) (is|was|are) the (co-?)?authors? of|"
    r"(holds?|has) (a |an )?(\w+ )?(degrees?|phd|master['’]?s|bachelor['’]?s) (in|from)|"
    r"in (his|her|their) (free|spare) time|(you can )?follow (him|her|them) on)\b",
    re.I,
)
#: a longer note on the author needs this many signs (a note of the short kind counts as one)
BIO_SIGNS_NEEDED = 2
BIO_LONG_WORDS = 200
#: the note on the company that ends a press release: "Acme is a leading global provider of …",
#: and what may follow it: "Acme is headquartered in Oslo, employs about 900 people …"
COMPANY_PROFILE = re.compile(
    r"[A-Z][\w&.,'’\- ]{1,50} (is|are) (a|an|the|one of the) ([\w-]+ ){0,4}(global|leading|world|international|"
    r"worldwide|independent|[\w-]+-based)\b[^.]{0,100}\b(provider|company|supplier|leader|manufacturer|developer|"
    r"organi[sz]ation|firm|group|network|agency)s?\b"
)
COMPANY_SIGNS = re.compile(
    r"\b(headquartered in|employs (around|about|approximately|over|more than|some) [\d,.]+|(is|are) listed on\b|"
    r"(is|are) traded on\b|for more information,? (please )?visit)",
    re.I,
)
#: a byline at the top of the body: "By Ana Ruiz", "posted on by Ben Ode," (a name, no sentence)
TOP_BYLINE = re.compile(
    r"^(?i:((posted|published|written)( on)?\s+)?by|von|di|par|por|door|av|af|przez)\s+[A-ZÀ-ÖØ-Þ@][^.!?:;]{0,60}$"
)
TOP_BYLINE_WORDS = 8
#: a reader's comment: its reply button run into its last line ("… as well.Reply"), or a quote of
#: another comment ("ana_r said:The case …"); this many of them and the body ends in a comment thread
COMMENT_MARK = re.compile(r"(^|[\w.!?)\"'’”]\s?)Reply$|^[\w.-]{2,30} said:\S")
COMMENT_MARKS = 2
#: a heading that starts an appendix to the article, not part of it: a transcript, the
#: site's standards and terms ("Full transcript", "Read the transcript", "Our standards")
APPENDIX = re.compile(
    r"^\W*((the |a )?(full|complete|edited|read the( full)?|vollständige|komplette)\s+)?(transcript|transcription|"
    r"transkript|mitschrift|wortlaut|transcripción|trascrizione|transcrição)\b[^.!?]{0,60}$|"
    r"^\W*(our|editorial|journalistic|unsere) (standards|principles|policies|ethics|grundsätze)\b[^.!?]{0,30}$|"
    r"^\W*(terms( of (use|service))?|terms (and|&) conditions|privacy policy|nutzungsbedingungen|"
    r"datenschutz(erklärung)?|conditions (générales|d'utilisation)|términos y condiciones|política de privacidad)\W*$",
    re.I,
)
APPENDIX_WORDS = 10
#: lines of the article at least before an appendix
APPENDIX_AFTER = 2
#: lines before the first comment mark searched for the separator where its comment begins
COMMENT_LINES = 8
CONTROL = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]"
)
SHORT_WORDS = 12
#: the most words a kicker before the headline has ("Exclusive", "Breaking news")
KICKER_WORDS = 2
#: a list of at least this many headlines ends the body: links to other articles
#: (items of this many words or more, this share of them capitalised)
TEASER_ITEMS = 2
TEASER_MIN_WORDS = 4
TEASER_CAPITALS = 0.6
#: lines of a section label or kicker above the headline, and their most words ("Politics", "Arts · Books")
KICKER_LINES = 2
KICKER_LINE_WORDS = 4
#: a headline shorter than this (a name, a place) is no sign that a line ending in it is the headline
MIN_HEADLINE_WORDS = 4


def clean_text(text: str) -> str:
    """NFC, control and invisible characters removed, spaces collapsed.

    >>> clean_text("A\\u200b title\\x07  here ")
    'A title here'
    """
    text = unicodedata.normalize("NFC", CONTROL.sub("", text))
    return " ".join(text.split())


def clean_paragraphs(paragraphs: list[str], title: str | Sequence[str] | None = None) -> list[str]:
    """The paragraphs that are article text. Decisions are taken line by line
    (a block may hold several lines); a block keeps the lines that survive.
    `title` is the headline, or several spellings of it, dropped from the top.

    >>> clean_paragraphs(["Roses are red,\\nShare this", "Trending", "Top ten"])
    ['Roses are red,']
    >>> clean_paragraphs(["Rain floods town", "12.03.2024, 09:00", "Rain floods old town", "Water rose."],
    ...                  ["Rain floods town", "Rain floods old town"])
    ['Water rose.']
    """
    keys = [norm(t) for t in ([title] if isinstance(title, str) else title or ()) if t]
    lines = [(i, clean_text(line)) for i, p in enumerate(paragraphs) for line in p.split("\n")]
    lines = drop_headline([(i, line) for i, line in lines if line], keys)
    lines = lines[: comment_start(lines)]
    lines = lines[: appendix_start(lines)]
    kept: list[tuple[int, str]] = []
    in_widget = False
    for i, line in lines:
        head = line.strip("#-| ")  # a heading, or a one-cell table row
        if "|" not in head and WIDGET_HEADINGS.match(head):
            in_widget = True  # drop the heading and the link list under it
            continue
        if in_widget and len(line.split()) <= SHORT_WORDS and not line.endswith((".", "?", "!")):
            continue
        in_widget = False
        if not kept and len(line.split()) <= TOP_BYLINE_WORDS and TOP_BYLINE.match(line):
            continue  # a byline above the text
        if not is_boilerplate(line.lstrip("- ")):
            kept.append((i, line))
    kept = kept[: teaser_list_start(kept)]
    blocks: dict[int, list[str]] = {}
    for i, line in drop_headline(kept, keys):  # a headline under a kicker or a date just dropped
        blocks.setdefault(i, []).append(line)
    drop_author_notes(blocks)
    drop_company_profile(blocks)
    return ["\n".join(block) for block in blocks.values() if block]


def teaser_list_start(lines: list[tuple[int, str]]) -> int | None:
    """Where a list of headlines at the end of the body begins: links to other
    articles, left without their widget heading (None if the body ends otherwise).
    A list the text announces (the line before it ends in a colon) is text.

    >>> teaser_list_start([(0, "The lake froze early."), (1, "- Ten Best Winter Walks"), (2, "- Why Frozen Lakes Crack")])
    1
    >>> teaser_list_start([(0, "You will need:"), (1, "- Two Big Pans"), (2, "- Fresh Eggs")]) is None
    True
    """
    start = len(lines)
    while start and is_teaser_item(lines[start - 1][1]):
        start -= 1
    if len(lines) - start < TEASER_ITEMS or not start or lines[start - 1][1].endswith(":"):
        return None
    return start


def is_teaser_item(line: str) -> bool:
    """A list item that reads like a headline: a few words, most capitalised, no sentence end.

    >>> is_teaser_item("- 12 Strange Facts About the Moon"), is_teaser_item("- Stir in the flour and salt.")
    (True, False)
    """
    if not line.startswith("- "):
        return False
    words = line[2:].split()
    capitals = sum(w[0].isupper() or w[0].isdigit() for w in words)
    return (
        TEASER_MIN_WORDS <= len(words) <= SHORT_WORDS + 3
        and not line.endswith((".", "!", ":", ";", ","))
        and capitals >= TEASER_CAPITALS * len(words)
    )


def drop_headline(lines: list[tuple[int, str]], keys: list[str]) -> list[tuple[int, str]]:
    """`lines` without the headline (any of the comparison `keys`) at their top,
    nor the section label or kicker lines just above it ("Politics", "Arts · Books").

    >>> drop_headline([(0, "World"), (1, "Rain floods the old town"), (2, "Water rose.")],
    ...               [norm("Rain floods the old town")])
    [(2, 'Water rose.')]
    """
    start = 0
    while start < len(lines) and any(is_headline(lines[start][1], key) for key in keys):
        start += 1
    for above in range(1, KICKER_LINES + 1):
        if start or above >= len(lines) or not is_kicker_line(lines[above - 1][1]):
            break
        if any(is_headline(lines[above][1], key) for key in keys):
            return drop_headline(lines[above:], keys)
    return lines[start:]


def is_kicker_line(line: str) -> bool:
    """A short label on a line of its own (a section name, a kicker), not a
    sentence, nor a fragment (a dateline cut short: "Posted on") ending in a
    word in lower case.

    >>> is_kicker_line("Arts · Books"), is_kicker_line("Posted on"), is_kicker_line("It rained.")
    (True, False, False)
    """
    words = line.split()
    return (
        0 < len(words) <= KICKER_LINE_WORDS
        and not line.rstrip().endswith((".", "!", "?", ":"))
        and not words[-1].islower()
    )


def appendix_start(lines: list[tuple[int, str]]) -> int | None:
    """Where an appendix after the article begins: a heading announcing a
    transcript of the speech or interview, or the site's standards, terms or
    policies (None if there is none, or nothing of the article before it).

    >>> appendix_start([(0, "The governor spoke."), (1, "It rained."), (2, "Full transcript"), (3, "Thank you.")])
    2
    >>> appendix_start([(0, "Transcript"), (1, "Thank you.")]) is None
    True
    """
    for n, (_, line) in enumerate(lines):
        if n >= APPENDIX_AFTER and len(line.split()) <= APPENDIX_WORDS and APPENDIX.match(line):
            return n
    return None


def comment_start(lines: list[tuple[int, str]]) -> int | None:
    """Where the comment thread at the end of the body begins (None: no thread,
    or nothing but the thread: a page of posts is left whole).

    >>> comment_start([(0, "Rain fell."), (1, "-"), (2, "So wet. Reply"), (3, "-"), (4, "Ana said:So wet.")])
    1
    """
    marks = [n for n, (_, line) in enumerate(lines) if is_comment_mark(line)]
    if len(marks) < COMMENT_MARKS:
        return None
    start = marks[0]
    for n in range(start - 1, max(start - COMMENT_LINES, 0) - 1, -1):
        if not any(c.isalnum() for c in lines[n][1]):  # a separator between comments
            start = n
            break
    return start or None


def is_comment_mark(line: str) -> bool:
    """Whether `line` ends a reader's comment or quotes one.

    >>> is_comment_mark("Nice case, shame about the fans.Reply"), is_comment_mark("ana_r said:Nice case.")
    (True, True)
    >>> is_comment_mark("She said: the reply came late.")
    False
    """
    return (line.endswith("Reply") or " said:" in line[:40]) and bool(COMMENT_MARK.search(line))


def is_headline(line: str, key: str) -> bool:
    """Whether `line` is the headline (comparison key `key`), alone or after a
    short kicker: "Exclusive", "Breaking news", "Analysis".

    >>> is_headline("EXCLUSIVE Rain floods old town", norm("Rain floods old town"))
    True
    >>> is_headline("Heavy rain overnight: Rain floods town", norm("Rain floods town"))
    False
    >>> is_headline("Hotel Seeblick Lindau", norm("Lindau"))
    False
    """
    text = norm(line)
    if text == key:
        return True
    kicker = text[: -len(key)].split()
    return (
        len(key.split()) >= MIN_HEADLINE_WORDS
        and text.endswith(" " + key)
        and len(kicker) <= KICKER_WORDS
    )


def is_author_note(line: str) -> bool:
    """A short note on who wrote the article.

    >>> is_author_note("Ana Ruiz is a senior reporter for the Daily Courier, covering courts.")
    True
    >>> is_author_note("The mayor is a former reporter who covered the council for years.")
    False
    >>> is_author_note("Ben writes on rockets. His work has appeared in Sky Weekly. He holds a degree in physics.")
    True
    """
    words = len(line.split())
    if words > BIO_LONG_WORDS:
        return False
    bio = bool(AUTHOR_BIO.match(line))
    if bio and words <= BIO_MAX_WORDS:
        return True
    return bio + len(BIO_SIGNS.findall(line)) >= BIO_SIGNS_NEEDED


def drop_author_notes(kept: dict[int, list[str]]) -> None:
    """Remove notes on the author among the last lines of the body, in place."""
    tail = _last_lines(kept)
    for i, j in tail:  # last lines first, so the indexes stay valid
        if is_author_note(kept[i][j]):
            del kept[i][j]


def _last_lines(kept: dict[int, list[str]]) -> list[tuple[int, int]]:
    """(block, line) of the body's last `BIO_TAIL_LINES` lines, the last first."""
    return [(i, j) for i in reversed(kept) for j in reversed(range(len(kept[i])))][:BIO_TAIL_LINES]


def drop_company_profile(kept: dict[int, list[str]]) -> None:
    """Remove the note on the company that ends a press release ("Acme is a leading
    provider of …", "Acme is headquartered in …") among the last lines of the body, in place.

    >>> body = {0: ["Acme will open a plant in May."], 1: ["Acme is a leading global provider of pumps."],
    ...         2: ["Acme is headquartered in Oslo and employs about 900 people."]}
    >>> drop_company_profile(body); body
    {0: ['Acme will open a plant in May.'], 1: [], 2: []}
    """
    tail = _last_lines(kept)
    for n, (i, j) in enumerate(tail):
        if COMPANY_PROFILE.match(kept[i][j]) and all(
            COMPANY_SIGNS.search(kept[a][b]) for a, b in tail[:n]
        ):
            for a, b in tail[: n + 1]:  # last lines first, so the indexes stay valid
                del kept[a][b]
            return
