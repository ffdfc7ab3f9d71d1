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
    r"advertisement|sponsored( content)?|newsletter|sign up|subscribe|"
    # other languages: related and most-read lists, contact and info boxes, sharing and rating
    r"(notas|noticias|artículos) relacionad[oa]s|contenido relacionado|más noticias|últimas noticias|"
    r"lo más (leído|visto)|te puede interesar|le puede interesar|leia também|veja também|"
    r"articles similaires|sur le même sujet|(à )?lire aussi|ähnliche artikel|verwandte artikel|"
    r"weitere artikel|das könnte sie auch interessieren|meistgelesen(e)?( artikel)?|schon gelesen\??|"
    r"weitere informationen|zusatzinformationen|kontakt|teilen mit|bewerten|wird geladen\W*|"
    r"bild anzeigen|view comments|release date|zobacz (też|także)|czytaj (też|także)|"
    r"(kategorie|category|rubrik)\s*:.{0,40}|(das )?könnte (dich|sie) auch interessieren|"
    r"(keine|\d+) kommentare|kommentierte artikel|inhaltsverzeichnis|table of contents|teilen|von|"
    # "Weitere Beiträge aus der Kolumne:", "More from our partners:": the heading of a link list
    r"(weitere|mehr|more|other|further|ähnliche|autres|más|otras?|otros)\b[^.!?]{0,50}:)\s*:?$",
    re.I,
)
PROMO = re.compile(
    r"^(in other (related )?news,? )?(also read|read also|read more|read next|see also|related|more|"
    r"watch|listen|click here|recommended|must read|don'?t miss|lesen sie (auch|mehr)|mehr zum thema|"
    r"auch interessant|(à )?lire aussi|voir aussi|lea también|leer más|lee también|leia também|"
    r"leggi anche|lees ook)\b\s*[:\-–—]?",
    re.I,
)
#: a promo label and a colon: "Lea: …", "MIRA: …", "Czytaj też: …?" (a link, whatever ends it)
PROMO_LABEL = re.compile(
    r"^(also read|read also|read more|see also|lesen sie (auch|mehr)|mehr zum thema|auch interessant|"
    r"(à )?lire aussi|voir aussi|lea también|leer más|lee también|leia também|leggi anche|lees ook|"
    r"dowiedz się więcej|lea|lee|mire|mira|vea|ver|puedes ver|vea también|ver también|te puede interesar|"
    r"le puede interesar|leia|veja|saiba mais|schon gelesen|weiterlesen|czytaj (też|także|więcej)|"
    r"zobacz (też|także)|läs också|les også|læs også|à voir aussi|potrebbe interessarti)\s*[:»]",
    re.I,
)
PROMPT = re.compile(
    r"\b(sign up (for|to)|subscribe (to|for|now)|newsletter|share (this|on)|follow us|"
    r"(we|this (site|website)) uses? cookies|accept (all )?cookies|cookie (policy|settings|consent)|"
    r"type to search|search for:|enable javascript|your browser|download (our|the) app|"
    r"all rights reserved|copyright ©|©\s*\d{4}|click to share|opens in (a )?new window|"
    r"download the .{1,40} apps?|follow (the )?\S+ on (twitter|facebook|instagram|x)|"
    r"submit your letter|um kommentare zu schreiben|pour lire la suite|"
    r"pour accéder en illimité|hazte miembro|suscríbete|abonnez-vous|jetzt abonnieren|"
    r"escucha esta nota|nicht eingeloggt|not logged in|(have|got) a (news )?tip|send (us )?(a |your )?(news )?tips?|"
    r"permission to load|(click|klicken)\b.{0,60}\b(to load|zu laden))\b|^\*?(anzeige|werbung)\s*([:|*.-]|$)|"
    # a copyright notice: "©2023 Ana Ruiz", "Copyright ⓒ Daily News" (© is no word character, so no \b before it)
    r"(©|ⓒ)\s*\d{4}|\bcopyright\s*(©|ⓒ)",
    re.I,
)
#: an affiliate disclosure: "… we may earn a commission", "This post contains affiliate links"
AFFILIATE = re.compile(
    r"\b(may|might|could) (earn|receive|get|collect) (a |an )?(small )?(share|portion|commission|compensation|fee|"
    r"affiliate)|\baffiliate[ -](links?|commissions?|fees?)\b|\bprovision(en)? erhalten\b",
    re.I,
)
#: a gallery or slide counter: "3 of 57", "3/57"
COUNTER = re.compile(r"^\d{1,3}\s*(of|/|von|de|sur|z)\s*\d{1,3}$", re.I)
#: a note on the author, as articles end: "Ana Ruiz is a senior reporter for …", "Ben's work has appeared in …"
AUTHOR_BIO = re.compile(
    r"^([A-ZÀ-ÖØ-ÞА-Я][\w'’.-]*\s+){1,3}(\([^)]{1,20}\)\s+)?(is|was|has been) (a|an|the|one of|[A-Z]\w+['’]s)\s[^.!?]{0,80}?"
    r"(?i:\b(writer|reporter|editor|journalist|correspondent|columnist|contributor|freelancer|producer|critic|"
    r"redakteur|redakteurin|journalistin|korrespondent|korrespondentin|autorin|periodista|redactora?|journaliste|"
    r"rédacteur|rédactrice)s?\b)|^([A-ZÀ-ÖØ-ÞА-Я][\w'’.-]*\s+){0,2}[A-ZÀ-ÖØ-ÞА-Я][\w.-]*['’]s work has appeared\b|"
    r"^([A-ZÀ-ÖØ-ÞА-Я][\w'’.-]*\s+){2,3}(writes|reports) (about|on)\b|"
    # how to reach the author: "Ana Ruiz can be reached at …", "Reach the reporter on X at …"
    r"(?i:^[^.!?]{0,60}\bcan be reached (at|on|via)\b|^•?\s*reach (him|her|them|the (reporter|author|writer)s?) (at|on|via)\b)"
)
#: lines at the end of a body checked for a note on the author
BIO_TAIL_LINES = 4
BIO_MAX_WORDS = 80
#: a correction or editor's note on the article itself, not its text
EDITORS_NOTE = re.compile(
    r"^\W*((a|an) (previous|earlier) version of this (article|story|post)|editor['’]s note\s*:|"
    r"correction\s*:)",
    re.I,
)
#: where a syndicated research story comes from, and the paper it cites: "More information: Ana Ruiz
#: et al, …", "Materials provided by …", "Journal Reference:", "Cite This Page:"
SOURCE_NOTE = re.compile(
    r"^(more information\s*:|materials provided by\b|(journal references?|story source|cite this page)\s*:)",
    re.I,
)
#: a disclaimer, a subscription pitch or a call for letters: "… is for informational purposes only",
#: "Start your Premium subscription today.", "Special offer for Gear readers: …", "We'd like to hear
#: what you think about this or any of our articles."
DISCLAIMER = re.compile(
    r"\bfor (general )?informational purposes only\b|\bdoes not constitute (medical|legal|financial|investment) "
    r"advice\b|\bstart your\b[^.!?]{0,40}\bsubscription\b|\bspecial offer for [^.!?]{0,30}\breaders\b|"
    r"\bwe[’']?d (like|love) to hear what you think\b",
    re.I,
)
AVATAR = re.compile(r"^(picture|photo|image|avatar|profile( picture| photo)?) of\b", re.I)
CREDIT = re.compile(
    r"^(\(?(photo|image|picture|video|graphic|illustration|foto|bild|quelle|crédit|crédito|"
    r"fotografía|imagen|beitragsbild|titelbild|bildquelle|bildnachweis)s?( credit)?|credit|source|"
    r"caption|copyright)\s*[:/]\s*\S.{0,120}$|^fot\.\s+\S.{0,80}$|©\s*[^\d\s©][^©]{0,60}$|[(\[](photo|image|credit)s?\s*:[^)\]]{0,80}[)\]]$",
    re.I,
)
#: a line that is only a date and time in digits: "10.12.2022, 07:00 Uhr", "2024-05-01 | 09:30"
NUMERIC_DATE_LINE = re.compile(
    r"^\W*((last )?(updated|modified)( on)?|letzte änderung|aktualisiert( am)?|stand)?\s*:?\s*\d{1,4}[./-]\d{1,2}[./-]\d{1,4}[\s,|/-]*(\d{1,2}[:.]\d{2}([:.]\d{2})?\s*(uhr|h|am|pm)?(\s*(utc|gmt|[ecmp][sd]?t|cet|cest|bst))?)?\W*$",
    re.I,
)
CONTROL = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]"
)
SHORT_WORDS = 12
#: the most words a kicker before the headline has ("Exclusive", "Breaking news")
KICKER_WORDS = 2
#: a headline shorter than this (a name, a place) is no sign that a line ending in it is the headline
MIN_HEADLINE_WORDS = 4


def clean_text(text: str) -> str:
    """NFC, control and invisible characters removed, spaces collapsed.

    >>> clean_text("A\\u200b title\\x07  here ")
    'A title here'
    """
    text = unicodedata.normalize("NFC", CONTROL.sub("", text))
    return " ".join(text.split())


def is_boilerplate(line: str) -> bool:
    """One short block that is a prompt, a promo, a credit, a widget heading
    or a bare date and time.

    >>> is_boilerplate("10.12.2022, 07:00 Uhr"), is_boilerplate("Lesen Sie auch: Neue Brücke")
    (True, True)
    """
    words = len(line.split())
    if WIDGET_HEADINGS.match(line) or AVATAR.match(line) or NUMERIC_DATE_LINE.match(line):
        return True
    if COUNTER.match(line):
        return True
    if words <= 40 and (PROMPT.search(line) or CREDIT.search(line)):
        return True
    if words <= BIO_MAX_WORDS and (AFFILIATE.search(line) or EDITORS_NOTE.match(line)):
        return True
    if words <= BIO_MAX_WORDS and (SOURCE_NOTE.search(line) or DISCLAIMER.search(line)):
        return True
    if words <= 25 and PROMO_LABEL.match(line):
        return True
    return words <= 25 and bool(PROMO.match(line)) and not line.endswith((".", "?", "!", "”", '"'))


def clean_paragraphs(paragraphs: list[str], title: str | None = None) -> list[str]:
    """The paragraphs that are article text. Decisions are taken line by line
    (a block may hold several lines); a block keeps the lines that survive.

    >>> clean_paragraphs(["Roses are red,\\nShare this", "Trending", "Top ten"])
    ['Roses are red,']
    """
    lines = [(i, clean_text(line)) for i, p in enumerate(paragraphs) for line in p.split("\n")]
    lines = [(i, line) for i, line in lines if line]
    if title:
        key = norm(title)
        while lines and is_headline(lines[0][1], key):
            lines.pop(0)
    kept: dict[int, list[str]] = {}
    in_widget = False
    for i, line in lines:
        if WIDGET_HEADINGS.match(line.lstrip("#- ")):
            in_widget = True  # drop the heading and the link list under it
            continue
        if in_widget and len(line.split()) <= SHORT_WORDS and not line.endswith((".", "?", "!")):
            continue
        in_widget = False
        if not is_boilerplate(line.lstrip("- ")):
            kept.setdefault(i, []).append(line)
    drop_author_notes(kept)
    return ["\n".join(block) for block in kept.values() if block]


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
    """
    return len(line.split()) <= BIO_MAX_WORDS and bool(AUTHOR_BIO.match(line))


def drop_author_notes(kept: dict[int, list[str]]) -> None:
    """Remove notes on the author among the last lines of the body, in place."""
    tail = [(i, j) for i in reversed(kept) for j in reversed(range(len(kept[i])))][:BIO_TAIL_LINES]
    for i, j in tail:  # last lines first, so the indexes stay valid
        if is_author_note(kept[i][j]):
            del kept[i][j]
