"""Titles, in one place: finding the headlines the page shows (`find`) and
choosing the one shown as the article's, without the site's name (`choose`)."""

from newsspider.extraction.titles import choose, find

__all__ = ["choose", "find"]
