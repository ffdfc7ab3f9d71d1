"""SSRF guard: refuse non-HTTP schemes and hosts that resolve to loopback,
private, link-local, multicast or reserved addresses, unless
``NEWS_ALLOW_PRIVATE`` is on. Redirects pass through here again, so they are
re-checked.

    >>> is_public_address("93.184.216.34"), is_public_address("127.0.0.1")
    (True, False)
    >>> is_public_address("::ffff:169.254.169.254"), is_public_address("10.1.2.3")
    (False, False)
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from urllib.parse import urlsplit

from scrapy.exceptions import IgnoreRequest


class BlockedRequest(IgnoreRequest):
    """A request the guard refused; the message says why."""


def is_public_address(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


async def resolve(host: str) -> list[str]:
    infos = await asyncio.get_running_loop().getaddrinfo(host, None, type=socket.SOCK_STREAM)
    return [info[4][0] for info in infos]


class SafeFetchMiddleware:
    def __init__(self, allow_private: bool) -> None:
        self.allow_private = allow_private

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.settings.getbool("NEWS_ALLOW_PRIVATE"))

    async def process_request(self, request, spider=None):
        parts = urlsplit(request.url)
        if parts.scheme not in ("http", "https"):
            raise BlockedRequest(f"blocked: scheme {parts.scheme!r} is not http(s)")
        if self.allow_private:
            return None
        host = parts.hostname or ""
        try:
            addresses = await resolve(host)
        except (OSError, UnicodeError) as exc:
            raise BlockedRequest(f"cannot resolve host {host!r}: {exc}") from exc
        bad = [a for a in addresses if not is_public_address(a)]
        if bad or not addresses:
            raise BlockedRequest(
                f"blocked: {host} resolves to a non-public address ({', '.join(bad)})"
            )
        return None
