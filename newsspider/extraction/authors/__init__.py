"""Authors, in one place: finding bylines on the page (`find`), cleaning
them into names (`names`), choosing among them (`choose`). The words that
label a byline ("By", "Von", "Autor:") are in `newsspider.extraction.labels`.
"""

from newsspider.extraction.authors import choose, find, names

__all__ = ["choose", "find", "names"]
