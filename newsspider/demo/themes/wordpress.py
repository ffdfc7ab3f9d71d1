"""A WordPress-like theme: a masthead with a search form, a cookie bar,
widgets of related, trending and recent stories beside the post, a share
box and a comment form. A story with ``promo`` promotes another story inside
its body; the ``seed`` story repeats its headline as the body's first line
(the naive-scrape trap). A "gallery" trap is a post of captioned photos."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from newsspider.demo.listings import post_id
from newsspider.demo.model import (
    Site,
    Story,
    esc,
    join_names,
    latest,
    links,
    related,
    slugify,
    trending,
)

#: text of this theme's page furniture that a correct extraction leaves out
BOILERPLATE = (
    "Type to Search",
    "Trending",
    "Related News",
    "Recent News",
    "Share this article",
    "Subscribe to our newsletter",
    "We use cookies",
    "All rights reserved",
    "Leave a Reply",
)
PROMO = "In other related news also read"


def must_not(site: Site, story: Story) -> tuple[str, ...]:
    """What a correct extraction of `story` leaves out."""
    avatar = f"Picture of {story.authors[0]}"
    if story.entry.get("seed"):
        return (avatar, PROMO, "Related News", "Trending", "Recent News", "Type to Search")
    return (avatar, *BOILERPLATE, *((PROMO,) if story.entry.get("promo") else ()))


def pages(site: Site) -> Iterator[tuple[str, str]]:
    """(path, HTML) of every page of the site."""
    for story in site.stories:
        yield story.file, article(site, story, body(site, story))
    gallery = site.trap_story("gallery")
    figures = "".join(
        f'<figure class="wp-block-image"><img src="{site.base}wp-content/uploads/2026/11/lantern-{n}.jpg" alt=""><figcaption>{esc(c)}</figcaption></figure>'
        for n, c in enumerate(gallery.entry["captions"], 1)
    )
    yield (
        gallery.file,
        article(site, gallery, f'<figure class="wp-block-gallery">{figures}</figure>'),
    )
    for key, label in site.sections.items():
        items = [s for s in latest([*site.stories, gallery], 99) if s.section == key]
        yield f"{key}/index.html", listing(site, f"Category: {label}", items)
    yield "index.html", listing(site, "Latest news", latest(site.stories, 8))
    about = f'<article class="page"><h1 class="entry-title">About us</h1><div class="entry-content"><p>{esc(site.options["about"])}</p></div></article>'
    yield f"{site.about}index.html", frame(site, "About us", about, "", "page")


def frame(site: Site, title: str, main: str, widgets: str, body_class: str, head: str = "") -> str:
    base, name = site.base, site.title
    nav = "".join(
        f'<li class="menu-item"><a href="{base}{key}/">{label}</a></li>'
        for key, label in site.sections.items()
    )
    return f"""<!DOCTYPE html>
<html lang="{site.lang}">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)} – {name}</title>
<meta name="generator" content="WordPress 6.8.1">
<link rel="alternate" type="application/rss+xml" title="{name} &raquo; Feed" href="{base}{site.feeds[0].path}">
{head}
</head>
<body class="{body_class}">
<div id="cookie-law-info-bar" role="dialog"><span>We use cookies on our website to give you the most relevant experience. By clicking Accept, you consent to the use of all the cookies.</span> <a href="#" id="cookie_action_close_header">Accept</a></div>
<div id="page" class="site">
<a class="skip-link screen-reader-text" href="#content">Skip to content</a>
<header id="masthead" class="site-header">
<div class="site-branding"><p class="site-title"><a href="{base}" rel="home">{name}</a></p><p class="site-description">{esc(site.tagline)}</p></div>
<nav id="site-navigation" class="main-navigation"><ul id="primary-menu" class="menu"><li class="menu-item"><a href="{base}">Home</a></li>{nav}<li class="menu-item"><a href="{base}{site.about}">About</a></li></ul></nav>
<form role="search" method="get" class="search-form" action="{base}"><label><span class="screen-reader-text">Type to Search</span><input type="search" class="search-field" placeholder="Type to Search" value="" name="s"></label><input type="submit" class="search-submit" value="Search"></form>
</header>
<div id="content" class="site-content">
<div id="primary" class="content-area"><main id="main" class="site-main">
{main}
</main></div>
<aside id="secondary" class="widget-area" role="complementary">
{widgets}
<section class="widget widget_newsletter"><h2 class="widget-title">Newsletter</h2><p>Subscribe to our newsletter and get the morning headlines in your inbox.</p><form><input type="email" name="email" placeholder="Your email"><button type="submit">Subscribe</button></form></section>
</aside>
</div>
<footer id="colophon" class="site-footer"><div class="site-info">© 2026 {name}. All rights reserved. <span class="sep"> | </span>Proudly powered by WordPress</div></footer>
</div>
</body>
</html>
"""


def widget(heading: str, stories: Iterable[Story]) -> str:
    return f'<section class="widget widget_recent_entries"><h2 class="widget-title">{heading}</h2><ul>{links(stories)}</ul></section>'


def article(site: Site, story: Story, content: str) -> str:
    base, section, pid = site.base, story.section, post_id(story)
    byline = join_names(
        f'<span class="author vcard"><a class="url fn n" href="{base}author/{slugify(a)}/" rel="author">{esc(a)}</a></span>'
        for a in story.authors
    )
    first, day = story.authors[0], story.day
    tag = site.options["tag"]
    main = f"""<article id="post-{pid}" class="post-{pid} post type-post status-publish format-standard category-{section}">
<header class="entry-header">
<span class="cat-links"><a href="{base}{section}/" rel="category tag">{site.sections[section]}</a></span>
<h1 class="entry-title">{esc(story.title)}</h1>
<div class="entry-meta">
<img alt="Picture of {esc(first)}" src="{base}wp-content/uploads/avatars/{slugify(first)}-96x96.jpg" class="avatar avatar-48 photo" height="48" width="48" loading="lazy">
<span class="byline"><span class="screen-reader-text">by</span> {byline}</span>
<span class="posted-on"><a href="{esc(story.url)}" rel="bookmark"><time class="entry-date published" datetime="{story.published}">{day.day} {day:%B %Y}</time></a></span>
</div>
</header>
<div class="entry-content">
{content}
<div class="sharedaddy sd-sharing-enabled"><h3 class="sd-title">Share this article</h3><ul><li><a class="share-facebook" href="https://www.facebook.com/sharer.php?u={esc(story.url)}">Facebook</a></li><li><a class="share-x" href="https://x.com/intent/post?url={esc(story.url)}">X</a></li><li><a class="share-email" href="mailto:?subject={esc(story.title)}">Email</a></li></ul></div>
</div>
<footer class="entry-footer"><span class="tags-links">Tagged <a href="{base}tag/{slugify(tag)}/" rel="tag">{esc(tag)}</a></span></footer>
</article>
<div id="comments" class="comments-area"><div id="respond" class="comment-respond"><h3 id="reply-title" class="comment-reply-title">Leave a Reply</h3><p class="comment-notes">Your email address will not be published.</p></div></div>"""
    widgets = "\n".join(
        (
            widget("Related News", related(site.stories, story)),
            widget("Trending", trending(site.stories, story)),
            widget("Recent News", latest(site.stories, 5, skip=story)),
        )
    )
    head = f'<link rel="canonical" href="{esc(story.url)}">\n<meta property="article:published_time" content="{story.published}">'
    return frame(site, story.title, main, widgets, "post-template-default single single-post", head)


def body(site: Site, story: Story) -> str:
    paras = [f"<p>{esc(p)}</p>" for p in story.paragraphs]
    if story.entry.get("promo"):
        target = next(s for s in site.stories if s.entry["slug"] == story.entry["promo"])
        promo = (
            f'<p><strong>{PROMO}</strong> <a href="{esc(target.url)}">{esc(target.title)}</a></p>'
        )
        paras.insert(len(paras) if story.entry.get("seed") else 3, promo)
    if story.entry.get("seed"):  # the naive-scrape trap: headline repeated as the body's first line
        paras.insert(0, f'<p class="has-large-font-size"><strong>{esc(story.title)}</strong></p>')
    return "\n".join(paras)


def listing(site: Site, heading: str, items: Iterable[Story]) -> str:
    posts = "\n".join(
        f'<article class="post excerpt"><h2 class="entry-title"><a href="{esc(s.url)}" rel="bookmark">{esc(s.title)}</a></h2>'
        f'<div class="entry-meta"><time datetime="{s.published}">{s.day.day} {s.day:%B %Y}</time></div>'
        f'<div class="entry-summary"><p>{esc(s.summary)}</p></div>'
        f'<a class="comments-link" href="{esc(s.url)}#respond">Leave a comment</a></article>'
        for s in items
    )
    main = (
        f'<header class="page-header"><h1 class="page-title">{esc(heading)}</h1></header>\n{posts}'
    )
    recent = widget("Recent News", latest(site.stories, 5))
    return frame(site, heading, main, recent, "archive category")
