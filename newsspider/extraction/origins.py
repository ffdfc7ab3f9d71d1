"""Where a field's value can come from, and how far each origin is trusted.

>>> ranked([("x", "trafilatura"), ("y", "og:title")], ("og:", "trafilatura"))
[('y', 'og:title'), ('x', 'trafilatura')]
"""

from __future__ import annotations

from typing import Any


def ranked(values: list[tuple[Any, str]], order: tuple[str, ...]) -> list[tuple[Any, str]]:
    def rank(item: tuple[Any, str]) -> int:
        return next((i for i, p in enumerate(order) if item[1].startswith(p)), len(order))

    return sorted(values, key=rank)
