"""Rules for the body: text blocks and boilerplate."""

from __future__ import annotations

import pytest
from lxml import etree

from newsspider.extraction.body import text_blocks
from newsspider.extraction.boilerplate import clean_paragraphs, is_boilerplate
from pipelines.normalise import count_words


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
