"""The body, in one place: trafilatura's extraction of the text and our
checks around it (`extract`), the boilerplate cleaner (`boilerplate`), and
trafilatura's metadata, read only for the fields our own finders left empty
(`fallback`).

The modules are imported here, so that importing the package (as the worker
processes' fork server does) loads them all.
"""

from newsspider.extraction.body import boilerplate, extract, fallback

__all__ = ["boilerplate", "extract", "fallback"]
