"""What the chain's libraries load on first use, loaded once in the
workers' fork server (the last module of `workers.PRELOAD`), so that every
worker forked from it shares it instead of loading it again: dateparser's
locales for the common languages of news (about 0.8 s of CPU, and about 7 %
of a worker's CPU over its first 300 pages) and the patterns the chain
compiles as it meets them.

Importing it elsewhere does nothing but define `warm_up`.
"""

from __future__ import annotations

import contextlib
import os

from newsspider.workers import FORK_SERVER_OF

#: a page in several languages, with the kinds of dates and bylines the chain reads
PAGE = (
    "<html lang='en'><head><title>Rain floods the town - Daily</title>"
    "<meta property='article:published_time' content='2024-05-01T09:30:00+02:00'></head><body>"
    "<h1>Rain floods the town</h1><p class='byline'>By Ann Lee</p><time>1 May 2024</time>"
    "<p>Publié le 1 mai 2024. Veröffentlicht am 1. Mai 2024. Publicado el 1 de mayo de 2024.</p>"
    + "<p>It rained on the harbour all day long, and the water rose in the old town.</p>" * 8
    + "</body></html>"
)


def warm_up() -> None:
    """Run the chain once, and load dateparser's common locales."""
    from dateparser.languages.loader import default_loader
    from htmldate.extractors import get_external_parser

    from newsspider.article import build_article
    from newsspider.extraction.dates.parse import COMMON_LANGUAGES
    from newsspider.items import Page

    parser = get_external_parser()
    for locale in default_loader.get_locales(languages=list(COMMON_LANGUAGES)):
        locale.translate("1 January 2020", settings=parser._settings)
    build_article(Page(url="https://a.example/2024/05/01/rain", html=PAGE.encode(),
                       fetched="2024-05-02T12:00:00+00:00"))  # fmt: skip


if os.environ.get(FORK_SERVER_OF) == str(os.getppid()):
    # only a warm-up: if it fails, each worker loads what it needs as before
    with contextlib.suppress(Exception):
        warm_up()
