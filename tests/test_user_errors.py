"""A user's own mistakes end in one line naming the problem and the fix, with
the documented exit status (2 for configuration), never a traceback: the
commands run as a user runs them (subprocesses)."""

from __future__ import annotations

import json

import pytest
from test_commands import scrapy

GOOD_SOURCE = '[[source]]\nname = "local"\nhomepage = "http://127.0.0.1:9/"\n'


def errors(stderr: str) -> list[str]:
    """The lines of the error report: from the first ``error:`` line on."""
    lines = stderr.splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith("error: "))
    return lines[first:]


def crawl_with(tmp_path, sources: bytes, *args: str):
    path = tmp_path / "s.toml"
    path.write_bytes(sources)
    result = scrapy(
        "crawl", "news", "-a", f"sources={path}", "-s", f"NEWS_DB={tmp_path / 'n.db'}", *args
    )
    assert "Traceback" not in result.stderr, result.stderr
    return result, str(path)


@pytest.mark.parametrize(
    ("sources", "message"),
    [
        (
            b'[[source]]\nname = "a"\nhomepage = "http://[::1"\n',
            "source 'a': key 'homepage': not a URL: 'http://[::1' (Invalid IPv6 URL)",
        ),
        (
            b'[[source]]\nname = "a"\nhomepage = "http://a.example:70000/"\n',
            "source 'a': key 'homepage': not a URL: 'http://a.example:70000/' "
            "(Port out of range 0-65535)",
        ),
        (
            b'[[source]]\nname = "caf\xe9"\nhomepage = "http://a.example/"\n',
            "not UTF-8 text: byte 0xe9 on line 2; save the file as UTF-8",
        ),
        (
            b'[[source]]\nname = "a"\nhomepage = "http://a.example/"\nlanguages = ["english"]\n',
            "source 'a': key 'languages': 'english' is not an ISO 639-1 code: write 'en' for English",
        ),
    ],
)
def test_a_mistake_in_the_sources_file_is_one_line_and_exit_2(tmp_path, sources, message):
    result, path = crawl_with(tmp_path, sources)
    assert result.returncode == 2
    assert errors(result.stderr) == [f"error: {path}: {message}"]
    assert not (tmp_path / "n.db").exists()


def test_every_mistake_of_the_sources_file_is_reported_at_once(tmp_path):
    sources = (
        b'[[source]]\nname = "a"\nhomepage = "http://[::1"\nlanguages = ["pt-BR"]\n'
        b'[[source]]\nname = "b"\nhomepage = "ftp://b.example/"\n'
    )
    result, path = crawl_with(tmp_path, sources)
    assert result.returncode == 2
    assert errors(result.stderr) == [
        f"error: {path}: source 'a': key 'homepage': not a URL: 'http://[::1' (Invalid IPv6 URL)",
        f"{path}: source 'a': key 'languages': 'pt-BR' has a region: write the language alone, 'pt'",
        f"{path}: source 'b': key 'homepage': not an http(s) URL: 'ftp://b.example/'",
    ]


def test_an_unknown_spider_argument_is_refused_with_the_known_ones(tmp_path):
    result, _ = crawl_with(tmp_path, GOOD_SOURCE.encode(), "-a", "sorces=other.toml")
    assert result.returncode == 2
    assert errors(result.stderr) == [
        "error: the news spider takes no argument 'sorces' (did you mean 'sources'?); "
        "it takes -a source=NAME, -a sources=PATH"
    ]
    assert not (tmp_path / "n.db").exists()


def test_the_crawl_log_starts_by_naming_the_sources_file_and_the_database(tmp_path):
    result, path = crawl_with(tmp_path, GOOD_SOURCE.encode())
    assert result.returncode == 1  # the one source is unreachable
    ours = [line for line in result.stderr.splitlines() if "] INFO: " in line]
    ours = [line for line in ours if "[scrapy.utils.log]" not in line]  # Scrapy's banner
    assert ours[0].endswith(f"[news] INFO: Crawling {path} into {tmp_path / 'n.db'} (1 sources)")


def test_allow_hosts_as_a_json_list_is_read(tmp_path, demo):
    hosts = json.dumps([url.split("/")[2] for url in demo.base_urls.values()])
    db = tmp_path / "n.db"
    result = scrapy(
        "crawl", "news", "-a", f"sources={demo.sources_path}", "-s", f"NEWS_DB={db}",
        "-s", f"NEWS_ALLOW_HOSTS={hosts}", "-s", "AUTOTHROTTLE_ENABLED=False",
        "-s", "DOWNLOAD_DELAY=0", "-s", "NEWS_EXTRACT_WORKERS=1",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    assert f"{len(demo.expected.articles)} new" in result.stdout
    assert "news/ssrf/blocked" not in result.stderr


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ('["127.0.0.1:18001"', "NEWS_ALLOW_HOSTS: not a JSON list: "),
        ("127.0.0.1:99999", "NEWS_ALLOW_HOSTS: '127.0.0.1:99999' is not a host or host:port"),
    ],
)
def test_allow_hosts_that_name_no_host_are_refused_in_one_line(tmp_path, value, message):
    result, _ = crawl_with(tmp_path, GOOD_SOURCE.encode(), "-s", f"NEWS_ALLOW_HOSTS={value}")
    assert result.returncode == 2
    (line,) = errors(result.stderr)
    assert line.startswith(f"error: {message}")
