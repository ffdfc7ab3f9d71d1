"""Text measures shared by every field: one comparison key for titles, names
and bodies (`text_key`), words counted, a body's hash.

>>> count_words("Rain floods town."), content_hash("Rain, floods!") == content_hash("rain floods")
(3, True)
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

#: Scripts written without spaces between words: each character counts as a word.
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f]")
#: soft hyphens and zero-width characters: invisible, yet they break comparisons
INVISIBLE = re.compile("[\u00ad\u200b-\u200d\u2060\ufeff]")
#: typographic quotes and dashes, as typed on a keyboard
TYPED = str.maketrans(
    {**dict.fromkeys("‘’‚‛`´", "'"), **dict.fromkeys("“”„‟«»", '"'), **dict.fromkeys("‐‑‒–—―", "-")}
)
#: letters as German addresses spell them without their marks
UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def text_key(
    text: str,
    keep: str = "",
    *,
    joined: bool = False,
    typography: bool = False,
    accents: bool = True,
    umlauts: bool = False,
) -> str:
    """The one comparison key of a text: case folded, and every run of
    characters that are neither letters, digits nor in `keep` made one space
    (`joined`: left out, so that only letters and digits remain).
    `typography`: compatibility forms, invisible characters, typographic
    quotes and dashes folded first (NFKC); `accents=False`: marks dropped
    (NFKD); `umlauts`: "ä" spelled "ae" and so on, before the marks go.

    >>> text_key("Chris E. Hayner") == text_key("chris  e hayner")
    True
    >>> text_key("“Rain” — now", "'\\"-", typography=True)
    '"rain" - now'
    >>> text_key("Daily-Planet.co", joined=True), text_key("Jörg Núñez-Groß", joined=True, accents=False, umlauts=True)
    ('dailyplanetco', 'joergnunezgross')
    """
    if typography:
        text = unicodedata.normalize("NFKC", INVISIBLE.sub("", text)).translate(TYPED)
    text = text.casefold()
    if umlauts:
        text = text.translate(UMLAUTS)
    if not accents:
        text = unicodedata.normalize("NFKD", text)
    if joined:
        return "".join(c for c in text if c.isalnum() and not unicodedata.combining(c))
    return " ".join(re.sub(rf"[^\w{re.escape(keep)}]+", " ", text).split())


def norm(text: str) -> str:
    """The key titles and bodies are compared by: case, quotes, dashes and spacing folded.

    >>> norm("“Rain” — now") == norm('"rain" - NOW')
    True
    """
    return text_key(text, "'\"-", typography=True)


def count_words(text: str) -> int:
    """Words of `text`, each Chinese or Japanese character counted as one word
    (as word processors do), since those scripts put no spaces between words.

    >>> count_words("Rain floods town."), count_words("北京今天下雨 (AP)")
    (3, 7)
    """
    cjk = len(CJK.findall(text))
    if not cjk:
        return len(text.split())
    return cjk + len(CJK.sub(" ", text).split())


def content_hash(body: str) -> str:
    """A hash of the body's words, blind to case, punctuation and spacing.

    >>> content_hash("Hello,  world!") == content_hash("hello world")
    True
    """
    return hashlib.sha256(norm(body).replace('"', "").replace("'", "").encode()).hexdigest()[:32]
