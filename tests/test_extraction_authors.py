"""Rules for turning bylines into people (or a credited organisation)."""

from __future__ import annotations

import pytest

from newsspider.extraction.authors.choose import choose_authors
from newsspider.extraction.authors.names import (
    clean_authors,
    clean_name,
    is_person_name,
    shown_spelling,
    split_byline,
)


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("By Jane Doe, John Roe and Ann Lee", ["Jane Doe", "John Roe", "Ann Lee"]),
        (
            "By Priya Nand, Senior Education Reporter, and Tomas Berg, Staff Writer",
            ["Priya Nand", "Tomas Berg"],
        ),
        (
            "By Dana Whitfield, MS, RDN, Leo Park and Ana Ruiz",
            ["Dana Whitfield", "Leo Park", "Ana Ruiz"],
        ),
        ("Lauren Kim MS, RDN, LD", ["Lauren Kim"]),
        ("By Jo Ames | jo@example.com | Daily Planet", ["Jo Ames"]),
        ("Picture of Ubaid Rahman", ["Ubaid Rahman"]),
        ("View all posts by Will Mack", ["Will Mack"]),
        ("Veröffentlicht vonChris Jung", ["Chris Jung"]),
        ("Zeige alle Beiträge von Petra Rul", ["Petra Rul"]),
        ("Text von Christian Seil", ["Christian Seil"]),
        ("Interview: Julia Laut", ["Julia Laut"]),
        ("ByAyeesha WalshShowbiz & TV Reporter", ["Ayeesha Walsh"]),
        ("Ike Allen Assistant Editor", ["Ike Allen"]),
        ("Glen Owen and Bren Carl for The Sunday Mail", ["Glen Owen", "Bren Carl"]),
        ("Sam Ode The Associated Press", ["Sam Ode"]),
        ("James O&#039;Neil", ["James O'Neil"]),
        ("Art Edwards says", ["Art Edwards"]),
        ("© Kathrin Fuhr Kathrin Fuhr", ["Kathrin Fuhr"]),
        ("Joe Link @joelink", ["Joe Link"]),
        ("By Ann Lee and Bo Chan on May 2, 2024 at 3:53PM", ["Ann Lee", "Bo Chan"]),
        ("Von Ann Lee am Samstag, 4. Mai 2024", ["Ann Lee"]),
        ("Text von Ann Lee Illustration von Bo Chan", ["Ann Lee"]),
        ("By Ann Lee, Planet Staff Writer", ["Ann Lee"]),
        ("by Ann Lee, Institute of Rain and Snow Studies", ["Ann Lee"]),
        ("Blog Beitrag von Ann Lee", ["Ann Lee"]),
        ("rainfan1987", ["rainfan1987"]),
    ],
)
def test_split_byline_people(text, names):
    assert split_byline(text) == names


@pytest.mark.parametrize(
    "text",
    [
        "Staff Writer",
        "jane@example.com",
        "Updated 5 min ago",
        "Sponsored",
        "Weitere Artikel",
        "Share this article",
        "No Author",
        "Chief Technology Officer",
        "WBEZ",
        "Link copied",
        "Von Sturm mit Regen verwüstet",
        "Por lo mismo",
        "planet.de",
        "May 2024",
        "By Staff Writer",
    ],
)
def test_split_byline_rejects_non_names(text):
    assert split_byline(text) == []


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("By The Associated Press", ["The Associated Press"]),
        ("NBC News", ["NBC News"]),
        ("vom Support Team", ["Support Team"]),
    ],
)
def test_organisations_are_credits_but_not_people(text, names):
    assert split_byline(text) == []
    assert split_byline(text, people=False) == names


@pytest.mark.parametrize(
    ("name", "ok"), [("Ann-Marie O'Neil", True), ("The Citizen", False), ("Rob 2", False)]
)
def test_is_person_name(name, ok):
    assert is_person_name(name) is ok


def test_clean_name_strips_role_only_piece_to_nothing():
    assert clean_name("Senior Education Reporter") == ""


def test_clean_authors_drops_publisher_and_case_duplicates():
    assert clean_authors(["Ann Lee", "ANN LEE", "Daily Planet"], publisher="Daily Planet") == [
        "Ann Lee"
    ]


@pytest.mark.parametrize(
    ("candidates", "authors"),
    [
        # JSON-LD Organization loses to a byline naming people
        ([("Daily Planet", "jsonld:organization"), ("By Ann Lee", "byline")], ["Ann Lee"]),
        # byline elements narrowed to the names another source confirms
        ([("Ann Lee", "byline"), ("Cy Dee", "byline"), ("Ann Lee", "trafilatura")], ["Ann Lee"]),
        # a fuller visible byline beats metadata naming only the first author
        (
            [("Ann Lee", "meta:author"), ("By Ann Lee and Bo Chan", "byline")],
            ["Ann Lee", "Bo Chan"],
        ),
        # no person anywhere: the organisation credited as author
        ([("Continental Press Agency", "jsonld:organization")], ["Continental Press Agency"]),
        # the publisher as author stays out when a person is credited
        ([("Daily Planet", "jsonld"), ("Ann Lee", "byline")], ["Ann Lee"]),
        # ... also spelt as its domain, or as a piece of its name
        ([("DailyPlanet", "meta:author"), ("By Ann Lee", "byline-text")], ["Ann Lee"]),
        # a visible "By" line beats a byline element (a photo credit, say)
        ([("Cy Dee", "byline"), ("By Ann Lee", "byline-text")], ["Ann Lee"]),
        # unconfirmed byline elements: the first one's names (others are other articles')
        ([("Ann Lee", "rel=author"), ("Cy Dee", "rel=author")], ["Ann Lee"]),
        # a co-author the text byline shows but metadata leaves out
        (
            [
                ("Ann Lee", "jsonld"),
                ("Ann Lee", "rel=author"),
                ("By Ann Lee and Bo Chan", "byline-text"),
            ],
            ["Ann Lee", "Bo Chan"],
        ),
        # a list of a paper's references is no byline
        (
            [
                (f"{a} {b}", "meta:author")
                for a in ("Al", "Bo", "Cy")
                for b in ("Dee", "Eng", "Fox", "Gil")
            ]
            + [("Di Chan", "byline")],
            ["Di Chan"],
        ),
    ],
)
def test_choose_authors(candidates, authors):
    found = {"authors": candidates, "site_name": [("Daily Planet", "og:site_name")]}
    assert choose_authors(found)[0] == authors


def test_blog_named_after_its_author_keeps_the_author():
    found = {"authors": [("Ann Lee", "meta:author")], "site_name": [("Ann Lee", "og:site_name")]}
    assert choose_authors(found)[0] == ["Ann Lee"]


def test_user_name_is_shown_as_the_page_spells_it():
    found = {"authors": [("ann_lee", "jsonld"), ("Von Ann Lée", "byline-text")]}
    assert choose_authors(found)[0] == ["Ann Lée"]
    assert shown_spelling("annlee", ["Bo Chan", "Ann Lee"]) == "Ann Lee"
    assert shown_spelling("annlee", ["Ann Leeds"]) == "annlee"


def test_first_name_completed_by_a_personal_site_name():
    found = {"authors": [("Ann", "trafilatura")], "site_name": [("Dr. Ann Lee", "og:site_name")]}
    assert choose_authors(found)[0] == ["Ann Lee"]
    found = {"authors": [("Ann", "trafilatura")], "site_name": [("Bo Chan", "og:site_name")]}
    assert choose_authors(found)[0] == ["Ann"]


def test_site_named_by_its_whole_domain_is_no_author():
    found = {
        "authors": [("Rainplanet", "meta:author"), ("ann_lee", "meta:author")],
        "site_name": [("RAINPLAN.ET", "og:site_name")],
    }
    assert choose_authors(found)[0] == ["ann_lee"]


def test_domain_credited_as_author_is_the_site_not_a_credit():
    # a domain, or a domain written out as words, is the site crediting itself
    assert split_byline("rainplanet.de", people=False) == []
    assert split_byline("Rainplanet De", people=False) == []
    assert split_byline("Www Rainplanet Com", people=False) == []
    assert split_byline("Daily Rainplanet", people=False) == ["Daily Rainplanet"]
    found = {"authors": [("rainplanet.de", "meta:author"), ("Rainplanet De", "trafilatura")]}
    assert choose_authors(found)[0] == []


def test_agency_after_a_name_and_soft_hyphens():
    # "Name/agency" credits the person and the wire agency (issue 16: agencies credited
    # are kept); soft hyphens inside a name are no letters
    assert split_byline("Autor: Ann Lee/dpa") == ["Ann Lee", "dpa"]
    assert split_byline("By Bo Chan / AP") == ["Bo Chan", "AP"]
    assert split_byline("Von Mat\u00adthi\u00adas Roe") == ["Matthias Roe"]


def test_interview_credit_names_both_people():
    assert split_byline("Ann Lee im Gespräch mit Bo Chan") == ["Ann Lee", "Bo Chan"]


def test_lone_byline_label_takes_the_next_text():
    from lxml.html import fromstring

    from newsspider.extraction.authors.find import text_bylines

    page = fromstring(
        "<html><body><h1>Rain</h1><div><span>By</span> <a href='/team/ann-lee'>Ann Lee</a>"
        "</div><p><b>Autor:</b> Bo Chan/dpa</p></body></html>"
    )
    assert text_bylines(page) == ["By Ann Lee", "Autor: Bo Chan/dpa"]
    # a form's "From: [Filter]" and a menu item "Redaktion" are no bylines
    page = fromstring(
        "<html><body><h1>Rain</h1><form><span>Von:</span> <input/> Filter</form>"
        "<ul><li>Redaktion</li><li>Kontakt Seite</li></ul></body></html>"
    )
    assert text_bylines(page) == []


def test_column_and_article_wording_is_a_byline():
    from lxml.html import fromstring

    from newsspider.extraction.authors.find import text_bylines

    page = fromstring(
        "<html><body><p>Eine Kolumne von Ann Lee</p><div>Ein Artikel von Bo Chan | 2.1.2024</div></body></html>"
    )
    assert [split_byline(t) for t in text_bylines(page)] == [["Ann Lee"], ["Bo Chan"]]


def test_first_name_completed_by_a_full_name_shown_on_the_page():
    found = {"authors": [("Ann", "meta:author"), ("Eine Kolumne von Ann Lee", "byline-text")]}
    assert choose_authors(found)[0] == ["Ann Lee"]
    found = {
        "authors": [("Ann", "meta:author"), ("Ann Lee", "byline-text"), ("Ann Roe", "trafilatura")]
    }
    assert choose_authors(found)[0] == ["Ann"]


def test_user_name_and_cut_short_name_are_not_more_people():
    found = {
        "authors": [
            ("Ann Lee", "meta:author"),
            ("annleePlanet", "meta:author"),
            ("Bo Chan", "meta:author"),
        ]
    }
    assert choose_authors(found)[0] == ["Ann Lee", "Bo Chan"]
    found = {
        "authors": [
            ("Ann Lee", "byline"),
            ("By Ann Lee Roe", "byline"),
            ("Ann Lee Roe", "trafilatura"),
        ]
    }
    assert choose_authors(found)[0] == ["Ann Lee Roe"]
