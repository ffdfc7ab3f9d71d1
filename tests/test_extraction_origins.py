"""The registry of origins (newsspider.extraction.origins) knows every origin
the extraction chain records: a new finder that records a new origin must
give it a rank there."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsspider.article import build_article
from newsspider.demo.build import build_site
from newsspider.demo.catalog import SITES
from newsspider.extraction import origins
from newsspider.items import Page

FIXTURES = Path(__file__).parent / "fixtures"
FETCHED = "2024-05-02T12:00:00+00:00"


def provenance(url: str, html: bytes) -> dict[str, str]:
    """The provenance the chain records for one page ({} for a page it rejects)."""
    page = Page(url=url, final_url=url, html=html, fetched=FETCHED, headers={})
    article = build_article(page)
    return {} if article.error else article.provenance


@pytest.fixture(scope="module")
def recorded(tmp_path_factory) -> set[tuple[str, str]]:
    """(field, origin) of every value recorded over the fixture pages and the demo sites."""
    root = tmp_path_factory.mktemp("demo")
    build_site(root, {name: f"https://{name}.example/" for name in SITES})
    pages = [(f"https://fixture.example/{p.name}", p) for p in FIXTURES.rglob("*.html")]
    pages += [
        (
            f"https://{p.relative_to(root).parts[0]}.example/{'/'.join(p.relative_to(root).parts[1:])}",
            p,
        )
        for p in root.rglob("*.html")
    ]
    return {
        (field, origin)
        for url, path in pages
        for field, origin in provenance(url, path.read_bytes()).items()
    }


def test_the_pages_record_the_origins_of_every_field(recorded):
    fields = {field for field, _ in recorded}
    assert {"title", "authors", "published", "language", "url"} <= fields
    assert len(recorded) >= 10


def test_every_recorded_origin_has_a_rank(recorded):
    unknown = sorted(
        (field, origin) for field, origin in recorded if not origins.known(field, origin)
    )
    assert unknown == []


@pytest.mark.parametrize(
    ("field", "origin", "known"),
    [
        ("published", "dateline:published", True),
        ("published", "meta:parsely-pub-date", True),
        ("published", "time[pubdate]", True),
        ("authors", "hint:feed", True),
        ("title", "hint:listing", True),
        ("authors", "byline-texts", False),
        ("title", "h2", False),
        ("modified", "dateline", False),
    ],
)
def test_an_origin_is_known_by_its_name_or_a_refinement(field, origin, known):
    assert origins.known(field, origin) is known


def test_every_field_ranks_its_origins_from_zero_without_gaps():
    for field in {row[0] for row in origins.ORIGINS}:
        ranks = sorted({row[2] for row in origins.ORIGINS if row[0] == field})
        assert ranks == list(range(len(ranks))), field
