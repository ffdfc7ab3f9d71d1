"""The body, in one place: trafilatura's extraction of the text and our
checks around it (`extract`), what the page declares of itself (`declared`:
an article? its JSON-LD text), the boilerplate rules (`rules`) and the
cleaner that runs them (`boilerplate`), and trafilatura's metadata, read only
for the fields our own finders left empty (`fallback`), the article text
a page keeps in a state script (`state`), and whether it is free to read
(`access`).

The modules are imported here, so that importing the package (as the worker
processes' fork server does) loads them all.
"""

from newsspider.extraction.body import (
    access,
    boilerplate,
    declared,
    extract,
    fallback,
    rules,
    state,
)

__all__ = ["access", "boilerplate", "declared", "extract", "fallback", "rules", "state"]
