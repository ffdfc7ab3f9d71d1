"""The words that label parts of an article, in every language the rules
read: the word before an author's name ("by", "von", "par"), a shown date's
"published" and "updated", a link to another article ("read more"). Each rule
builds its pattern from these lists, so a new language goes in here once.

Each list is a tuple of regex pieces; a rule tuned on part of a list takes
that part by name (``BY``, ``DATED``), so the difference stays visible.

    >>> import re
    >>> by = re.compile(either(BY) + r"\\s", re.I)
    >>> [bool(by.match(t)) for t in ("Von Ann Lee", "par Bo Chan", "Byline")]
    [True, True, False]
    >>> published = re.compile(either(PUBLISHED) + r"\\b", re.I)
    >>> [bool(published.match(t)) for t in ("Veröffentlicht am", "Publié le", "Pubs")]
    [True, True, False]
"""

from __future__ import annotations

from collections.abc import Iterable

#: the word before an author's name: en, de, fr, es/pt
BY = ("by", "von", "par", "por")
#: the same in more languages: de "vom", nl, da/no/sv, pl, it
BY_MORE = ("vom", "door", "av", "af", "przez", "da")
#: every word before an author's name, in the order the author prefixes try them
BY_ANY = (BY[0], BY[1], BY_MORE[0], BY[2], BY[3], *BY_MORE[1:])
#: an author's label before a name or standing alone: "Autor:", "Author"
AUTHOR = ("autor(?:in)?", "author")
#: the same in more languages: fr "auteur", de "Redakteur(in)"
AUTHOR_MORE = ("auteur", "redakteur(?:in)?")
#: a phrase naming the writer: "written by", "geschrieben von", "écrit par"
WRITTEN_BY = (
    "written by", "geschrieben von", "verfasst von", "écrit par", "escrito por", "scritto da",
)  # fmt: skip
#: a phrase naming who posted a text: "posted by", "publié par"
POSTED_BY = ("posted by", "publié par", "publicado por")
#: a shown date's label naming the publication: en, de, fr, es, it, hr/bs/sr
PUBLISHED = (
    "published", "posted", "written", "veröffentlicht", "publiziert", "erstellt", "erschienen",
    "publié", "publicado", "pubblicato", "objavljeno",
)  # fmt: skip
#: a shown date's label naming a later update: en, de, fr, es, it, nl
UPDATED = (
    "updated", "modified", "aktualisiert", r"(?:zuletzt\s+)?geändert", r"letzte\s+änderung",
    "mis à jour", "actualizado", "aggiornato", "bijgewerkt",
)  # fmt: skip
#: a shown date labelled as a print edition's, which is not the first publication
#: online: de, en, fr, es, it, nl
PRINT_EDITION = (
    r"(?:print|zeitungs)?ausgabe vom", "print edition", "in print", "printausgabe", "édition du",
    "edición impresa", "edizione (?:del|cartacea)", "editie van",
)  # fmt: skip
#: the labels a shown date is found by: publication and update, without
#: "written" (a byline's word) and the Dutch "bijgewerkt", as tuned
DATED = (*(w for w in PUBLISHED if w != "written"), *UPDATED[:-1])
#: the labels before a byline that follows a date ("Posted on May 1 by Ann Lee")
POSTED = tuple(w for w in PUBLISHED if w not in ("publiziert", "erschienen", "pubblicato"))
#: the labels of a line that holds only a date or a time ("Updated at 1:23 p.m.")
DATE_LINE = ("updated", "posted", "published", "aktualisiert", "veröffentlicht")
#: a link to more reading in English: "Read more:", "See also"
READ_MORE = ("also read", "read also", "read more", "see also", "see more")
#: the same in other languages (de, fr, es, pt, it, nl)
READ_MORE_OTHER = (
    "lesen sie (auch|mehr|hier)", "mehr zum thema", "auch interessant", "(à )?lire aussi",
    "voir aussi", "lea también", "leer más", "lee también", "leia também", "leggi anche",
    "lees ook",
)  # fmt: skip


#: the words of a relative date: "ago" and its kin (fr "il y a", de "vor", es "hace", it "fa",
#: nl "geleden", da/no "siden", sv "sedan", pl "temu", hr/bs/sr "prije", ru "назад", pt "há",
#: tr "önce", ko "전", zh/ja "前"), and "today", "yesterday" in those languages
AGO = (
    "ago", "il y a", "vor", "hace", "fa", "geleden", "siden", "sedan", "temu", "prije", "пре",
    "назад", "há", "önce", "전", "前",
)  # fmt: skip
RELATIVE_DAYS = (
    "today", "yesterday", "aujourd'hui", "hier", "heute", "gestern", "hoy", "ayer", "oggi", "ieri",
    "vandaag", "gisteren", "i dag", "i går", "idag", "igår", "dzisiaj", "wczoraj", "danas",
    "jučer", "сегодня", "вчера", "hoje", "ontem", "bugün", "dün", "오늘", "어제", "今天", "昨天",
)  # fmt: skip
#: the units a relative date counts in (the start of each word, in those languages)
TIME_UNITS = (
    "sec", "min", "hour", "hr", "day", "week", "std", "stunde", "tag", "woche", "heure", "jour",
    "semaine", "hora", "minuto", "día", "dia", "semana", "ora", "ore", "giorn", "settiman", "uur",
    "dag", "time", "tim", "godzin", "dni", "sat", "dan", "час", "минут", "дн", "saat", "dakika",
    "gün", "시간", "분", "일", "時間", "分", "日", "小时", "分钟", "天",
)  # fmt: skip


def either(words: Iterable[str]) -> str:
    """One regex group matching any of `words` (regex pieces), tried in order.

    >>> either(("by", "von"))
    '(?:by|von)'
    """
    return "(?:" + "|".join(words) + ")"
