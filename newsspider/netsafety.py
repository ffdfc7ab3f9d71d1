"""SSRF guard: refuse non-HTTP schemes and hosts that resolve to loopback,
private, link-local, multicast or reserved addresses, unless
``NEWS_ALLOW_PRIVATE`` is on or the exact host[:port] is in
``NEWS_ALLOW_HOSTS``. Redirects pass through here again, so they are
re-checked, and ``RedirectGuardMiddleware`` checks a redirect's target
before Scrapy follows it, so a refused redirect leaves a reason.

    >>> is_public_address("93.184.216.34"), is_public_address("127.0.0.1")
    (True, False)
    >>> is_public_address("::ffff:169.254.169.254"), is_public_address("10.1.2.3")
    (False, False)

Every spelling of an address that a C resolver accepts is read as the
address it names, before any DNS look-up:

    >>> [str(literal_address(h)) for h in ("2130706433", "0x7f000001", "0177.0.0.1", "127.1", "[::1]")]
    ['127.0.0.1', '127.0.0.1', '127.0.0.1', '127.0.0.1', '::1']
    >>> literal_address("news.example") is None
    True

``SafeResolver`` does the same check again at connect time, on the very
address Twisted is about to connect to (``TWISTED_DNS_RESOLVER``), which
closes the gap a DNS rebinding attack would use between the two look-ups.
"""

from __future__ import annotations

import asyncio
import ipaddress
import json
import socket
from urllib.parse import urljoin, urlsplit

from scrapy.core.downloader.handlers import http11
from scrapy.exceptions import IgnoreRequest
from scrapy.resolver import CachingThreadedResolver
from twisted.internet.error import DNSLookupError
from twisted.web import _newclient
from w3lib.url import safe_url_string

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
DEFAULT_PORTS = {"http": 80, "https": 443}
#: IPv6 ranges that carry an IPv4 address in their last 32 bits
NAT64 = ipaddress.ip_network("64:ff9b::/96")
IPV4_COMPATIBLE = ipaddress.ip_network("::/96")
#: IPv4 ranges Python 3.11 still calls global: IETF protocol assignments, shared CGNAT space
NOT_GLOBAL_V4 = (ipaddress.ip_network("192.0.0.0/24"), ipaddress.ip_network("100.64.0.0/10"))


class BlockedRequest(IgnoreRequest):
    """A request the guard refused; the message says why (``blocked: ...``)."""


class UnresolvableHost(BlockedRequest):
    """The guard could not look the host up, so it cannot vouch for it."""


class HeadersTooLarge(BlockedRequest):
    """A response whose headers passed `NEWS_MAX_HEADERS` or `NEWS_MAX_HEADER_BYTES`
    while they were being received (``fetch failed: headers too large: ...``)."""


class CappedHeaderParser(http11._LenientHTTPClientParser):
    """Scrapy's HTTP/1.1 response parser, counting the status and header lines
    as they arrive: past `max_headers` lines or `max_bytes` bytes, the
    connection is dropped, so a response cannot fill memory with headers
    (Twisted cuts each line at 16 KiB, but not their number). Scrapy turns
    each new parser into this class (see `cap_response_headers`), after
    `connectionMade`, so the counts start on the first line."""

    max_headers = 100
    max_bytes = 64 * 1024
    header_lines = header_bytes = 0

    def lineReceived(self, line: bytes) -> None:
        if self.state in (_newclient.STATUS, _newclient.HEADER):
            self.header_lines += 1
            self.header_bytes += len(line) + 1
            if self.header_lines > self.max_headers + 1:
                raise HeadersTooLarge(
                    f"fetch failed: headers too large: more than {self.max_headers} header lines"
                )
            if self.header_bytes > self.max_bytes:
                raise HeadersTooLarge(
                    f"fetch failed: headers too large: more than {self.max_bytes} bytes"
                )
        super().lineReceived(line)

    def lineLengthExceeded(self, line: bytes):
        if self.state in (_newclient.STATUS, _newclient.HEADER):
            raise HeadersTooLarge(
                f"fetch failed: headers too large: a line longer than {self.MAX_LENGTH} bytes"
            )
        return super().lineLengthExceeded(line)


def cap_response_headers(max_headers: int, max_bytes: int) -> None:
    """Parse every HTTP/1.1 response of this process with `CappedHeaderParser`.
    Scrapy's HTTP/1.1 download handler sets the class of the parser Twisted
    made for each request to the module attribute ``_LenientHTTPClientParser``
    (Twisted hard-codes its own class); there is no setting for either, so the
    attribute is replaced here, in one place, for the whole process."""
    CappedHeaderParser.max_headers, CappedHeaderParser.max_bytes = max_headers, max_bytes
    http11._LenientHTTPClientParser = CappedHeaderParser


def headers_too_large(exception: BaseException | None) -> HeadersTooLarge | None:
    """The HeadersTooLarge behind a failed download: Twisted wraps it in a
    ResponseFailed, which Scrapy wraps in a DownloadFailedError."""
    if exception is None or isinstance(exception, HeadersTooLarge):
        return exception
    for reason in getattr(exception, "reasons", None) or []:
        if isinstance(getattr(reason, "value", None), HeadersTooLarge):
            return reason.value
    return headers_too_large(exception.__cause__)


def literal_address(host: str) -> IPAddress | None:
    """The address `host` spells, in any form ``inet_aton`` accepts (dotted,
    decimal, hex, octal, short) or as IPv6; None for a name."""
    host = host.strip("[]").split("%", 1)[0]
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        pass
    if not host or not all(c.isalnum() or c == "." for c in host):
        return None
    try:
        return ipaddress.IPv4Address(socket.inet_aton(host))
    except OSError:
        return None


def embedded_ipv4(ip: IPAddress) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address carries (mapped, 6to4, NAT64,
    IPv4-compatible, Teredo client), if any.

    >>> str(embedded_ipv4(ipaddress.ip_address("64:ff9b::a00:1")))
    '10.0.0.1'
    """
    if not isinstance(ip, ipaddress.IPv6Address):
        return None
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip.teredo is not None:
        return ip.teredo[1]
    if ip in NAT64 or (ip in IPV4_COMPATIBLE and int(ip) > 1):
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def is_public_address(address: str | IPAddress) -> bool:
    """True for a globally routable unicast address, and for nothing else."""
    ip = address if not isinstance(address, str) else ipaddress.ip_address(address.split("%", 1)[0])
    inner = embedded_ipv4(ip)
    if inner is not None:
        return is_public_address(inner)
    if isinstance(ip, ipaddress.IPv4Address) and any(ip in net for net in NOT_GLOBAL_V4):
        return False
    return ip.is_global and not (ip.is_multicast or ip.is_reserved or ip.is_private)


def host_and_port(url_or_netloc: str) -> tuple[str, int | None]:
    """(lower-case host, port or the scheme's default) of a URL or ``host[:port]``.

    >>> host_and_port("http://127.0.0.1:8080/x"), host_and_port("[::1]:81"), host_and_port("a.example")
    (('127.0.0.1', 8080), ('::1', 81), ('a.example', None))
    """
    parts = urlsplit(url_or_netloc if "//" in url_or_netloc else "//" + url_or_netloc)
    try:
        port = parts.port or DEFAULT_PORTS.get(parts.scheme)
    except ValueError:
        port = None
    return (parts.hostname or "").rstrip("."), port


def is_allowed_host(url: str, allowed: list[str]) -> bool:
    """True when `url`'s host and port are exactly an entry of the allow-list
    (an entry without a port allows every port of that host).

    >>> is_allowed_host("http://127.0.0.1:8080/a", ["127.0.0.1:8080"])
    True
    >>> [is_allowed_host(u, ["127.0.0.1:8080"]) for u in ("http://127.0.0.1:8081/", "http://2130706433:8080/")]
    [False, False]
    """
    host, port = host_and_port(url)
    for entry in allowed:
        want_host, want_port = host_and_port(entry.strip().lower())
        if host == want_host and want_port in (None, port):
            return True
    return False


#: how a user lets the guard through, named in every refusal
ALLOW_HINT = "allow it with -s NEWS_ALLOW_HOSTS=host:port or -s NEWS_ALLOW_PRIVATE=True"


def refusal(host: str, addresses: list[str]) -> str | None:
    """Why `host`, resolving to `addresses`, must not be fetched; None if it may.

    >>> refusal("intranet.example", ["10.0.0.7"])
    'blocked: intranet.example resolves to a non-public address (10.0.0.7); allow it with -s NEWS_ALLOW_HOSTS=host:port or -s NEWS_ALLOW_PRIVATE=True'
    """
    bad = [a for a in addresses if not is_public_address(a)]
    if bad or not addresses:
        return (f"blocked: {host} resolves to a non-public address ({', '.join(bad) or 'none'}); "
                f"{ALLOW_HINT}")  # fmt: skip
    return None


async def resolve(host: str, timeout: float) -> list[str]:
    if (literal := literal_address(host)) is not None:
        return [str(literal)]
    loop = asyncio.get_running_loop()
    infos = await asyncio.wait_for(loop.getaddrinfo(host, None, type=socket.SOCK_STREAM), timeout)
    return [info[4][0] for info in infos]


def allowed_hosts(settings) -> list[str]:
    """``NEWS_ALLOW_HOSTS`` as ``host[:port]`` entries, given as a list, a
    comma-separated string or a JSON list (both as ``-s`` may pass them);
    ValueError names an entry that is no host.

    >>> from scrapy.settings import Settings
    >>> allowed_hosts(Settings({"NEWS_ALLOW_HOSTS": '["127.0.0.1:18001", "intra.example"]'}))
    ['127.0.0.1:18001', 'intra.example']
    >>> allowed_hosts(Settings({"NEWS_ALLOW_HOSTS": "127.0.0.1:18001, [::1]:81"}))
    ['127.0.0.1:18001', '[::1]:81']
    >>> allowed_hosts(Settings({"NEWS_ALLOW_HOSTS": "a.example:99999"}))
    Traceback (most recent call last):
    ...
    ValueError: NEWS_ALLOW_HOSTS: 'a.example:99999' is not a host or host:port (Port out of range 0-65535)
    """
    value = settings.get("NEWS_ALLOW_HOSTS") or []
    if isinstance(value, str) and value.strip().startswith("["):
        try:
            value = json.loads(value)
        except ValueError as exc:
            raise ValueError(f"NEWS_ALLOW_HOSTS: not a JSON list: {value!r} ({exc})") from exc
    entries = value.split(",") if isinstance(value, str) else list(value)
    return [_host_entry(str(entry).strip()) for entry in entries if str(entry).strip()]


def _host_entry(entry: str) -> str:
    why = "no host"
    try:
        parts = urlsplit(entry if "//" in entry else "//" + entry)
        parts.port  # noqa: B018 -- raises ValueError for a bad port
    except ValueError as exc:
        parts, why = None, str(exc)
    if parts is None or not parts.hostname or parts.path not in ("", "/"):
        raise ValueError(f"NEWS_ALLOW_HOSTS: {entry!r} is not a host or host:port ({why})")
    return entry


class Guard:
    """The check both middlewares share: settings read once, stats counted."""

    def __init__(self, crawler) -> None:
        settings = crawler.settings
        self.stats = crawler.stats
        self.allow_private = settings.getbool("NEWS_ALLOW_PRIVATE")
        self.allow_hosts = allowed_hosts(settings)
        self.dns_timeout = settings.getfloat("DNS_TIMEOUT", 60.0)
        cap_response_headers(
            settings.getint("NEWS_MAX_HEADERS", 100),
            settings.getint("NEWS_MAX_HEADER_BYTES", 65536),
        )

    async def check(self, url: str, what: str = "") -> None:
        """Raise BlockedRequest unless `url` may be fetched; `what` prefixes the
        reason (e.g. "redirect to URL: ")."""
        try:
            await self._check(url, what)
        except BlockedRequest as exc:
            if not isinstance(exc, UnresolvableHost):
                self.stats.inc_value("news/ssrf/blocked")
            raise

    async def _check(self, url: str, what: str) -> None:
        parts = urlsplit(url)
        if parts.scheme.lower() not in DEFAULT_PORTS:
            raise BlockedRequest(f"blocked: {what}scheme {parts.scheme.lower()!r} is not http(s)")
        if self.allow_private or is_allowed_host(url, self.allow_hosts):
            return
        host = (parts.hostname or "").rstrip(".")
        try:
            addresses = await resolve(host, self.dns_timeout)
        except (OSError, UnicodeError, TimeoutError, ValueError) as exc:
            raise UnresolvableHost(
                f"fetch failed: cannot resolve host {host!r}: {exc or type(exc).__name__}"
            ) from exc
        if why := refusal(host, addresses):
            raise BlockedRequest(why.replace("blocked: ", f"blocked: {what}", 1))


class SafeFetchMiddleware:
    """Checks every request before it is sent (priority below 100, so before
    robots.txt is fetched for it): redirects and meta refreshes come back
    through here as new requests."""

    def __init__(self, crawler) -> None:
        self.guard = Guard(crawler)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    async def process_request(self, request, spider=None):
        await self.guard.check(request.url)
        return None


class RedirectGuardMiddleware:
    """Checks a 3xx's target before Scrapy's RedirectMiddleware acts on it
    (priority above 600), so a refused redirect fails the original request
    with a reason; a redirect back to a URL of the same chain is a loop. Without it, Scrapy silently drops a redirect to another
    domain (offsite) and returns a redirect to a non-HTTP URL unfollowed."""

    def __init__(self, crawler) -> None:
        self.guard = Guard(crawler)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_exception(self, request, exception, spider=None):
        """A response refused for its headers fails with its reason, and is
        not retried (RetryMiddleware would retry Twisted's ResponseFailed)."""
        if (refused := headers_too_large(exception)) is not None:
            raise refused
        return None

    async def process_response(self, request, response, spider=None):
        location = response.headers.get("Location") if 300 <= response.status < 400 else None
        if location and response.status != 304:
            target = urljoin(request.url, safe_url_string(location.decode("latin-1").strip()))
            await self.guard.check(target, f"redirect to {target[:200]}: ")
            if target in (request.url, *request.meta.get("redirect_urls", ())):
                # Scrapy's duplicate filter would drop it without a word
                raise IgnoreRequest(f"redirect loop: {target[:200]}")
        return response


class SafeResolver(CachingThreadedResolver):
    """Scrapy's resolver, refusing non-public answers at connect time (the
    address Twisted connects to is the one checked). Hosts named in
    ``NEWS_ALLOW_HOSTS`` pass, whatever the port: the middleware checks ports.
    Install with ``TWISTED_DNS_RESOLVER = "newsspider.netsafety.SafeResolver"``
    (``scrapy crawl`` installs it; in-process ``CrawlerRunner`` crawls do not)."""

    allow_private = False
    allow_hosts: frozenset[str] = frozenset()

    @classmethod
    def from_crawler(cls, crawler, reactor):
        resolver = super().from_crawler(crawler, reactor)
        resolver.allow_private = crawler.settings.getbool("NEWS_ALLOW_PRIVATE")
        hosts = allowed_hosts(crawler.settings)
        resolver.allow_hosts = frozenset(host_and_port(h.lower())[0] for h in hosts)
        return resolver

    def getHostByName(self, name: str, timeout=()):
        d = super().getHostByName(name, timeout)
        if self.allow_private or name.lower().rstrip(".") in self.allow_hosts:
            return d
        return d.addCallback(self._refuse_private, name)

    @staticmethod
    def _refuse_private(address: str, name: str) -> str:
        if not is_public_address(address):
            raise DNSLookupError(
                f"blocked: {name} resolves to a non-public address ({address}); {ALLOW_HINT}"
            )
        return address
