"""Decode and parse a page once."""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes
from lxml.html import HtmlElement
from trafilatura.utils import HTML_PARSER, load_html
from w3lib.encoding import (
    html_body_declared_encoding,
    html_to_unicode,
    http_content_type_encoding,
)

#: Bytes of HTML we parse at most; the rest of a giant page is not an article.
MAX_HTML_BYTES = 8 * 1024 * 1024
#: Single-byte Latin encodings a guess may confuse with each other; cp1252 is
#: what such a page almost always is (browsers read latin-1 as cp1252 too).
LATIN = {
    "cp1250", "cp1252", "cp1254", "cp1257", "latin_1", "iso8859_2", "iso8859_4", "iso8859_9",
    "iso8859_13", "iso8859_15", "mac_roman", "mac_latin2",
}  # fmt: skip
BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
#: 64 or more container tags opened in a row: libxml2 gives up at depth 256
#: and the article under them would be lost.
DEEP = re.compile(
    r"(?:<(?:div|span|section|article|main|font|b|i|center|table|tr|td|ul|li|blockquote)\b[^<>]*>\s*){64,}",
    re.I,
)


def decode_html(data: bytes, content_type: str | None = None) -> str:
    """Decode page bytes: BOM, then the HTTP charset, then bytes that are
    valid UTF-8 (a saved page often keeps a legacy ``<meta charset>`` its
    bytes no longer have), then ``<meta charset>``, then a guess, as
    trafilatura's decoder does; undecodable bytes are replaced, never fatal.

    >>> decode_html("café".encode("cp1252"), "text/html; charset=windows-1252")
    'café'
    >>> decode_html(b'<meta charset="utf-8">caf\\xc3\\xa9')
    '<meta charset="utf-8">café'
    >>> decode_html('<meta charset="iso-8859-1">sanción'.encode())
    '<meta charset="iso-8859-1">sanción'
    >>> decode_html('<meta charset="iso-8859-1">sanción'.encode("latin-1"))
    '<meta charset="iso-8859-1">sanción'
    """
    data = data[:MAX_HTML_BYTES]
    unlabelled = not data.startswith(BOMS) and http_content_type_encoding(content_type) is None
    if unlabelled and (text := _utf8(data)) is not None:
        return text
    declared = html_body_declared_encoding(data)
    _, text = html_to_unicode(content_type, data, default_encoding=declared or "utf-8")
    if "\ufffd" in text and not data.startswith(BOMS):
        return _guessed(data) or text
    return text


def _utf8(data: bytes) -> str | None:
    """`data` as UTF-8 when it is valid UTF-8 and not plain ASCII (which a
    7-bit encoding such as ISO-2022-JP also is); a character cut by the size
    cap at the end is dropped.

    >>> _utf8("北京".encode()), _utf8(b"plain"), _utf8("café".encode("cp1252"))
    ('北京', None, None)
    """
    if data.isascii():
        return None
    final = len(data) < MAX_HTML_BYTES  # else the cap may have cut a character
    try:
        return codecs.getincrementaldecoder("utf-8")().decode(data, final=final)
    except UnicodeDecodeError:
        return None


def _guessed(data: bytes) -> str | None:
    """A better decoding of a page its label got wrong (cp1252 labelled
    utf-8, Shift_JIS with no label), if there is one.

    >>> _guessed("Café déjà vu au théâtre ce soir".encode("cp1252"))
    'Café déjà vu au théâtre ce soir'
    """
    best = from_bytes(data[:65536]).best()
    if best is None:
        return None
    encoding = best.encoding
    if encoding in LATIN:
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            pass
    text = data.decode(encoding, errors="replace")
    return (
        text
        if text.count("\ufffd") < data.decode("utf-8", errors="replace").count("\ufffd")
        else None
    )


def parse_html(data: bytes | str, content_type: str | None = None) -> HtmlElement | None:
    """Parse a page into an lxml tree (None if it is not HTML at all).

    >>> parse_html(b"<html><body><h1>Hi</h1><p>there</p></body></html>").findtext(".//h1")
    'Hi'
    >>> deep = "<html><body>" + "<div>" * 1000 + "<p>deep text</p>" + "</div>" * 1000 + "</body></html>"
    >>> parse_html(deep).findtext(".//p")
    'deep text'
    """
    text = decode_html(data, content_type) if isinstance(data, bytes) else data
    text = text.replace("\x00", "")
    if not text.strip():
        return None
    tree = _load(text)
    if any("Excessive depth" in e.message for e in HTML_PARSER.error_log):
        # libxml2 stopped at depth 256 and lost the rest: flatten the runs of
        # opening tags (rare, so the costly pattern only runs here) and parse again
        tree = _load(DEEP.sub(lambda m: m.group(0)[: m.group(0).index(">") + 1], text))
    return tree


def _load(text: str) -> HtmlElement | None:
    try:
        return load_html(text)
    except (ValueError, TypeError):
        return None
