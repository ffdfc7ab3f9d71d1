"""Publication dates, in one place: finding them on the page (`find`),
reading them (`parse`), showing them in the publisher's zone (`zones`),
choosing among them (`choose`), and the lines of a body that hold only a
date (`lines`). The words that label a date
("Published", "Aktualisiert") are in `newsspider.extraction.labels`.

The modules are imported here, so that importing the package (as the worker
processes' fork server does) loads the whole field.
"""

from newsspider.extraction.dates import choose, find, lines, parse, zones

__all__ = ["choose", "find", "lines", "parse", "zones"]
