"""Property tests (hypothesis) for the functions a hostile page feeds:
URL canonicalisation, byline parsing, date normalisation and the
extract -> clean -> normalise chain on mutated HTML. They must never raise,
be idempotent where they should, never date an article after its fetch, and
take bounded time per input."""

from __future__ import annotations

import signal
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta

from badweb import article_html
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from newsspider.article import build_article
from newsspider.extraction.authors.names import clean_authors, split_byline
from newsspider.extraction.dates.parse import parse_date
from newsspider.items import Page
from newsspider.urls import canonicalize_url

FETCHED = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
#: deadlines are checked by `within` (hypothesis' own deadline trips on one-off data loading)
QUICK = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
CHAIN = settings(max_examples=40, deadline=None,
                 suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])  # fmt: skip


@contextmanager
def within(seconds: float):
    """Fail with TimeoutError if the block runs longer than `seconds`."""

    def expire(signum, frame):
        raise TimeoutError(f"took longer than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


parse_date("2 hours ago", FETCHED)  # load dateparser's data before any deadline
parse_date("12 mars 2024", FETCHED, languages=("fr",))

# --- URLs ----------------------------------------------------------------------

HOSTS = st.sampled_from(["a.example", "A.EXAMPLE.", "127.0.0.1", "[::1]", "xn--bcher-kva.example",
                         "bücher.example", "0x7f000001", "", "a..b", "a.example:0", "a.example:8080"])  # fmt: skip
URL_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40)
URLS = st.builds(
    lambda scheme, host, path, query, frag: f"{scheme}://{host}/{path}?{query}#{frag}",
    st.sampled_from(["http", "https", "HTTP", "ftp", ""]), HOSTS, URL_TEXT, URL_TEXT, URL_TEXT,
)  # fmt: skip


@QUICK
@given(st.one_of(URLS, URL_TEXT))
@example("http://[::1/")
@example("http://a.example:99999/")
@example("http://a.example:port/")
def test_canonicalize_url_never_raises(url):
    with within(1):
        assert isinstance(canonicalize_url(url), str)


@QUICK
@given(URLS)
@example("http://[::1]/")
@example("http://a.example/ ?#")  # a space ending the path
def test_canonicalize_url_is_idempotent(url):
    try:
        once = canonicalize_url(url)
    except ValueError:
        return  # the test above covers raising
    assert canonicalize_url(once) == once


# --- bylines -------------------------------------------------------------------

NAMES = st.sampled_from(
    ["Ann Lee", "Bo Chan", "José Álvarez", "李小龙", "O'Neil", "Mary-Jane Watson"]
)
BYLINES = st.one_of(
    URL_TEXT,
    st.builds(lambda prefix, names, sep, tail: prefix + sep.join(names) + tail,
              st.sampled_from(["", "By ", "von ", "Written by ", "Picture of ", "BY"]),
              st.lists(NAMES, max_size=4), st.sampled_from([", ", " and ", " | ", " & "]),
              st.sampled_from(["", " | Reuters", ", Staff Writer", " (AP)", "\x07", " 2 hours ago"])),
)  # fmt: skip


@QUICK
@given(BYLINES, st.booleans())
def test_split_byline_never_raises_and_returns_names_from_the_text(byline, people):
    with within(1):
        names = split_byline(byline, people=people)
    assert all(isinstance(n, str) and n.strip() == n and n for n in names)


@QUICK
@given(st.lists(BYLINES, max_size=4))
def test_clean_authors_is_idempotent(bylines):
    with within(1):
        once = clean_authors(bylines)
    assert clean_authors(once) == once


def test_a_long_byline_takes_bounded_time():
    with within(1.0):
        split_byline("A" * 60_000)


# --- dates ---------------------------------------------------------------------

DATE_TEXT = st.one_of(
    URL_TEXT,
    st.sampled_from(["2 hours ago", "yesterday", "today", "1970-01-01", "Jan 1 1970", "0000-00-00",
                     "9999-12-31", "2027-06-01", "in 3 days", "tomorrow", "-1 days ago",
                     "99999999999999999999 seconds ago", "1e400", "\x00", "Mon, 32 Dec 2024 25:61:61 GMT"]),
    st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31)).map(datetime.isoformat),
    st.integers().map(str),
)  # fmt: skip


@QUICK
@given(DATE_TEXT, st.sampled_from([(), ("en",), ("fr", "de"), ("ja",)]), st.sampled_from([None, "Europe/Paris", "Asia/Tokyo"]))  # fmt: skip
def test_parse_date_is_never_after_the_fetch_nor_before_1990(text, languages, tz):
    with within(5):
        when = parse_date(text, FETCHED, tz=tz, languages=languages)
    if when is None:
        return
    day = when.date() if isinstance(when, datetime) else when
    assert date(1990, 1, 1) <= day <= (FETCHED + timedelta(days=1)).date()
    if isinstance(when, datetime) and when.tzinfo is not None:
        assert when <= FETCHED + timedelta(days=1)


# --- the extract -> clean -> normalise chain -----------------------------------

BASE = article_html(
    "Storm closes the harbour road",
    head='<meta property="article:published_time" content="2026-11-20T08:00:00+01:00">'
    '<meta name="author" content="Ann Lee"><script type="application/ld+json">'
    '{"@type": "NewsArticle", "headline": "Storm closes the harbour road", "author": {"name": "Ann Lee"}}'
    "</script>",
    body_extra='<p class="byline">By Ann Lee</p><time datetime="2026-11-20">20 Nov</time>',
)
FRAGMENTS = st.sampled_from([
    "<div>", "</div>", "<p>", "</p>", "<script>", "</script>", "<!--", "-->", "<![CDATA[", "&amp;",
    "&#0;", "&#xD800;", "\x00", "\ufeff", "<html>", "</body>", "<title>", "<meta charset=x>",
    '<script type="application/ld+json">{', "<time datetime='9999-99-99'>", "<a href='javascript:x'>",
    "<" * 50, "<div>" * 300, "</div>" * 300, "\u202e", "é", "<svg><foreignObject><p>",
])  # fmt: skip


@st.composite
def mutated_html(draw) -> bytes:
    text = BASE
    for _ in range(draw(st.integers(1, 6))):
        i = draw(st.integers(0, len(text)))
        j = draw(st.integers(i, min(len(text), i + 200)))
        kind = draw(st.sampled_from(["insert", "delete", "duplicate", "truncate", "text"]))
        if kind == "insert":
            text = text[:i] + draw(FRAGMENTS) + text[i:]
        elif kind == "delete":
            text = text[:i] + text[j:]
        elif kind == "duplicate":
            text = text[:j] + text[i:j] + text[j:]
        elif kind == "truncate":
            text = text[:i]
        else:
            text = text[:i] + draw(URL_TEXT) + text[i:]
    encoding = draw(st.sampled_from(["utf-8", "utf-16", "cp1252", "latin-1"]))
    return text.encode(encoding, "replace")


def run_chain(html: bytes, ctype: str) -> None:
    page = Page(url="https://news.example/2026/11/storm", html=html, headers={"Content-Type": ctype},
                fetched=FETCHED.isoformat())  # fmt: skip
    article = build_article(page)
    if article.error:
        assert article.error.startswith(("not html", "not an article"))
        return
    record = article.record
    assert record["url"].startswith("https://news.example/")
    if record.get("published_utc"):
        assert record["published_utc"][:10] <= (FETCHED + timedelta(days=1)).date().isoformat()


@CHAIN
@given(mutated_html(), st.sampled_from(["text/html; charset=utf-8", "text/html", "text/html; charset=bogus", ""]))  # fmt: skip
def test_extract_clean_normalise_survive_mutated_html(html, ctype):
    with within(10):
        run_chain(html, ctype)


def test_a_page_of_many_tiny_blocks_takes_bounded_time():
    html = article_html("Many blocks", body_extra="<p>filler words here</p>" * 40_000).encode()
    with within(5):
        run_chain(html, "text/html")
