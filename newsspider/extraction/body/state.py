"""The article text a script holds as page state, for pages whose HTML has
none: Next.js (``__NEXT_DATA__``, the App Router's ``self.__next_f.push``),
``window.__INITIAL_STATE__``, Apollo, Redux and other state serialised as
JSON. A general walker, no path of one site: every JSON value in those
scripts is searched for the longest text under a key that names a body
(``body``, ``content``, ``text``, ``articleBody``, ``html`` ...): a string
(plain text or HTML) or a list of paragraphs (strings, or objects with
their text).

    >>> from lxml.html import fromstring
    >>> page = fromstring('<html><body><div id="__next"></div><script id="__NEXT_DATA__" '
    ...     'type="application/json">{"props": {"story": {"title": "Rain", "body": '
    ...     '[{"type": "p", "text": "The river rose in the night and the old town stood a metre deep."}, '
    ...     '{"text": "People left their homes by boat before dawn."}]}}}</script></body></html>')
    >>> state_body(page)
    ('The river rose in the night and the old town stood a metre deep.\\nPeople left their homes by boat before dawn.', 'script:__NEXT_DATA__')
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from html import unescape
from typing import Any

from lxml.etree import XPath
from lxml.html import HtmlElement

from newsspider.extraction.body.declared import HTML_BREAK, HTML_TAG, text_lines

#: scripts that may hold page state: JSON data scripts, and scripts assigning or pushing state
SCRIPTS = XPath(
    "//script[not(@src) and (@type='application/json' or @id='__NEXT_DATA__' or not(@type) "
    "or @type='text/javascript' or @type='module')]"
)
#: the names a framework gives its serialised state, and where a JSON value starts after them
STATE_NAME = re.compile(
    r"__NEXT_DATA__|__next_f|__NUXT_DATA__|__INITIAL_STATE__|__INITIAL_DATA__|__APOLLO_STATE__|"
    r"__PRELOADED_STATE__|__PRELOADED_DATA__|__STATE__|__APP_STATE__|__DATA__|__remixContext|"
    r"__staticRouterHydrationData|__FRONTITY_CONNECT_STATE__"
)
JSON_START = re.compile(r"(?:=|\()\s*([\[{\"])")
#: the most JSON values tried in one script
MAX_TRIES = 50
#: keys whose value may be the article's text (lower case, "_" and "-" removed)
BODY_KEYS = frozenset(
    {"body", "articlebody", "content", "contents", "text", "html", "bodyhtml", "contenthtml", "bodytext",
     "articletext", "articlecontent", "fulltext", "paragraphs", "blocks", "richtext", "value", "children",
     "story", "storybody", "maincontent", "description"}
)  # fmt: skip
#: keys of a paragraph object in a list that hold its text
PART_KEYS = ("text", "content", "html", "value", "body", "children")
#: a text taken from state has at least this many words, and this share of its lines end a sentence
MIN_WORDS = 20
MIN_SENTENCE_SHARE = 0.3
SENTENCE_END = re.compile(r"[.!?。！？…][\"'”’»)]*$")
#: scripts larger than this are not parsed (page state is rarely bigger)
MAX_SCRIPT = 5_000_000
JSON_DEPTH = 40
#: a template's placeholder left in the text: "$$ARTICLEAD$$", "{{ad_slot}}"
PLACEHOLDER = re.compile(r"\$\$[A-Za-z_]+\$\$|\{\{\s*\w+\s*\}\}")
HTML_HINT = re.compile(r"<(p|br|div|h[1-6]|li|span|a|strong|em|b|i)\b[^<>]*>", re.I)


def state_body(tree: HtmlElement) -> tuple[str, str] | None:
    """The longest article-like text in the page's state scripts, one
    paragraph a line, and its origin ("script:" and the state's name); None
    if there is none."""
    best: tuple[int, str, str] | None = None
    for name, data in state_values(tree):
        for text in texts(data):
            lines = text_lines(text)
            words = sum(len(line.split()) for line in lines)
            if words < MIN_WORDS or words <= (best[0] if best else 0) or not _prose(lines):
                continue
            best = (words, "\n".join(lines), f"script:{name}")
    return (best[1], best[2]) if best else None


def _prose(lines: list[str]) -> bool:
    """Whether enough of `lines` end a sentence (text, not a list of names or links)."""
    return sum(bool(SENTENCE_END.search(line)) for line in lines) >= MIN_SENTENCE_SHARE * len(lines)


def state_values(tree: HtmlElement) -> Iterator[tuple[str, Any]]:
    """(state name, parsed JSON) of every state script of the page.

    >>> from lxml.html import fromstring
    >>> page = fromstring('<html><body><script>window.__INITIAL_STATE__ = {"a": 1};</script></body></html>')
    >>> list(state_values(page))
    [('__INITIAL_STATE__', {'a': 1})]
    """
    for script in SCRIPTS(tree):
        text = script.text or ""
        if len(text) > MAX_SCRIPT:
            continue
        named = STATE_NAME.search(text) or STATE_NAME.search(script.get("id") or "")
        if script.get("type") == "application/json":
            name = named[0] if named else script.get("id") or "json"
            yield from ((name, v) for v in _json_at(text.strip(), 0))
        elif named:
            yield from ((named[0], v) for v in _assigned(text, named.end()))


def _assigned(text: str, pos: int) -> Iterator[Any]:
    """The JSON values assigned or passed in a script from `pos` on:
    ``= {...}``, ``push([...])``, ``JSON.parse("...")``."""
    for _ in range(MAX_TRIES):
        start = JSON_START.search(text, pos)
        if start is None:
            return
        try:
            value, pos = json.JSONDecoder(strict=False).raw_decode(text, start.start(1))
        except (ValueError, RecursionError):
            pos = start.end()
            continue
        yield from _parsed(value)


def _json_at(text: str, start: int) -> Iterator[Any]:
    """The JSON value starting at `start` of `text`, if one does."""
    try:
        value, _ = json.JSONDecoder(strict=False).raw_decode(text, start)
    except (ValueError, RecursionError):
        return
    yield from _parsed(value)


def _parsed(value: Any) -> Iterator[Any]:
    """`value`, and the JSON a string value holds (as ``JSON.parse("...")`` takes it)."""
    if isinstance(value, str) and value[:1] in "[{":
        yield from _json_at(value, 0)
    yield value


def texts(data: Any, key: str = "", depth: int = 0) -> Iterator[str]:
    """Every text under a body key of `data` (its strings as plain text, its
    lists of paragraphs joined a line each), and every HTML string anywhere.

    >>> list(texts({"page": {"content": "<p>One</p><p>Two &amp; three</p>", "id": "x"}}))
    ['One\\nTwo & three']
    >>> list(texts({"blocks": [{"text": "One."}, {"children": [{"text": "Two."}]}]}))
    ['One.\\nTwo.', 'One.', 'Two.', 'Two.']
    """
    if depth > JSON_DEPTH:
        return
    body_key = key.lower().replace("_", "").replace("-", "") in BODY_KEYS
    if isinstance(data, str):
        if body_key or HTML_HINT.search(data):
            yield plain(data)
    elif isinstance(data, list):
        if body_key:
            yield "\n".join(filter(None, (_part(item) for item in data)))
        for item in data:
            yield from texts(item, key, depth + 1)
    elif isinstance(data, dict):
        for k, v in data.items():
            yield from texts(v, k if isinstance(k, str) else "", depth + 1)


def _part(item: Any, depth: int = 0) -> str:
    """The text of one paragraph of a list: a string, or an object's text."""
    if isinstance(item, str):
        return plain(item)
    if isinstance(item, dict) and depth < JSON_DEPTH:
        for key in PART_KEYS:
            if key in item:
                return _part(item[key], depth + 1)
    if isinstance(item, list) and depth < JSON_DEPTH:
        return " ".join(filter(None, (_part(i, depth + 1) for i in item)))
    return ""


def plain(text: str) -> str:
    """`text` (plain or HTML) as plain text, one paragraph a line.

    >>> plain("<p>One <b>big</b></p><p>Two</p>")
    'One big\\nTwo'
    """
    if "<" in text:
        text = HTML_TAG.sub("", HTML_BREAK.sub("\n", text))
    text = PLACEHOLDER.sub("", text)
    return "\n".join(text_lines(unescape(text)))
