"""Article texts of the demo sites: invented local news, written for this
project, stored as data in ``stories/<site>.json``.

Each entry is a record the site's theme turns into a page. Keys: ``section``,
``date`` (YYYY-MM-DD), ``time`` (HH:MM local, ``null`` if the page shows no
time), ``slug``, ``title``, ``authors``, ``paragraphs``; optional ``must``
(explicit must-contain sentences), ``promo`` (slug of an article promoted
inside the body), ``seed`` (repeat the headline as the body's first line),
and for metro-wire ``id``, ``date_style`` and ``photo`` (caption, credit).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

Article = dict[str, Any]
STORIES = Path(__file__).with_name("stories")


def load(site: str) -> tuple[Article, ...]:
    """The article records of `site`.

    >>> load("metro-wire")[0]["title"]
    'Tram fare freeze extended for another year'
    """
    return tuple(json.loads((STORIES / f"{site}.json").read_text(encoding="utf-8")))


HARBOUR_TIMES = load("harbour-times")
VALLEY_GAZETTE = load("valley-gazette")
METRO_WIRE = load("metro-wire")
#: the app site: its pages are empty shells a script fills in (rendered with a browser)
ESTUARY_LIVE = load("estuary-live")
