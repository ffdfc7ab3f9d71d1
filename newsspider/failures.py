"""Why a request failed, as the stable reason a `rejects` row (or a failed
listing) gives: one wording per cause, whichever layer raised it (Scrapy,
Twisted, the address guard, robots.txt).
"""

from __future__ import annotations

from asyncio import CancelledError
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.error import ConnectionRefusedError, DNSLookupError
from twisted.internet.error import TimeoutError as TwistedTimeoutError

from newsspider.netsafety import BlockedRequest


def failure_reason(error: BaseException, request: Request | None = None) -> str | None:
    """The stable ``rejects`` reason for a request that failed, or None when
    the request was not ours to make (forbidden by robots.txt).

    >>> failure_reason(DownloadTimeoutError("Getting http://a.example/x took longer than 2 seconds."))
    'fetch failed: timeout: Getting http://a.example/x took longer than 2 seconds.'
    >>> failure_reason(IgnoreRequest("max redirections reached"))
    'fetch failed: too many redirects'
    >>> failure_reason(IgnoreRequest("Forbidden by robots.txt")) is None
    True
    >>> failure_reason(DNSLookupError("no results"), Request("https://nowhere.example/x"))
    'fetch failed: cannot resolve host nowhere.example'
    >>> failure_reason(ConnectionRefusedError(), Request("http://127.0.0.1:9/x"))
    'fetch failed: connection refused by 127.0.0.1:9'
    """
    message = " ".join(str(error).split())[:300]
    if isinstance(error, BlockedRequest | DNSLookupError) and message.startswith("blocked:"):
        return message
    if isinstance(error, BlockedRequest):
        return message
    if isinstance(error, HttpError):  # before IgnoreRequest, which it subclasses
        return f"http {error.response.status}"
    if isinstance(error, IgnoreRequest):
        if message.startswith("Forbidden by robots.txt"):
            return None
        if message.startswith("Filtered offsite request"):
            target = request.url if request is not None else message
            return f"fetch failed: redirected off-site: {target}"
        if message == "max redirections reached":
            return "fetch failed: too many redirects"
        if message.startswith("redirect loop"):
            return f"fetch failed: {message}"
        if "DOWNLOAD_MAXSIZE" in message:
            return f"fetch failed: too large: {message}"
        return f"fetch failed: ignored: {message}"
    if isinstance(error, DownloadTimeoutError | TimeoutError | TwistedTimeoutError):
        return f"fetch failed: timeout: {message}"
    if isinstance(error, DownloadCancelledError | CancelledError) and (
        "max size" in message or not message
    ):
        return f"fetch failed: too large: {message or 'larger than DOWNLOAD_MAXSIZE'}"
    if isinstance(error, ResponseDataLossError):
        return "fetch failed: truncated: the connection closed before the whole body arrived"
    if isinstance(error, DNSLookupError | CannotResolveHostError) and not message.startswith(
        "blocked:"
    ):
        return f"fetch failed: cannot resolve host {urlsplit(request.url).hostname if request else message}"
    if isinstance(error, ConnectionRefusedError | DownloadConnectionRefusedError):
        return f"fetch failed: connection refused by {urlsplit(request.url).netloc if request else message}"
    return f"fetch failed: {type(error).__name__}: {message}".strip()
