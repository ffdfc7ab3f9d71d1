"""Rules for the body: text blocks and boilerplate."""

from __future__ import annotations

import pytest
from lxml import etree

from newsspider.extraction.body.boilerplate import clean_paragraphs, is_author_note
from newsspider.extraction.body.extract import text_blocks
from newsspider.extraction.body.rules import RULES, is_boilerplate
from pipelines.normalise import count_words


@pytest.mark.parametrize("rule", RULES, ids=[rule.name for rule in RULES])
def test_every_boilerplate_rule_drops_its_example_and_keeps_the_other(rule):
    assert rule.applies(rule.drops, len(rule.drops.split()))
    assert not rule.applies(rule.keeps, len(rule.keeps.split()))
    assert is_boilerplate(rule.drops)


def test_the_boilerplate_rules_count_their_hits():
    from collections import Counter

    hits = Counter()
    for rule in RULES:
        is_boilerplate(rule.drops, hits)
    is_boilerplate("Water rose fast in the night.", hits)
    assert hits == Counter(rule.name for rule in RULES)  # each example is its own rule's
    assert len(hits) == len(RULES)


def blocks(xml: str) -> list[str]:
    return text_blocks(etree.fromstring(f"<body>{xml}</body>"))


@pytest.mark.parametrize(
    ("xml", "expected"),
    [
        ("<p>One<lb/>two</p>", ["One\ntwo"]),  # a line break stays inside its paragraph
        ("<list><item>A</item><item>B</item></list>", ["- A", "- B"]),  # list items are blocks
        ("<head>H</head>loose text", ["H", "loose text"]),  # text between blocks is kept
        ("<code>x = 1\ny = 2</code>", ["x = 1\ny = 2"]),
    ],
)
def test_text_blocks(xml, expected):
    assert blocks(xml) == expected


@pytest.mark.parametrize(
    "line",
    [
        "Lesen Sie auch: Neue Brücke eröffnet",
        "À lire aussi : la ville change",
        "Foto: Jens Arndt / Agentur",
        "Photo: Corin Vale",
        "10.12.2022, 07:00 Uhr",
        "2024-05-01 | 09:30",
        "Sign up for our daily newsletter",
        "We use cookies to improve your experience on our site.",
        "Picture of Ubaid Rahman",
        "Lea: El gobierno anuncia nuevas medidas",
        "Czytaj też: Czy grozi nam burza?",
        "NOTAS RELACIONADAS",
        "Weitere Beiträge aus der Kolumne:",
        "Fot. Jan Nowak / Agencja",
        "Marco Rossi, ski star. © AFP / JANE ROE",
        "Letzte Änderung 14.02.2019",
        "Sie sind aktuell nicht eingeloggt.",
        "For the latest stories download the Daily News apps for iOS and Android.",
        "If you buy through our links, we may earn a small commission.",
        "Dieser Beitrag enthält Affiliate-Links.",
        "12 of 40",
        "3/9/2024 8:59 AM PT",
        "©2024 Ana Ruiz. Distributed by Example Features.",
        "Copyright ⓒ Example Daily",
        "Have a tip? Email the newsroom at tips@example.org.",
        "Waiting for your permission to load the video.",
        "Editor's note: An earlier headline misspelled the mayor's name.",
        "A previous version of this article gave the wrong date for the vote.",
        "More information: Ana Ruiz et al, Rain and rivers, Journal of Water (2024). DOI: 10.1000/x1",
        "Materials provided by Example University. Note: Content may be edited for style and length.",
        "Journal Reference:",
        "This column is for informational purposes only and does not constitute legal advice.",
        "Want to save articles for later? Start your Example Plus subscription today.",
        "Special offer for Courier readers: get a year of access for $5.",
        "We'd like to hear what you think about this or any of our articles.",
        # promos and labels
        "[Related: New bridge opens in Riverton]",
        "SEE MORE: Storm closes harbour road",
        "REQUIRED READING: Coach returns after suspension",
        "Also: The best rain jackets, tested",
        "Lea más: El alcalde presenta su plan",
        "Auch lesen: Neue Brücke eröffnet",
        # widget headings
        "Most read in Sport",
        "Weitere aktuelle Themen aus der Region",
        "Top-Themen bei Example Magazin",
        "Quellenangaben:",
        "Zum Weiterlesen:",
        "Pressekontakt:",
        "Stay connected",
        # prompts, credits, sign-offs
        "We'll send breaking news and reviews straight to your inbox.",
        "Get the Example Daily by email and never miss our top stories. Free sign up",
        "Be the first to get breaking news",
        "Install the Example News app for free",
        "Follow Example Opinion on Facebook, Instagram and Threads.",
        "Síguenos en Telegram y YouTube",
        "View Comments",
        "12 Bloggern gefällt das:",
        "Alle Rechte vorbehalten",
        "Crédits photos : Agence Exemple",
        "Source images by Ana Ruiz and Ben Ode",
        "Ana Ruiz contributed reporting from Riverton.",
        "(Reporting by Ana Ruiz; editing by Ben Ode)",
        "This story was originally published March 3, 2024, 9:10 AM.",
        "This interview has been lightly edited and condensed for clarity.",
        "We want to hear what you think about this article.",
        "dpa/afp",
        "Sunday 17 March 2024 17:23, UK",
        # link-list headings, pitches and counters
        "Also on example.org",
        "Next article",
        "Beiträge aus dem Forum",
        "For the full match schedule, click here.",
        "Einfach hier klicken und für die digitale Ausgabe registrieren!",
        "Join our WhatsApp channel for the latest news.",
        "Sie möchten mehr? Schauen Sie in unseren Gartennewsletter!",
        ">>> Jetzt die neue Ausgabe bestellen! <<<",
        "Get Rail Monthly by post: 12 issues for £20.",
        "Die aktuelle Ausgabe jetzt am Kiosk, im Abo und als E-Paper.",
        "Tell us what YOU think...",
        "Verraten Sie uns in den Kommentaren: Was halten Sie davon?",
        "copyright Example Media 2021 - ISSN 1234-5678",
        "Es werden die Artikel 1 bis 10 von insgesamt 24 angezeigt!",
        "Showing 1 to 10 of 24 results",
        "Wir haben keine Bezahlschranke, denn gute Nachrichten sollen alle lesen können.",
        "Unterstütze Example Magazin schon mit 3 Euro!",
        "Zapraszamy do subskrypcji naszego tygodnika.",
        "Updated at 1:23 p.m.",
        "24. März 2004, 19:49 | Ana",
        "2021-10-16 | Pressemitteilungen",
        "Handball • 02.02.2022",
        # photo shoot credits, share counters, unrendered shortcodes, editorial policy notes, pointers elsewhere
        "Styling: Ana Ruiz. Hair and makeup: Ben Ode.",
        "Photographed by Lena Berg",
        "Ana Ruiz Mar 03, 2024 14 Shares 2,310 Views",
        '[button link="https://example.org/send/" size="big"]Send us your photos[/button]',
        "Our recommendations are based on weeks of testing and comparing prices.",
        "Our editors independently select every product we write about.",
        "If you enjoyed this article, become a member and read without limits.",
        "Hear the full conversation on our podcast. Listen wherever you get your podcasts.",
        "For more garden news and tips, visit example.com/garden",
        "Scroll through the gallery below for more pictures of the parade!",
        "LEAGUE TABLES: Men | Women | Juniors | Archive",
    ],
)
def test_boilerplate_lines(line):
    assert is_boilerplate(line)


@pytest.mark.parametrize(
    "line",
    [
        "The council met on 10.12.2022 to approve the budget for the new year.",
        "Photographers gathered at the harbour before dawn.",
        "Mira Sorvino said the film had taken years to finish.",
        "More than 200 people attended the meeting on Tuesday.",
        "Three of the 12 candidates withdrew before the vote.",
        "The shop said it may earn more this year than last.",
        "More information about the plan will be released next week, the council said.",
        "Readers asked how to start a subscription to the new local paper.",
        "Also: Nichts gegen eine gute Idee, aber bitte mit Plan!",  # German "also", not a promo
        "Millions follow the singer's posts on Instagram every day.",
        "She said the reply came too late for the council.",
        "Die Polizei bestätigte den Einsatz am Abend (dpa/afp).",
        "The vote was held on Sunday 17 March 2024.",
        "Weitere drei Menschen wurden verletzt, sagte die Polizei.",
        "The exhibition ran 29 November 2018 | 20 January 2019",
        "29 November 2018 | 20 January 2019",  # a date range, not a date and a label
        "| Termin | 28. März 2020, 18:00 |",  # a table row
        "The next article of the law covers rents.",
        "The new issue of the permit took three weeks.",
        "She was updated at 9:30 by the police, her lawyer said.",
        "Production: the film was shot in six weeks in Lisbon.",
        "The hair salon reopened in make-up colours.",
        "[Name]",  # a placeholder in the text, not a shortcode
        "Critics said the reviews are based on a single screening.",
        "For more than a decade she lived in a flat above the bakery.",
        "| Team | Points | Wins |",  # a table row
        "She chose red | he chose blue | they argued. It went on.",
    ],
)
def test_article_lines_are_not_boilerplate(line):
    assert not is_boilerplate(line)


def test_clean_paragraphs_keeps_blocks_and_drops_lines_inside_them():
    assert clean_paragraphs(["Roses are red,\nShare this", "Violets are blue."]) == [
        "Roses are red,",
        "Violets are blue.",
    ]


def test_clean_paragraphs_drops_repeated_headline_and_widgets():
    paragraphs = ["Rain floods town", "Water rose fast in the night.", "Trending", "Dry spell ends"]
    assert clean_paragraphs(paragraphs, title="Rain floods town") == [
        "Water rose fast in the night."
    ]


@pytest.mark.parametrize(
    ("text", "words"),
    [("Rain floods town.", 3), ("北京今天下雨", 6), ("東京 news today", 4)],
)
def test_count_words_counts_cjk_characters(text, words):
    assert count_words(text) == words


def test_a_page_of_too_many_elements_is_not_an_article():
    from newsspider.items import Page
    from pipelines.extract import MAX_ELEMENTS, extract_page

    html = "<html><body>" + "<p>x</p>" * (MAX_ELEMENTS + 1) + "</body></html>"
    found = extract_page(
        Page(url="https://a.example/x", html=html.encode(), headers={"Content-Type": "text/html"})
    )
    assert found["error"].startswith("not an article: ")
    assert f"(maximum {MAX_ELEMENTS})" in found["error"]


def test_author_notes_are_dropped_at_the_end_only():
    body = [
        "Ana Ruiz is a senior reporter for the town paper, she said in her speech.",
        "The council approved the budget on Monday after a long debate.",
        "Most members voted for it.",
        "The vote was close.",
        "Ana Ruiz is a senior reporter for the Daily Courier, covering courts.",
        "Ben Ode can be reached at ben@example.org.",
    ]
    assert clean_paragraphs(body) == body[:4]


@pytest.mark.parametrize(
    "line",
    [
        "Ana Ruiz is a contributing writer for Example Magazine.",
        "Ben Ode (he/him) is the deputy opinion editor.",
        "Cleo Park writes about housing and schools for the Courier.",
        "Dan's work has appeared in several magazines.",
        "Reach the reporter at dan@example.org.",
        # a long note: two signs of a biography
        "Eva Lind covers space for the site. " * 12 + "Her work has appeared in Sky Weekly. "
        "She holds a degree in physics from Example University.",
    ],
)
def test_author_notes(line):
    assert is_author_note(line)


@pytest.mark.parametrize(
    "line",
    [
        "It is difficult to see what the critics of the plan want.",
        "The mayor is a former reporter who covered the council for years.",
        "She writes about the war in her new book, published in May.",
        "The suspect holds a degree in chemistry, the police said.",  # one sign only
    ],
)
def test_not_author_notes(line):
    assert not is_author_note(line)


def test_modes_run_the_full_cascade_only_on_a_short_fast_body(monkeypatch):
    from types import SimpleNamespace

    from newsspider.extraction.body import extract as body

    calls = []

    def fake(tree, url, prune, **mode):
        calls.append(mode)
        text = "word " * (30 if mode.get("fast") else 20)
        return SimpleNamespace(text=text, body=None, categories=[], tags=[])

    monkeypatch.setattr(body, "_extract", fake)
    paragraphs = body.extract_body(page(), None, {})
    # fast found 30 words: the full cascade's 20 stand, then recall keeps the
    # longer
    assert calls == [mode for mode, _, _ in body.MODES]
    assert len(paragraphs[0].split()) == 20

    calls.clear()
    monkeypatch.setattr(
        body,
        "_extract",
        lambda *a, **mode: (
            calls.append(mode)
            or SimpleNamespace(text="word " * 500, body=None, categories=[], tags=[])
        ),
    )
    body.extract_body(page(), None, {})
    assert calls == [{"fast": True}]  # a long fast body: one pass

    calls.clear()  # a page that says it is an article: precision first
    body.extract_body(page('<meta property="og:type" content="article">'), None, {})
    assert calls == [{"fast": True, "favor_precision": True}]


def page(head: str = "", body: str = "<p>Nothing much.</p>"):
    from lxml.html import fromstring

    return fromstring(f"<html><head>{head}</head><body>{body}</body></html>")


def ld(data: dict) -> str:
    import json

    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        ('<meta property="og:type" content="Article">', True),
        (ld({"@context": "https://schema.org", "@type": "NewsArticle"}), True),
        (ld({"@graph": [{"@type": ["WebPage"]}, {"@type": "BlogPosting"}]}), True),
        ('<meta property="og:type" content="website">', False),
        (ld({"@type": "WebPage", "name": "Article of the week"}), False),
    ],
)
def test_declares_article(head, expected):
    from newsspider.extraction.body.declared import JSON_LD, OG_TYPE, declares_article

    tree = page(head)
    assert declares_article(OG_TYPE(tree), JSON_LD(tree)) is expected


STORY = [
    f"Paragraph {n} of the story tells how the river rose over the old bridge in the night, "
    f"and how the town's people carried sandbags until dawn to keep the water out."
    for n in range(8)
]


def test_declared_body_replaces_a_body_that_missed_it():
    from newsspider.extraction.body.extract import extract_body

    teasers = "".join(
        f"<article><h2><a href='/n{n}'>Other story number {n} about the weather</a></h2>"
        f"<p>A short teaser for another story, number {n}, with a few more words in it.</p></article>"
        for n in range(12)
    )
    script = ld({"@type": "NewsArticle", "articleBody": "<p>" + "</p><p>".join(STORY) + "</p>"})
    paragraphs = extract_body(page(script, f"<main>{teasers}</main>"), None, {})
    assert paragraphs == STORY


def test_declared_body_does_not_replace_a_body_that_holds_it():
    from newsspider.extraction.body.extract import extract_body

    last = "<p>A last line the summary leaves out of it.</p>"
    text = "".join(f"<p>{p}</p>" for p in STORY) + last
    script = ld({"@type": "NewsArticle", "articleBody": " ".join(STORY)})
    paragraphs = extract_body(page(script, f"<article>{text}</article>"), None, {})
    assert paragraphs[-1] == "A last line the summary leaves out of it."


def test_declared_body_must_be_long():
    from newsspider.extraction.body.declared import missed

    assert missed(" ".join(STORY), ["Something else entirely, about a football match."])
    assert not missed(STORY[0], ["Something else entirely, about a football match."])
    assert not missed("", [])


def test_headline_after_a_kicker_is_dropped():
    title = "Orchard growers try frost fans"
    paragraphs = ["Exclusive Orchard growers try frost fans", "The fans ran all night."]
    assert clean_paragraphs(paragraphs, title=title) == ["The fans ran all night."]
    # a short title is no sign: a line ending in it is kept
    assert clean_paragraphs(["Hotel Seeblick Lindau", "Rooms are free."], "Lindau")[0] == (
        "Hotel Seeblick Lindau"
    )


def test_a_comment_thread_at_the_end_is_dropped():
    body = [
        "The case has no fans at all.",
        "It cools 600 W by itself.",
        "-",
        "Nice case, but the price is high.",
        "Shame about the weight.Reply",
        "-",
        "ana_r said:Shame about the weight.",
        "It is heavy, yes. Reply",
    ]
    assert clean_paragraphs(body) == body[:2]


def test_one_reply_mark_is_no_thread():
    body = ["The case has no fans.", "Readers may click Reply", "It cools 600 W by itself."]
    assert clean_paragraphs(body) == body


def test_headline_in_any_spelling_is_dropped_even_under_a_date():
    paragraphs = [
        "Rain floods town",
        "12.03.2024, 09:00",
        "Rain floods the old town",
        "Water rose.",
    ]
    assert clean_paragraphs(paragraphs, ["Rain floods town", "Rain floods the old town"]) == [
        "Water rose."
    ]


def test_widget_heading_in_a_one_cell_table_row_is_dropped():
    body = ["The plant opens in May.", "| Weitere Artikel zum Thema |", "| Neue Brücke |"]
    assert clean_paragraphs(body) == body[:1]
    assert (
        clean_paragraphs(["| Kategorie: | Technik |", "| Preis: | 20 Euro |"])[1]
        == "| Preis: | 20 Euro |"
    )


def test_press_contact_box_is_dropped():
    body = ["The plant opens in May.", "Pressekontakt:", "Ana Ruiz", "Tel. +49 30 1234"]
    assert clean_paragraphs(body) == body[:1]


def test_a_page_that_is_all_comments_is_left_whole():
    body = ["Nice case.Reply", "ana_r said:Nice case.", "It is heavy, yes. Reply"]
    assert clean_paragraphs(body) == body


LEAD = "Water rose fast in the night, and by morning the old town stood a metre deep in the river."
TEXT = "<p>The river broke its banks near the old stone bridge at about two in the morning.</p>"


@pytest.mark.parametrize(
    ("between", "found"),
    [
        # a lead paragraph under the headline, named so: trafilatura often leaves it out
        (f"<div class='article__intro'><p>{LEAD}</p></div>", True),
        (f"<p class='teaserText'>{LEAD}</p>", True),
        # a one-line subtitle is a second headline, not text; a long one is a paragraph
        ("<h2 class='dek'>Old town under water after the night's storm</h2>", False),
        (f"<p class='article-subtitle'>{LEAD} {LEAD}</p>", True),
        # a caption, a linked teaser, an item of a list, a second headline
        (f"<div class='lead'><img src='x.jpg'><p>{LEAD}</p></div>", False),
        (f"<p class='lead-photo-caption'>{LEAD}</p>", False),
        (f"<div class='story__lede-credit'>{LEAD}</div>", False),  # the lead photo's credit line
        (f"<p class='teaser'><a href='/other'>{LEAD}</a></p>", False),
        (f"<ul><li class='teaser'>{LEAD}</li></ul>", False),
        (f"<p class='lead' itemprop='alternativeHeadline'>{LEAD}</p>", False),
    ],
)
def test_lead_is_put_back_before_the_text(between, found):
    from newsspider.extraction.body.extract import lead

    tree = page(body=f"<h1>Rain floods town</h1>{between}<div class='text'>{TEXT}</div>")
    text = TEXT[3:-4]
    expected = (0, " ".join(f"{LEAD} {LEAD}".split()) if "subtitle" in between else LEAD)
    assert lead(tree, [text]) == (expected if found else None)


def test_lead_after_the_text_or_already_extracted_is_left_alone():
    from newsspider.extraction.body.extract import lead

    text = TEXT[3:-4]
    after = page(body=f"<h1>Rain floods town</h1><div>{TEXT}</div><p class='teaser'>{LEAD}</p>")
    assert lead(after, [text]) is None  # a teaser of another story, below the text
    before = page(body=f"<h1>Rain floods town</h1><p class='lead'>{LEAD}</p><div>{TEXT}</div>")
    assert lead(before, [LEAD, text]) is None  # trafilatura has it already
    # the headline kept as the first paragraph: the lead goes after it
    headline = "Rain floods the old town by the river, and the people carry sandbags"
    page_ = page(body=f"<h1>{headline}</h1><p class='lead'>{LEAD}</p><div>{TEXT}</div>")
    assert lead(page_, [headline, text]) == (1, LEAD)


def test_a_section_label_above_the_headline_goes_with_it():
    # "Politics" over the repeated headline: both dropped, the subtitle kept
    title = "Harbour fees rise for small boats"
    body = [
        "Politics",
        "Harbour fees rise for small boats",
        "Owners say the rise is too steep.",
        "It starts in May.",
    ]
    assert clean_paragraphs(body, title=title) == [
        "Owners say the rise is too steep.",
        "It starts in May.",
    ]
    # a dateline cut short ("Posted on", a lower-case last word) is no label: the headline stays
    body = ["Posted on", "Harbour fees rise for small boats", "It starts in May."]
    assert "Harbour fees rise for small boats" in clean_paragraphs(body, title=title)


def test_a_byline_at_the_top_is_dropped():
    assert clean_paragraphs(["posted on by Ana Ruiz", "It starts in May."]) == ["It starts in May."]
    assert clean_paragraphs(["by LenaCooks,", "It starts in May."]) == ["It starts in May."]
    # the same words later in the body, or a sentence, stay
    assert clean_paragraphs(["It starts in May.", "By Ana Ruiz"])[-1] == "By Ana Ruiz"
    assert clean_paragraphs(["By the river, the fees are lower."]) == [
        "By the river, the fees are lower."
    ]


def test_a_list_of_headlines_ending_the_body_is_dropped():
    body = [
        "The comet will be visible all week.",
        "- Ten Best Places to See Comets",
        "- Why Comets Have Tails",
    ]
    assert clean_paragraphs(body) == ["The comet will be visible all week."]
    # a list the text announces, or a list of sentences, is text
    body = ["Pack these three things:", "- Warm Wool Hiking Socks", "- A Red Head Torch"]
    assert clean_paragraphs(body) == body
    body = ["The plan has two parts.", "- Fees rise for large boats.", "- Small boats pay less."]
    assert clean_paragraphs(body) == body


def test_contact_the_reporter_is_an_author_note():
    assert is_author_note("Contact reporter Ana Ruiz at ana.ruiz@example.com")


def test_a_company_note_ending_a_press_release_is_dropped():
    body = [
        "Acme Pumps will open a second plant in Tromsø next spring.",
        "Acme Pumps is a leading global supplier of water pumps for farms.",
        "Acme Pumps is headquartered in Oslo and employs about 900 people.",
    ]
    assert clean_paragraphs(body) == body[:1]
    # the same words in the middle of the text, or a last line that says more, stay
    body = [
        "Acme Pumps is an Oslo-based company that made pumps for farms.",
        "Now it makes bicycles too, and the first ones sold out in a week.",
    ]
    assert clean_paragraphs(body) == body


def test_short_list_items_and_code_shortcodes_are_text():
    # a list of amounts is no list of headlines; a code block in a shortcode is text
    body = ["Rich soup.", "- 8 g Eiweiß", "- 12 g Fett"]
    assert clean_paragraphs(body) == body
    assert clean_paragraphs(["[code]x = 1[/code]"]) == ["[code]x = 1[/code]"]
