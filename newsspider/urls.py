"""URL helpers: canonical form, tracking parameters, safe canonical links.

Pure functions, no Scrapy.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, quote, urlencode, urljoin, urlsplit, urlunsplit

TRACKING = re.compile(
    r"^(utm_\w+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|igshid|_ga|_gl|cmpid|ocid|"
    r"ito|ns_\w+|at_\w+|share|smid|src|ref|ref_src|referrer|outputType|amp)$",
    re.I,
)
DEFAULT_PORTS = {"http": 80, "https": 443}
#: white space in a path is percent-encoded, as browsers send it (raw, a trailing
#: space would be stripped the next time round: "/a " and "/a" are not the same page)
WHITESPACE = re.compile(r"\s")


def canonicalize_url(url: str) -> str:
    """The one spelling of `url` we store: lower-case scheme and host, no
    default port, no fragment, no tracking parameters, no empty path.

    >>> canonicalize_url("HTTPS://Example.COM:443/a/b?utm_source=x&id=3#top")
    'https://example.com/a/b?id=3'
    >>> canonicalize_url("http://example.com")
    'http://example.com/'
    >>> canonicalize_url("https://example.com/a%7eb/?b=2&a=1")
    'https://example.com/a~b/?b=2&a=1'
    >>> canonicalize_url("http://[::1]:8080/x"), canonicalize_url("http://a.example:99999/")
    ('http://[::1]:8080/x', 'http://a.example:99999/')
    >>> canonicalize_url("http://a.example/big news ?#")
    'http://a.example/big%20news%20'
    """
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:  # a broken authority ("http://[::1/", "host:99999"): leave it alone
        return url.strip()
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower().rstrip(".")
    netloc = f"[{host}]" if ":" in host else host
    if port and port != DEFAULT_PORTS.get(scheme):
        netloc = f"{netloc}:{port}"
    path = re.sub(r"%7[eE]", "~", parts.path) or "/"
    path = WHITESPACE.sub(lambda m: quote(m.group()), path)
    query = [
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not TRACKING.match(k)
    ]
    return urlunsplit((scheme, netloc, path, urlencode(query, safe="/:,"), ""))


def same_site(url: str, other: str) -> bool:
    """True when both URLs share a host, ignoring a leading ``www.``.

    >>> same_site("https://www.a.example/x", "http://a.example/y")
    True
    >>> same_site("https://a.example/x", "https://b.example/x")
    False
    """

    def host(u: str) -> str:
        h = (urlsplit(u).hostname or "").lower()
        return h[4:] if h.startswith("www.") else h

    return host(url) == host(other) != ""


def choose_canonical(page_url: str, canonical: str | None) -> str:
    """The page's ``rel=canonical`` if it is a sane link to the same site and
    not the bare homepage, else the page URL; canonicalised either way.

    >>> choose_canonical("https://a.example/2024/x?utm_source=t", "/2024/x")
    'https://a.example/2024/x'
    >>> choose_canonical("https://a.example/2024/x", "https://a.example/")
    'https://a.example/2024/x'
    >>> choose_canonical("https://a.example/2024/x", "https://evil.example/2024/x")
    'https://a.example/2024/x'
    """
    if canonical:
        target = urljoin(page_url, canonical.strip())
        parts = urlsplit(target)
        if (
            parts.scheme in DEFAULT_PORTS
            and same_site(page_url, target)
            and parts.path not in ("", "/")
        ):
            return canonicalize_url(target)
    return canonicalize_url(page_url)


DATE_IN_URL = re.compile(
    r"/((?:19|20)\d{2})(?:[/-]?(0[1-9]|1[0-2])[/-]?(0[1-9]|[12]\d|3[01])?"
    r"|/([1-9]|1[0-2])/([1-9]|[12]\d|3[01]))(?=[/_.-]|$)"
)


def date_from_url(url: str) -> str | None:
    """The date a URL path spells, if any (YYYY-MM-DD, or YYYY-MM).

    >>> date_from_url("https://a.example/2024/03/05/story.html")
    '2024-03-05'
    >>> date_from_url("https://a.example/news/20240305-story")
    '2024-03-05'
    >>> date_from_url("https://a.example/2024/03/story")
    '2024-03'
    >>> date_from_url("https://a.example/news/2024/3/5/story")
    '2024-03-05'
    >>> date_from_url("https://a.example/story-123456") is None
    True
    """
    m = DATE_IN_URL.search(urlsplit(url).path)
    if not m:
        return None
    year, month, day, short_month, short_day = m.groups()
    if short_month:
        return f"{year}-{int(short_month):02d}-{int(short_day):02d}"
    return f"{year}-{month}-{day}" if day else f"{year}-{month}"
