"""sources.toml validation: every mistake names the file, source and key."""

from __future__ import annotations

import pytest

from newsspider.sources import SourcesError, load_sources, load_sources_text

GOOD = """
[[source]]
name = "harbour-times"
homepage = "https://harbourtimes.example/"
feeds = ["https://harbourtimes.example/rss.xml"]
sections = ["https://news.harbourtimes.example/local/"]
article_pattern = '/\\d{4}/\\d{2}/'
languages = ["en"]
timezone = "Europe/London"
"""


def test_a_good_file_loads():
    (source,) = load_sources_text(GOOD)
    assert source.name == "harbour-times"
    assert source.allowed_domains == ("harbourtimes.example", "news.harbourtimes.example")
    assert source.is_article_url("https://harbourtimes.example/2024/05/x")
    assert not source.is_article_url("https://harbourtimes.example/about")


def test_subdomains_are_allowed():
    (source,) = load_sources_text(GOOD)
    assert source.allows("https://www.harbourtimes.example/x")
    assert not source.allows("https://harbourtimes.example.evil.test/x")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            ('feeds = ["https://harbourtimes.example/rss.xml"]', 'feedz = ["x"]'),
            "key 'feedz': unknown key",
        ),
        (('name = "harbour-times"', ""), "source #1: key 'name': missing"),
        (
            ("https://harbourtimes.example/rss.xml", "htp:/bad"),
            "key 'feeds': not an http(s) URL: 'htp:/bad'",
        ),
        (("'/\\d{4}/\\d{2}/'", "'/(unclosed'"), "key 'article_pattern': bad regular expression"),
        (('"Europe/London"', '"Mars/Olympus"'), "key 'timezone': unknown time zone"),
        (('languages = ["en"]', 'languages = "en", "fr"'), "not valid TOML"),
        (
            ('languages = ["en"]', 'drop_selectors = ["div[["]'),
            "key 'drop_selectors': bad CSS selector",
        ),
    ],
)
def test_mistakes_name_file_source_and_key(change, message):
    with pytest.raises(SourcesError) as err:
        load_sources_text(GOOD.replace(*change), "my/sources.toml")
    assert str(err.value).startswith("my/sources.toml: ")
    assert message in str(err.value)


def test_duplicate_names_are_refused():
    with pytest.raises(SourcesError, match="key 'name': duplicate name"):
        load_sources_text(GOOD + GOOD)


def test_missing_file_is_reported(tmp_path):
    with pytest.raises(SourcesError, match="cannot read sources file"):
        load_sources(tmp_path / "nope.toml")


def test_the_shipped_sources_file_is_valid():
    sources = load_sources("data/sources.toml")
    assert len(sources) >= 3
    assert all(s.feeds or s.sitemaps or s.sections for s in sources)
