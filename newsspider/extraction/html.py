"""Decode and parse a page once."""

from __future__ import annotations

from lxml.html import HtmlElement
from trafilatura.utils import load_html
from w3lib.encoding import html_body_declared_encoding, html_to_unicode

#: Bytes of HTML we parse at most; the rest of a giant page is not an article.
MAX_HTML_BYTES = 8 * 1024 * 1024


def decode_html(data: bytes, content_type: str | None = None) -> str:
    """Decode page bytes: BOM, then the HTTP charset, then ``<meta charset>``,
    then a guess; undecodable bytes are replaced, never fatal.

    >>> decode_html("café".encode("cp1252"), "text/html; charset=windows-1252")
    'café'
    >>> decode_html(b'<meta charset="utf-8">caf\\xc3\\xa9')
    '<meta charset="utf-8">café'
    """
    data = data[:MAX_HTML_BYTES]
    declared = html_body_declared_encoding(data)
    _, text = html_to_unicode(content_type, data, default_encoding=declared or "utf-8")
    return text


def parse_html(data: bytes | str, content_type: str | None = None) -> HtmlElement | None:
    """Parse a page into an lxml tree (None if it is not HTML at all).

    >>> parse_html(b"<html><body><h1>Hi</h1><p>there</p></body></html>").findtext(".//h1")
    'Hi'
    """
    text = decode_html(data, content_type) if isinstance(data, bytes) else data
    text = text.replace("\x00", "")
    if not text.strip():
        return None
    try:
        return load_html(text)
    except (ValueError, TypeError):
        return None
