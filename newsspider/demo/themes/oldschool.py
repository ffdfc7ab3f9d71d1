"""An old-school theme: table layout, root-relative links, a left column of
trending and recent stories, a "Read more:" promotion inside each story, a
photo with a caption and credit in some, and visible datelines in several
styles (``date_style``: "numeric" day-first, "dateonly", "meta" with the time
in a ``<meta name="date">``, or written out). The news index is paginated
(``per_page``); a "notice" trap is a short page listed on its first page,
and a "missing" one, never written, on its second."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from urllib.parse import urlsplit

from newsspider.demo.model import (
    Site,
    Story,
    Trap,
    esc,
    join_names,
    latest,
    links,
    related,
    trending,
)

#: text of this theme's page furniture that a correct extraction leaves out
BOILERPLATE = (
    "Type to Search",
    "Trending",
    "Recent News",
    "Related News",
    "Share this article",
    "e-mail bulletin",
    "This site uses cookies",
    "All rights reserved",
)


def must_not(site: Site, story: Story) -> tuple[str, ...]:
    photo = story.entry.get("photo")
    return (*BOILERPLATE, "Read more:", *((f"Photo: {photo[1]}",) if photo else ()))


def dateline(story: Story) -> str:
    day, style = story.day, story.entry["date_style"]
    if style == "numeric":
        return f"Published {day:%d/%m/%Y}, {story.entry['time']}"
    if style == "dateonly":
        return f"Published {day.day} {day:%B %Y}"
    return f"Published {day.day} {day:%B %Y}, {story.entry['time']}"


def pages(site: Site) -> Iterator[tuple[str, str]]:
    """(path, HTML) of every page of the site."""
    prefix, name = urlsplit(site.base).path, site.title
    for story in site.stories:
        yield story.file, article(site, story)
    notice = site.trap("notice")
    text = f"<h1>{notice.title}</h1><p>{name} corrects errors of fact as soon as we can. To report a mistake, please e-mail the news desk.</p>"
    yield notice.file, frame(site, notice.title, text)
    yield from index_pages(site, prefix)
    home = (
        f"<h1>Welcome to {name}</h1><p>{esc(site.tagline)}</p><h2>Latest headlines</h2>"
        f'{headlines(latest(site.stories, 4), prefix)}<p><a href="{prefix}news/">More news</a></p>'
    )
    yield "index.html", frame(site, "Home", home)
    about = f"<h1>About us</h1><p>{esc(site.options['about'])}</p>"
    yield site.about, frame(site, "About us", about)


def index_pages(site: Site, prefix: str) -> Iterator[tuple[str, str]]:
    """The paginated news index: the newest stories and the notice first,
    the missing page and the older stories on page 2."""
    per, newest = site.options["per_page"], latest(site.stories, 99)
    page1 = (
        f"<h1>News</h1>{headlines([*newest[:per], *site.listed('news/')], prefix)}"
        f'<p><a href="{prefix}news/page2.html" rel="next">Older stories &raquo;</a></p>'
    )
    page2 = (
        f"<h1>News - page 2</h1>{headlines([*site.listed('news/page2.html'), *newest[per:]], prefix)}"
        f'<p><a href="{prefix}news/" rel="prev">&laquo; Newer stories</a></p>'
    )
    yield "news/index.html", frame(site, "News", page1)
    yield "news/page2.html", frame(site, "News - page 2", page2)


def frame(site: Site, title: str, content: str, head: str = "", skip: Story | None = None) -> str:
    prefix, name, stories = urlsplit(site.base).path, site.title, site.stories
    return f"""<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>{esc(title)} - {name}</title>
{head}
<link rel="stylesheet" href="{prefix}css/main.css" type="text/css">
</head>
<body bgcolor="#ffffff">
<table id="masthead" width="100%" cellpadding="4" cellspacing="0">
<tr><td><a href="{prefix}"><img src="{prefix}img/{site.name.replace("-", "")}.gif" alt="{name}" width="240" height="60" border="0"></a></td>
<td align="right"><form action="{prefix}cgi-bin/search.pl" method="get"><input type="text" name="q" size="20" value="Type to Search" onfocus="this.value=''"> <input type="submit" value="Go"></form></td></tr>
</table>
<div id="menu"><a href="{prefix}">Home</a> | <a href="{prefix}news/">News</a> | <a href="{prefix}{site.about}">About us</a></div>
<table width="100%" cellpadding="6"><tr>
<td id="leftcol" width="200" valign="top">
<div class="box"><b>Trending</b><ul>{links(trending(stories, skip), root_relative=True)}</ul></div>
<div class="box"><b>Recent News</b><ul>{links(latest(stories, 5, skip=skip), root_relative=True)}</ul></div>
</td>
<td valign="top">
<div id="content">
{content}
</div>
</td></tr></table>
<div id="footer"><form action="{prefix}cgi-bin/bulletin.pl">Get the {name} e-mail bulletin: <input type="text" name="email"> <input type="submit" value="Subscribe"></form>
<p>This site uses cookies. By continuing to browse you agree to our use of cookies.</p>
<p>Copyright &copy; 1998-2026 {name}. All rights reserved.</p></div>
</body>
</html>
"""


def article(site: Site, story: Story) -> str:
    entry, stories, prefix = story.entry, site.stories, urlsplit(site.base).path
    body = [f"<p>{esc(p)}</p>" for p in story.paragraphs]
    index = stories.index(story)
    promo = stories[index - 1] if index else stories[1]
    body.insert(3, f'<p><b>Read more:</b> <a href="{esc(promo.href)}">{esc(promo.title)}</a></p>')
    if entry.get("photo"):
        caption, credit = entry["photo"]
        body.insert(
            1,
            f'<div class="photo"><img src="{prefix}photos/{entry["id"]}.jpg" width="400" alt=""><br>'
            f'<span class="caption">{esc(caption)}</span> <span class="photo-credit">Photo: {esc(credit)}</span></div>',
        )
    content = "\n".join(
        (
            f"<h1>{esc(story.title)}</h1>",
            f'<p class="byline">By {esc(join_names(story.authors))}</p>',
            f'<p class="dateline">{dateline(story)}</p>',
            *body,
            f'<p class="share">Share this article: <a href="mailto:?subject={esc(story.title)}">E-mail</a> | <a href="javascript:window.print()">Print</a></p>',
            f'<div class="related"><b>Related News</b><ul>{links(related(stories, story), root_relative=True)}</ul></div>',
        )
    )
    head = f'<meta name="author" content="{esc(join_names(story.authors))}">\n<meta name="keywords" content="{site.options["keywords"]}">'
    if entry["date_style"] == "meta":
        head += f'\n<meta name="date" content="{story.published}">'
    return frame(site, story.title, content, head, skip=story)


def headlines(items: Iterable[Story | Trap], prefix: str) -> str:
    rows = []
    for item in items:
        if isinstance(item, Trap):
            rows.append(f'<li><a href="{prefix}{item.file}">{esc(item.title)}</a></li>')
        else:
            rows.append(
                f'<li><a href="{esc(item.href)}">{esc(item.title)}</a> <small>({item.day:%d/%m/%Y})</small><br>{esc(item.summary)}</li>'
            )
    return f'<ul class="headlines">{"".join(rows)}</ul>'
