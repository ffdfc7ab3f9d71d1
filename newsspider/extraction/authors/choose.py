"""Choose the article's authors among the candidates of every origin: the
most trusted origin that names people, narrowed to the names another source
confirms when the markup's bylines may hold other articles'.

    >>> choose_authors({"authors": [("Ann Lee", "jsonld"), ("By Bo Chan", "byline")]})
    (['Ann Lee'], 'Ann Lee', 'jsonld')
"""

from __future__ import annotations

import re
from typing import Any

from newsspider.extraction import labels, origins
from newsspider.extraction.authors.credits import slug_names
from newsspider.extraction.authors.names import (
    clean_authors,
    name_key,
    publisher_keys,
    shown_spelling,
    split_byline,
)
from newsspider.extraction.fields import Candidates, choose_site_name

#: the origins of bylines in groups of equal trust, most trusted first
AUTHOR_GROUPS = origins.groups("authors")
#: academic titles before a name
TITLES = re.compile(r"^(?:(?:Dr|Prof|Mag|Dipl)\.\s*)+")
#: the label before the names of a byline as shown: "By", "Written by", "Von"
BYLINE_LABEL = re.compile(r"^\s*" + labels.either((*labels.BY, "written by")) + r"\s+", re.I)


def choose_authors(candidates: Candidates) -> tuple[list[str], str | None, str | None]:
    """(authors, byline as shown, origin), from the most trusted group that names people;
    bylines found in the markup are narrowed to the names another source confirms
    (or, if none is, to those of the first byline: the others may be other articles');
    when no person is credited anywhere, an organisation credited as author.

    >>> choose_authors({"authors": [("Daily Planet", "jsonld:organization"),
    ...                             ("By Ann Lee and Bo Chan", "byline")]})
    (['Ann Lee', 'Bo Chan'], 'Ann Lee and Bo Chan', 'byline')
    >>> choose_authors({"authors": [("Ann Lee", "byline"), ("Cy Dee", "byline"),
    ...                             ("Ann Lee", "trafilatura")]})
    (['Ann Lee'], 'Ann Lee', 'byline')
    >>> choose_authors({"authors": [("Ann Lee", "meta:author"), ("By Ann Lee and Bo Chan", "byline")]})
    (['Ann Lee', 'Bo Chan'], 'Ann Lee and Bo Chan', 'byline')
    >>> choose_authors({"authors": [("By The Associated Press", "byline")]})
    (['The Associated Press'], 'The Associated Press', 'byline')
    >>> choose_authors({"authors": [("https://planet.example/author/ann-van-lee/", "meta:article:author")]})
    (['Ann van Lee'], 'Ann van Lee', 'url-slug')
    """
    values = candidates.get("authors", [])
    publisher = choose_site_name(candidates)
    publishers = publisher_keys(v for v, _ in candidates.get("site_name", []))
    groups = [[(v, o) for v, o in values if _in_group(o, group)] for group in AUTHOR_GROUPS]
    for people in (True, False):
        found = [
            clean_authors((v for v, _ in group), publisher, people, publishers) for group in groups
        ]
        for i, names in enumerate(found):
            if not names or len(names) > MAX_AUTHORS:  # a list of references, not a byline
                continue
            origin = groups[i][0][1]
            if origin in MARKUP_ORIGINS and len(names) > 1:
                first = next(
                    n
                    for v, _ in groups[i]
                    if (n := clean_authors([v], publisher, people, publishers))
                )
                others = [n for j, other in enumerate(found) if j != i for n in other]
                names = _confirmed(names, others) or first
            elif fuller := _fuller_byline(values, names, publisher, people):
                names, origin = fuller, "byline"
            shown = [n for other in found for n in other]
            names = [shown_spelling(n, shown) for n in names]
            names = [n for n in names if not _handle_of(n, names)]
            if people and len(names) == 1:
                names = [_site_owner(_full_name(names[0], shown), candidates.get("site_name", []))]
            return names, _byline(values, names), origin
    if slugs := slug_names(v for v, _ in values):  # when nothing else names anyone
        return slugs, ", ".join(slugs), "url-slug"
    return [], None, None


def _handle_of(name: str, names: list[str]) -> bool:
    """`name` is another name of the list cut short, or one word that spells
    another name and more: a profile's user name ("annleeNYT" beside "Ann
    Lee"), not one more person.

    >>> _handle_of("annleeNYT", ["Ann Lee", "annleeNYT"]), _handle_of("Ann Lee", ["Ann Lee", "Ann Lee Roe"])
    (True, True)
    >>> _handle_of("Ann Lee", ["Ann Lee", "Annie Lee"])
    False
    """
    words = name_key(name).split()
    others = [name_key(n).split() for n in names]
    if any(len(o) > len(words) and o[: len(words)] == words for o in others):
        return True  # "Ann Lee" beside "Ann Lee Roe": the same person's name cut short
    key = "".join(words)
    return len(words) == 1 and any(len(o) > 1 and key.startswith("".join(o)) for o in others)


def _full_name(name: str, shown: list[str]) -> str:
    """The full name of a one-word author (a first name, as profiles often
    give it) when another source on the page names one person so.

    >>> _full_name("Ann", ["Ann", "Ann Lee"]), _full_name("Ann", ["Ann Lee", "Ann Roe"])
    ('Ann Lee', 'Ann')
    """
    if " " in name:
        return name
    fuller = {n for n in shown if len(n.split()) >= 2 and n.split()[0] == name}
    return fuller.pop() if len(fuller) == 1 else name


def _site_owner(name: str, site_names: list[tuple[Any, str]]) -> str:
    """The full name of a one-word author (a first name) when the site is
    named after them: a personal site.

    >>> _site_owner("Ann", [("Dr. Ann Lee", "og:site_name")]), _site_owner("Ann", [("Ann's Kitchen", "og:site_name")])
    ('Ann Lee', 'Ann')
    """
    if " " in name:
        return name
    for value, _ in site_names:
        for owner in split_byline(str(value)):
            words = TITLES.sub("", owner).split()
            if len(words) >= 2 and words[0] == name:
                return " ".join(words)
    return name


def _in_group(origin: str, group: tuple[str, ...]) -> bool:
    """`origin` is one of the group's or a kind of one ("jsonld:organization").

    >>> _in_group("jsonld:organization", ("jsonld",)), _in_group("byline-text", ("byline",))
    (True, False)
    """
    return any(origin == g or origin.startswith(g if g.endswith(":") else g + ":") for g in group)


#: a source crediting more people lists something else (a paper's references)
MAX_AUTHORS = 10
#: origins of bylines read from the page's markup, which may hold other articles' bylines
MARKUP_ORIGINS = origins.of_kind("authors", "markup", "text")


def _fuller_byline(
    values, names: list[str], publisher: str | None, people: bool
) -> list[str] | None:
    """The names of the page's byline when it credits everyone `names` does
    and more people with full names (metadata often keeps only the first
    author): its first byline element, or its first byline in the text.

    >>> _fuller_byline([("Ann Lee", "rel=author"), ("By Ann Lee and Bo Chan on May 2", "byline-text")],
    ...                ["Ann Lee"], None, True)
    ['Ann Lee', 'Bo Chan']
    >>> _fuller_byline([("Ann Lee, Editor for Climate and Energy", "byline")], ["Ann Lee"], None, True)
    """
    keys = {name_key(n) for n in names}
    markup = [v for v, o in values if o in ("byline", "rel=author")]
    text = [v for v, o in values if o == "byline-text"]
    for shown in (markup[:1], text[:1]):
        found = clean_authors(shown, publisher=publisher, people=people)
        extra = [n for n in found if name_key(n) not in keys]
        if (
            extra
            and keys <= {name_key(n) for n in found}
            and all(len(n.split()) >= 2 for n in extra)
        ):
            return found
    return None


def _confirmed(names: list[str], others: list[str]) -> list[str]:
    """The names another source also gives."""
    keys = {name_key(n) for n in others}
    return [n for n in names if name_key(n) in keys]


def _byline(values: list[tuple[Any, str]], names: list[str]) -> str:
    for value, origin in values:
        if origin in ("byline", "rel=author") and names[0] in value and split_byline(value):
            text = BYLINE_LABEL.sub("", value)
            if len(text) <= 200:
                return text.strip()
    return ", ".join(names)
