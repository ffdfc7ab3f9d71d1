"""Write sample sites to disk and say what a correct crawl of them finds.

One loop for every site: its theme renders the pages (``themes/``), the
listings are written from its data (``listings.py``), and the expectations
come from its stories and traps.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     urls = write_site(tmp, "http://127.0.0.1:8000/", articles=3, seed=1)
    >>> urls[0]
    'http://127.0.0.1:8000/2026/11/25/story-000000.html'
"""

from __future__ import annotations

from pathlib import Path

from newsspider.demo import bench, themes
from newsspider.demo.catalog import demo_sites
from newsspider.demo.listings import discovery_files
from newsspider.demo.model import (
    Expected,
    ExpectedArticle,
    ExpectedReject,
    Site,
    Story,
    sentences,
    write,
)
from newsspider.probe import source_table

#: the bytes of the PDF a "not-html" trap serves
PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def write_pages(site: Site, root: Path | str) -> None:
    """Write `site` under `root`: its theme's pages, its traps' files and
    its listings."""
    root = Path(root)
    for path, text in themes.get(site.theme).pages(site):
        write(root / path, text)
    for trap in site.traps:
        if trap.why == "not-html":
            write(root / trap.file, PDF_BYTES)
    for path, text in discovery_files(site):
        write(root / path, text)


def expected(site: Site) -> tuple[list[ExpectedArticle], list[ExpectedReject]]:
    """What a correct crawl of `site` stores, and what it rejects and why."""
    theme = themes.get(site.theme)
    found = [
        ExpectedArticle(s.url, site.name, s.title, s.authors, s.published,
                        must_contain(s), tuple(theme.must_not(site, s)))
        for s in site.stories
    ]  # fmt: skip
    rejects = [ExpectedReject(site.base + t.file, site.name, t.why)
               for t in site.traps if t.why != "disallowed"]  # fmt: skip
    return found, rejects


def must_contain(story: Story) -> tuple[str, ...]:
    """Sentences a correct extraction keeps: the record's ``must``, or the
    second paragraph's first sentence and the last one's last."""
    if "must" in story.entry:
        return tuple(story.entry["must"])
    return (sentences(story.paragraphs[1])[0], sentences(story.paragraphs[-1])[-1])


def build_site(root: Path, base_urls: dict[str, str]) -> Expected:
    """Write every demo site under root/<site name>/ with absolute links
    built from base_urls[site]; what a correct crawl finds."""
    found: list[ExpectedArticle] = []
    rejects: list[ExpectedReject] = []
    for site in demo_sites(base_urls):
        write_pages(site, Path(root) / site.name)
        site_found, site_rejects = expected(site)
        found += site_found
        rejects += site_rejects
    return Expected(tuple(found), tuple(rejects))


def disallowed_urls(base_urls: dict[str, str]) -> list[str]:
    """Pages that exist but robots.txt forbids; a polite crawl never fetches them."""
    return [
        s.base + t.file for s in demo_sites(base_urls) for t in s.traps if t.why == "disallowed"
    ]


def source_of(site: Site) -> dict[str, object]:
    """The ``[[source]]`` table that crawls `site`."""
    base, spec = site.base, site.sitemaps
    return {
        "name": site.name,
        "homepage": base,
        "feeds": [base + f.path for f in site.feeds],
        "sitemaps": [base + spec.path] if spec and not spec.in_robots else [],
        "sections": [f"{base}{k}/" for k in site.sections],
        **site.source,
        "languages": [site.lang.split("-")[0]],
        "timezone": site.timezone,
    }


def sources_toml(sites: list[Site] | dict[str, str]) -> str:
    """The sources.toml text for `sites` (or for the demo sites on these base URLs)."""
    if isinstance(sites, dict):
        sites = demo_sites(sites)
    blocks = [source_table(source_of(site)) for site in sites]
    return (
        "# Generated sample sites (newsspider.demo); do not edit.\n\n" + "\n\n".join(blocks) + "\n"
    )


def write_site(
    out_dir: Path | str, base_url: str, articles: int = 1000, seed: int = 7
) -> list[str]:
    """Write a generated news site of `articles` realistic pages (about
    144 KB and 670 elements each; deterministic for a seed) under
    `out_dir`, linked from `base_url`; its article URLs, newest first.
    `site_sources(base_url)` is its sources.toml."""
    site = bench.site(base_url, articles, seed)
    write_pages(site, out_dir)
    return [s.url for s in site.stories]


def site_sources(base_url: str) -> str:
    """The sources.toml of a site `write_site` wrote on `base_url`."""
    return sources_toml([bench.site(base_url, 0)])
