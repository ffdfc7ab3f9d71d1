"""Text measures shared by every field: words counted, a body's hash.

>>> count_words("Rain floods town."), content_hash("Rain, floods!") == content_hash("rain floods")
(3, True)
"""

from __future__ import annotations

import hashlib
import re

from newsspider.extraction.titles.choose import norm

#: Scripts written without spaces between words: each character counts as a word.
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f]")


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
