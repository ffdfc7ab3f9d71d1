"""One renderer per markup style. Each module has ``pages(site)``, the
(path, text) of every page it renders for a `Site`, and ``must_not(site,
story)``, the page furniture a correct extraction of the story leaves out.

    >>> sorted(THEMES)
    ['app', 'bench', 'modern', 'oldschool', 'wordpress']
"""

from __future__ import annotations

from importlib import import_module
from types import ModuleType

THEMES = ("app", "bench", "modern", "oldschool", "wordpress")


def get(name: str) -> ModuleType:
    """The renderer module of the markup style `name`."""
    if name not in THEMES:
        raise ValueError(f"no theme {name!r}; the themes are {', '.join(THEMES)}")
    return import_module(f"{__name__}.{name}")
