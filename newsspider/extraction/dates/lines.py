"""The lines of a body that hold only a date: a dateline the body extractor
kept ("10.12.2022, 07:00 Uhr", "Updated at 1:23 p.m.", "Sunday 17 March 2024
17:23, UK", "2021-10-16 | Press releases"), which the boilerplate cleaner drops.

    >>> [is_date_line(t) for t in ("10.12.2022, 07:00 Uhr", "Aktualisiert um 09:30 Uhr",
    ...                            "3. März 2024, 10:39 Uhr", "Rain fell on 3 March 2024 in town.")]
    [True, True, True, False]
"""

from __future__ import annotations

import re

from newsspider.extraction import labels

#: the most words of a line of a date in words, or of a date and a label
DATE_LINE_WORDS = 10
#: a line that is only a date and time in digits: "10.12.2022, 07:00 Uhr", "2024-05-01 | 09:30"
NUMERIC_DATE_LINE = re.compile(
    r"^\W*((last )?(updated|modified)( on)?|letzte änderung|aktualisiert( am)?|stand)?\s*:?\s*\d{1,4}[./-]\d{1,2}[./-]\d{1,4}[\s,|/-]*(\d{1,2}[:.]\d{2}([:.]\d{2})?\s*(uhr|h|am|pm)?(\s*(utc|gmt|[ecmp][sd]?t|cet|cest|bst))?)?\W*$",
    re.I,
)
#: a line that is only a date in words and a time: "Sunday 17 March 2024 17:23, UK", "3. März 2024, 10:39 Uhr"
WORD_DATE_LINE = re.compile(
    r"^\W*(" + labels.either(labels.DATE_LINE) + r"( on| am)?:?\s*)?"
    r"(((mon|tues|wednes|thurs|fri|satur|sun)day|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag)\W+)?"
    r"(\d{1,2}(st|nd|rd|th|\.)?\s+)?(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|januar|februar|märz|mai|juni|juli|"
    r"oktober|dezember)[a-z]*\.?\s+(\d{1,2}(st|nd|rd|th)?,?\s+)?\d{4}"
    r"([\s,|/-]+(at\s+)?\d{1,2}[:.]\d{2}\s*(uhr|h|[ap]\.?m\.?)?(\s*(utc|gmt|[ecmp][sd]?t|cet|cest|bst|uk))?)\W*(uk|utc|gmt)?\W*$",
    re.I,
)
#: a line that is only when the article was updated: "Updated at 1:23 p.m.", "Aktualisiert um 09:30 Uhr"
TIME_LINE = re.compile(
    r"^\W*(last )?"
    + labels.either(labels.DATE_LINE)
    + r"( at| on| um| am)?:?\s*\d{1,2}[:.]\d{2}\s*"
    r"(uhr|h|[ap]\.?m\.?)?(\s*(utc|gmt|[ecmp][sd]?t|cet|cest|bst))?\W*$",
    re.I,
)
_DATE = (
    r"(\d{1,4}[./-]\d{1,2}[./-]\d{1,4}|\d{1,2}\.?\s+[^\W\d]+\.?\s+\d{4}|[^\W\d]+\.?\s+\d{1,2},?\s+\d{4})"
    r"(,?\s*\d{1,2}[:.]\d{2}(\s*(uhr|h|[ap]\.?m\.?))?)?"
)
_LABEL = r"[^\W\d][^|•·\d]{0,30}"
#: a line that is only a date and a name or section beside it: "24. März 2004, 19:49 | Ana",
#: "2021-10-16 | Press releases", "Sports • 02.02.2022" (not a table row, not a date range)
DATE_LABEL_LINE = re.compile(
    rf"^(?!\s*\|)\W*({_DATE}\s*[|•·]\s*{_LABEL}|{_LABEL}\s*[|•·]\s*{_DATE})\W*$", re.I
)


def is_date_line(line: str) -> bool:
    """`line` holds only a date (and time), maybe labelled ("Updated") or with
    a name or section beside it."""
    if NUMERIC_DATE_LINE.match(line) or TIME_LINE.match(line):
        return True
    if len(line.split()) > DATE_LINE_WORDS:
        return False
    return bool(WORD_DATE_LINE.match(line) or DATE_LABEL_LINE.match(line))
