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
        (
            ('"https://harbourtimes.example/"', '"http://[::1"'),
            "key 'homepage': not a URL: 'http://[::1' (Invalid IPv6 URL)",
        ),
        (
            ('"https://harbourtimes.example/"', '"https://harbourtimes.example:70000/"'),
            "key 'homepage': not a URL: 'https://harbourtimes.example:70000/' (Port out of range",
        ),
        (
            ("https://harbourtimes.example/rss.xml", "https://harbourtimes.example:rss/"),
            "key 'feeds': not a URL: 'https://harbourtimes.example:rss/' (Port could not be cast",
        ),
        (
            ('languages = ["en"]', 'languages = ["english"]'),
            "key 'languages': 'english' is not an ISO 639-1 code: write 'en' for English",
        ),
        (
            ('languages = ["en"]', 'languages = ["pt-BR"]'),
            "key 'languages': 'pt-BR' has a region: write the language alone, 'pt'",
        ),
        (
            ('languages = ["en"]', 'languages = ["zz"]'),
            "key 'languages': 'zz' is not an ISO 639-1 code (two letters, e.g. 'en' for English)",
        ),
        (
            ('languages = ["en"]', 'languages = ["la"]'),
            "key 'languages': 'la' (Latin): dates in that language cannot be read",
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


def test_every_mistake_is_reported_at_once():
    bad = GOOD.replace('"Europe/London"', '"Mars/Olympus"').replace('["en"]', '["english"]')
    other = '[[source]]\nname = "Two"\nhomepage = "https://two.example:99999/"\n'
    with pytest.raises(SourcesError) as err:
        load_sources_text(bad + other + "[extra]\n", "s.toml")
    assert err.value.lines == [
        "s.toml: unknown top-level key 'extra'",
        "s.toml: source 'harbour-times': key 'languages': "
        "'english' is not an ISO 639-1 code: write 'en' for English",
        "s.toml: source 'harbour-times': key 'timezone': unknown time zone 'Mars/Olympus'",
        "s.toml: source 'Two': key 'name': missing, or not a lower-case name like 'harbour-times'",
        "s.toml: source 'Two': key 'homepage': not a URL: 'https://two.example:99999/' "
        "(Port out of range 0-65535)",
    ]
    assert str(err.value) == "\n".join(err.value.lines)


def test_a_source_that_is_not_a_table_is_refused():
    with pytest.raises(SourcesError, match=r"s.toml: source #1: not a table"):
        load_sources_text('source = ["https://a.example/"]', "s.toml")


def test_a_file_that_is_not_utf8_names_the_byte_and_line(tmp_path):
    path = tmp_path / "s.toml"
    path.write_bytes(b'[[source]]\nname = "caf\xe9"\nhomepage = "https://a.example/"\n')
    with pytest.raises(SourcesError) as err:
        load_sources(path)
    assert str(err.value) == f"{path}: not UTF-8 text: byte 0xe9 on line 2; save the file as UTF-8"


def test_region_free_iso_codes_with_a_date_reader_load():
    text = GOOD.replace('["en"]', '["en", "de", "pt", "nb", "zh"]')
    (source,) = load_sources_text(text)
    assert source.languages == ("en", "de", "pt", "nb", "zh")
