"""Rules for choosing the publication date."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from newsspider.extraction.dates.choose import choose_date
from newsspider.extraction.dates.find import shown_dates
from newsspider.extraction.dates.parse import parse_date
from newsspider.extraction.dates.zones import local_midnight, localise, same_instant_local
from newsspider.extraction.html import parse_html
from newsspider.extraction.metadata import collect

FETCHED = datetime(2024, 6, 1, tzinfo=UTC)


def chosen_day(values) -> str:
    found = choose_date(values, FETCHED, {})
    assert found is not None
    when = found[0]
    return (when.date() if isinstance(when, datetime) else when).isoformat()


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("10.12.2022, 07:00:03", "2022-12-10"),
        ("4. 2. 2022", "2022-02-04"),
        ("Mittwoch, 26.01.2022 - 14:30", "2022-01-26"),
    ],
)
def test_dotted_numeric_dates_are_day_first(text, day):
    when = parse_date(text, FETCHED)
    assert (when.date() if isinstance(when, datetime) else when).isoformat() == day


@pytest.mark.parametrize(
    ("other", "offset_hours"),
    [
        (datetime(2023, 12, 22, 22, 22, 7), -5),  # naive local time, whole hours away
        (datetime(2023, 12, 22, 22, 22, 7, tzinfo=timezone(timedelta(hours=-5))), -5),
        (datetime(2023, 12, 23, 8, 52, 7), 5.5),  # half-hour zone
    ],
)
def test_same_instant_in_local_time_is_found(other, offset_hours):
    utc = datetime(2023, 12, 23, 3, 22, 7, tzinfo=UTC)
    local = same_instant_local(utc, other)
    assert local is not None
    assert local.utcoffset() == timedelta(hours=offset_hours)


@pytest.mark.parametrize(
    "other",
    [
        datetime(2023, 12, 22, 22, 40),  # not a whole quarter hour away
        date(2023, 12, 22),  # a bare date says nothing about the instant
        datetime(2023, 12, 20, 3, 22, 7),  # more than 14 hours away
    ],
)
def test_unrelated_times_are_not_the_same_instant(other):
    utc = datetime(2023, 12, 23, 3, 22, 7, tzinfo=UTC)
    assert same_instant_local(utc, other) is None


@pytest.mark.parametrize(
    ("utc", "day"),
    [
        (datetime(2022, 11, 6, 23, 0, tzinfo=UTC), "2022-11-07"),
        (datetime(2022, 11, 6, 22, 0, tzinfo=UTC), "2022-11-07"),
    ],
)
def test_utc_value_at_local_midnight_names_the_next_day(utc, day):
    assert local_midnight(utc).date().isoformat() == day


@pytest.mark.parametrize(
    "utc",
    [datetime(2022, 11, 6, 23, 5, tzinfo=UTC), datetime(2022, 11, 6, 12, 0, tzinfo=UTC)],
)
def test_other_utc_times_are_not_local_midnight(utc):
    assert local_midnight(utc) is None


def test_localise_keeps_non_utc_values():
    value = datetime(2024, 1, 1, 23, 0, tzinfo=timezone(timedelta(hours=2)))
    assert localise(value, [datetime(2024, 1, 1, 21, 0)]) is value


@pytest.mark.parametrize(
    ("values", "day"),
    [
        # the URL's full date wins over a candidate that disagrees with it
        (
            [
                ("2019-06-17T18:28:00+02:00", "jsonld"),
                ("2017-07-12", "trafilatura"),
                ("2017-07-12", "url"),
            ],
            "2017-07-12",
        ),
        # no candidate agrees with the URL: the URL's date
        ([("2019-06-17", "jsonld"), ("2017-07-12", "url")], "2017-07-12"),
        # a UTC timestamp shown in local time elsewhere on the page
        ([("2023-12-23T03:22:07Z", "jsonld"), ("2023-12-22T22:22:07-0500", "time")], "2023-12-22"),
        # most distinct sources name the same day
        (
            [
                ("2020-01-03T09:48:24Z", "jsonld"),
                ("2020-01-06", "meta:date"),
                ("2020-01-06", "trafilatura"),
                ("Monday, 6 January 2020", "dateline"),
            ],
            "2020-01-06",
        ),
        # a tie goes to the most trusted source
        ([("2022-03-01", "jsonld"), ("2022-03-05", "trafilatura")], "2022-03-01"),
    ],
)
def test_choose_date(values, day):
    assert chosen_day(values) == day


@pytest.mark.parametrize(
    ("values", "day"),
    [
        # a local time with its offset keeps its day even when the URL names another
        (
            [
                ("2022-05-08T06:00:00-05:00", "jsonld"),
                ("2022-05-02", "trafilatura"),
                ("2022-05-02", "url"),
            ],
            "2022-05-08",
        ),
        # a UTC time a day off the URL's date takes the URL's day
        ([("2020-02-25T02:25:54Z", "jsonld"), ("2020-02-24", "url")], "2020-02-24"),
        # a date far from the URL's dates a later update
        ([("2019-06-17T18:28:00+02:00", "jsonld"), ("2017-07-12", "url")], "2017-07-12"),
    ],
)
def test_url_date_overrules_only_ambiguous_or_distant_dates(values, day):
    assert chosen_day(values) == day


def test_choose_date_keeps_the_publishers_offset():
    when, _ = choose_date([("2024-05-01T09:30:00+02:00", "jsonld")], FETCHED, {})
    assert when.isoformat() == "2024-05-01T09:30:00+02:00"


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("Updated 2010 GMT (0410 HKT) March 14, 2021", "2021-03-14"),
        ("Sunday 17 December 2023 17:23, UK", "2023-12-17"),
        ("Von Ann Lee 4. 2. 2022.", "2022-02-04"),
        ("Last updated on 20 Feb, 2020. 3 min read", "2020-02-20"),
        ("Written: 2023-11-07 15:03:30 / Updated: 2023-11-07 15:30:46", "2023-11-07"),
    ],
)
def test_date_inside_a_longer_text(text, day):
    when = parse_date(text, FETCHED, languages=("en",))
    assert (when.date() if isinstance(when, datetime) else when).isoformat() == day


@pytest.mark.parametrize("text", ["Dec 23", "4. Januar", "Jan 04"])
def test_day_and_month_without_a_year_is_no_date(text):
    assert parse_date(text, FETCHED, languages=("en", "de")) is None


def test_slashed_dates_follow_the_pages_language_when_shown():
    assert parse_date("08/05/2022", FETCHED, languages=("es", "en")) == date(2022, 5, 8)
    assert parse_date("08/05/2022", FETCHED, languages=("en",)) == date(2022, 8, 5)
    # metadata writes numeric dates month first whatever the page's language
    metadata = parse_date("08/05/2022", FETCHED, languages=("es", "en"), shown=False)
    assert metadata == date(2022, 8, 5)


def test_zone_name_after_a_us_style_date_is_kept():
    when = parse_date("Dec 22, 2023 8:25 AM EST", FETCHED, languages=("en",))
    assert when.utcoffset() == timedelta(hours=-5)


@pytest.mark.parametrize(
    ("values", "modified", "day"),
    [
        # the page shows only the day it was updated: readers date it so
        (
            [("2019-03-30T08:00:00-04:00", "jsonld"), ("Dec 19, 2023 9:00 AM", "dateline")],
            [("2023-12-19T09:00:00-05:00", "jsonld")],
            "2023-12-19",
        ),
        # a shown date labelled as an update, with no modified date in the metadata
        (
            [("2016-08-29T21:54:39Z", "jsonld"), ("Updated May 6, 2019", "dateline:updated")],
            [],
            "2019-05-06",
        ),
        # the page shows its publication day too: that stays
        (
            [
                ("2023-12-20T15:27:00Z", "jsonld"),
                ("Updated Dec 21, 2023", "dateline:updated"),
                ("Dec 20, 2023", "dateline"),
            ],
            [("2023-12-21T14:44:18Z", "jsonld")],
            "2023-12-20",
        ),
        # an earlier shown date is no update
        (
            [("2023-12-20T15:27:00Z", "jsonld"), ("Dec 10, 2023", "dateline")],
            [("2023-12-10T14:44:18Z", "jsonld")],
            "2023-12-20",
        ),
    ],
)
def test_shown_update_date(values, modified, day):
    when, _ = choose_date(values, FETCHED, {}, modified=modified)
    assert (when.date() if isinstance(when, datetime) else when).isoformat() == day


@pytest.mark.parametrize(
    ("values", "day"),
    [
        # a shown date outranks trafilatura's guess in a tie
        ([("2022-12-16", "trafilatura"), ("07 December, 2022", "dateline")], "2022-12-07"),
        # only the first <time> element votes: later ones date other articles
        (
            [
                ("2022-03-01", "meta:date"),
                ("2022-03-05T10:00:00+01:00", "time"),
                ("2022-03-01T09:00:00+01:00", "time"),
                ("2022-03-05", "trafilatura"),
            ],
            "2022-03-05",
        ),
        # the URL's full date votes with a shown date against a <time> element
        (
            [
                ("2023-12-24T10:00:00-05:00", "time"),
                ("Dec 19, 2023", "dateline"),
                ("2023-12-19", "url"),
            ],
            "2023-12-19",
        ),
        # a date labelled as an update does not win a tie for its day
        (
            [
                ("Letzte Änderung: 31.10.2023 - 14:49", "dateline:updated"),
                ("Erschienen am: 01.11.2023", "dateline"),
                ("2023-10-31", "trafilatura"),
            ],
            "2023-11-01",
        ),
        # labelled updates do not vote
        (
            [
                ("2022-03-01", "trafilatura"),
                ("March 1, 2022", "dateline"),
                ("Updated March 5, 2022", "dateline:updated"),
                ("2022-03-05", "time:updated"),
                ("2022-03-05", "meta:date"),
            ],
            "2022-03-01",
        ),
    ],
)
def test_votes_of_shown_dates(values, day):
    assert chosen_day(values) == day


def test_a_date_naming_no_day_is_refused():
    # dateparser fills a missing day with today's: no date of the article
    assert parse_date("Ausgabe Nr. 03/2020", FETCHED, languages=("de",)) is None


@pytest.mark.parametrize("text", ["[06月24日 11時30分]", "Dec 23"])
def test_a_date_without_a_year_is_refused(text):
    assert parse_date(text, FETCHED, languages=("ja", "en")) is None


def test_a_cjk_date_with_its_year_is_read():
    assert (
        str(parse_date("2019年06月24日 11時30分", FETCHED, languages=("ja",)))[:10] == "2019-06-24"
    )


@pytest.mark.parametrize(
    ("text", "languages"),
    [
        ("Dec 23, 2023", ("en",)),
        ("September 3, 2020", ()),
        ("Nov. 6, 2023 6:00 a.m.", ("en",)),
        ("November 18, 2019 11:03 PM", ("en",)),
        ("Wednesday, 20th November 2019", ("en",)),
        ("17 Dec 2023", ("en",)),
        ("30.07.2021", ("de", "en")),
        ("24.01.2022 11:38", ("de", "en")),
        ("25. Januar 2022", ("de", "en")),
        ("3. April 2022", ("de", "en")),
        ("26 Okt 2018", ("de", "en")),
        ("Mo, 4. März 2024 um 09:15 Uhr", ("de", "en")),
    ],
)
def test_named_dates_read_as_dateparser_reads_them(text, languages):
    """The cheap reader of month-name and dotted dates agrees with dateparser."""
    from newsspider.extraction.dates.parse import _parser, named_date

    data = _parser(languages, None, None).get_date_data(text)
    expected = data.date_obj.date() if data.period == "day" else data.date_obj
    assert named_date(text, languages) == expected


@pytest.mark.parametrize(
    ("text", "languages"),
    [
        ("Dec 23, 2023 8:25 AM EST", ("en",)),  # a zone: dateparser's
        ("23 décembre 2023", ("fr", "en")),  # month names we do not carry
        ("Updated March 3, 2020", ("en",)),  # other words
        ("10.12.2022", ("en",)),
    ],
)
def test_named_dates_leave_the_rest_to_dateparser(text, languages):
    from newsspider.extraction.dates.parse import named_date

    order = "MDY" if text == "10.12.2022" else None  # a source that writes the month first
    assert named_date(text, languages, order) is None


@pytest.mark.parametrize(
    ("text", "languages", "expected"),
    [
        ("at 1:23 p.m.", (), None),
        ("10:30 Uhr", ("de",), None),
        ("à 10h30", ("fr",), None),
        ("heute, 10:30 Uhr", ("de",), datetime(2024, 5, 2, 10, 30, tzinfo=UTC)),
        ("yesterday 10:30", (), datetime(2024, 5, 1, 10, 30, tzinfo=UTC)),
    ],
)
def test_a_time_with_no_date_does_not_reach_dateparser(monkeypatch, text, languages, expected):
    """A clock time names no year, which dateparser requires: it is not asked (2 s on first
    use); with "today" or "yesterday" in any language it counts from the fetch time."""
    import newsspider.extraction.dates.parse as dates

    asked = []
    real = dates._parser
    monkeypatch.setattr(dates, "_parser", lambda *a: asked.append(a) or real(*a))
    fetched = datetime(2024, 5, 2, 12, 0, tzinfo=UTC)
    assert parse_date(text, fetched, languages=languages) == expected
    assert bool(asked) == (expected is not None)


def test_dates_of_comments_teasers_and_sidebars_are_not_shown_dates():
    tree = parse_html(
        b"""<html><body><article><h1>Rain floods town</h1><p class="date">2 May 2024</p>
        <div class="comment-list"><p class="commentDate">3 May 2024</p></div></article>
        <div class="teaser"><span class="date">4 May 2024</span></div>
        <aside><span class="date">5 May 2024</span></aside></body></html>""",
        "text/html",
    )
    assert [text for text, _ in shown_dates(tree)] == ["2 May 2024"]


def test_a_kicker_before_the_headline_dates_the_article():
    tree = parse_html(
        b"""<html><body><div class="intro"><p class="kicker">Workshop | 14 March 2021</p>
        <h1>Sawing straight</h1><p>Bo Chan</p><p>A text.</p></div></body></html>""",
        "text/html",
    )
    assert shown_dates(tree) == [("Workshop | 14 March 2021", "dateline")]


@pytest.mark.parametrize(
    ("values", "day"),
    [
        # a bare <meta name="date"> ranks after the shown date; trafilatura, which
        # reads that tag, adds no vote to it
        (
            [
                ("2021-06-10", "meta:date"),
                ("09.06.2021, 08:15 Uhr", "dateline"),
                ("2021-06-10", "trafilatura"),
            ],
            "2021-06-09",
        ),
        (
            [
                ("2021-3-17T09:00:00+01:00", "meta:date"),
                ("2021-03-12", "time"),
                ("12.03.2021 - 10:00", "dateline"),
                ("2021-03-17", "trafilatura"),
            ],
            "2021-03-12",
        ),
        # a named publication date still outranks the shown one
        (
            [("2022-03-01T09:00:00+01:00", "meta:datePublished"), ("5 March 2022", "dateline")],
            "2022-03-01",
        ),
    ],
)
def test_generic_meta_date_ranks_after_the_shown_date(values, day):
    assert chosen_day(values) == day


@pytest.mark.parametrize(
    ("values", "day"),
    [
        # a date labelled as the publication wins over the votes of other dates
        (
            [
                ("2018-05-30T08:00:00+02:00", "time"),
                ("Veröffentlicht am 22.05.2018", "dateline"),
                ("2018-05-30", "trafilatura"),
            ],
            "2018-05-22",
        ),
        (
            [
                ("2021-09-01", "dateline"),
                ("Written 2021-09-03 10:00 · Updated 2021-09-03 11:20", "dateline"),
                ("2021-09-01", "trafilatura"),
            ],
            "2021-09-03",
        ),
        # a relative one is too rough to name its day
        (
            [("2024-05-20T10:00:00Z", "jsonld"), ("Posted 3 days ago", "dateline")],
            "2024-05-20",
        ),
    ],
)
def test_a_date_labelled_as_the_publication_wins(values, day):
    assert chosen_day(values) == day


@pytest.mark.parametrize(
    ("values", "day"),
    [
        # trafilatura's guess is the only full date: the shown day, in its year
        ([("12.03. | Review", "dateline"), ("2021-06-15", "trafilatura")], "2021-03-12"),
        ([("[03月14日 09時15分]", "dateline"), ("2019-03-02", "trafilatura")], "2019-03-14"),
        # a text that names no month is no date
        ([("3 comments", "dateline"), ("2021-06-15", "trafilatura")], "2021-06-15"),
        # another full date: the yearless one does not count
        (
            [("2021-06-15", "jsonld"), ("Mar 12", "dateline"), ("2021-06-15", "trafilatura")],
            "2021-06-15",
        ),
    ],
)
def test_a_shown_date_without_a_year_beats_only_trafilaturas_guess(values, day):
    assert chosen_day(values) == day


def test_an_ambiguous_labelled_date_does_not_win_outright():
    values = [
        ("2020-02-05T10:00:00+00:00", "jsonld"),
        ("Posted 05/02/2020", "dateline"),
        ("2020-02-05", "trafilatura"),
    ]
    assert chosen_day(values) == "2020-02-05"


def shown(html: str) -> list[tuple[str, str]]:
    return shown_dates(parse_html(html.encode(), "text/html"))


def test_datum_class_is_a_date_element_but_a_list_of_dated_items_is_not():
    # German and Dutch pages name their date elements "datum"; a list whose
    # items carry dates lists events or other articles
    found = shown(
        "<html><body><h1>Storm closes harbour</h1><p><span class='text_datum'>3. März 2021.</span>"
        " The harbour closed.</p><ul>"
        + "".join(
            f"<li><span class='datum'>{d}.04.2021</span> Event {d}</li>" for d in (10, 11, 12)
        )
        + "</ul></body></html>"
    )
    assert found == [("3. März 2021.", "dateline")]


def test_a_label_in_the_element_before_the_date_labels_it():
    # "<span>Published:</span><h2>date</h2>" in a box of other facts
    found = shown(
        "<html><body><h1>Storm closes harbour</h1><div><span>Veröffentlicht am:</span><h2>13.10.2021</h2>"
        "<p>Press office of the harbour authority, Quay Street 1, 12345 Port Town, phone 555 01</p>"
        "</div><div><h4 class='timestamp__title'>Zuletzt geändert am:</h4> <ul>"
        "<li class='timestamp-item'>15.10.2021</li></ul></div></body></html>"
    )
    assert found[:2] == [
        ("Veröffentlicht am: 13.10.2021", "dateline"),
        ("Zuletzt geändert am: 15.10.2021", "dateline:updated"),
    ]  # the date in the labelled block is not read again unlabelled
    assert chosen_day([(v, o) for v, o in found] + [("2021-10-15", "meta:date")]) == "2021-10-13"


def test_the_site_header_date_before_a_headline_without_h1_is_not_the_articles():
    # a top bar showing today's date; the headline is an h2 naming the page's title
    tree = parse_html(
        b"<html><head><title>Storm closes harbour - Port News</title></head><body>"
        b"<header><time datetime='2024-05-09T10:00'>Thursday, 9 May 2024</time></header>"
        b"<main><h2>Storm closes harbour</h2><p><span class='datum'>2. Mai 2024</span></p>"
        b"<p>The harbour closed.</p></main></body></html>",
        "text/html",
    )
    found = collect(tree)["published"]
    assert [o for _, o in found] == ["dateline"]
    assert found[0][0] == "2. Mai 2024"


def test_a_date_labelled_as_something_else_after_the_headline_is_skipped():
    # a forum's "Registered: <date>" in the poster's profile before the post's own date
    found = shown(
        "<html><body><h1>Which tent for the Alps?</h1><dl><dd><strong>Registriert:</strong>"
        " 18.09.2008, 05:56</dd></dl><p><span>Ann</span> » 21.01.2009, 05:42</p></body></html>"
    )
    assert found == [("» 21.01.2009, 05:42", "dateline")]


def test_a_date_opening_the_first_paragraph_dates_the_article():
    # "29.11.2022 – The minister said…": a press dateline before the lead
    found = shown(
        "<html><body><h1>Minister cuts energy aid</h1><figure><figcaption>The ministry (photo)"
        "</figcaption></figure><p>29.11.2022 – The minister announced a cut in aid for energy "
        "producers on Tuesday, and the industry protested at once.</p></body></html>"
    )
    assert found == [("29.11.2022", "dateline")]


def test_a_data_date_in_the_headline_block_is_a_candidate():
    # a date kept only in a data attribute beside the headline (a timeline marker)
    tree = parse_html(
        b"<html><body><div data-date='1 Jan 2024'>Calendar</div><div><h1>Storm closes harbour</h1>"
        b"<div><div data-date='18. March 2020' class='marker'></div></div></div></body></html>",
        "text/html",
    )
    assert ("18. March 2020", "data-date") in collect(tree)["published"]


def test_a_slashed_date_takes_the_reading_another_source_confirms():
    # "02/10/2020" on a British page is 2 October; only the metadata says which
    assert chosen_day([("02/10/2020", "dateline"), ("2020-10-02", "trafilatura")]) == "2020-10-02"
    assert chosen_day([("02/10/2020", "dateline")]) == "2020-02-10"


def test_dateparser_is_never_asked_with_every_locale():
    """Pages of unknown language, and htmldate's reading of the page's text, use
    the common news languages: every locale costs 1.7 s to load in each worker."""
    from htmldate.extractors import get_external_parser

    from newsspider.extraction.body.fallback import trafilatura_metadata  # noqa: F401 (sets it)
    from newsspider.extraction.dates.parse import COMMON_LANGUAGES, _parser

    assert _parser((), None, None).languages == list(COMMON_LANGUAGES)
    htmldates = get_external_parser()
    assert htmldates.languages == list(COMMON_LANGUAGES)
    assert htmldates.get_date_data("24 juni 2019")["date_obj"] == datetime(2019, 6, 24)
    assert htmldates.get_date_data("24 tháng 6 năm 2019")["date_obj"] is None  # not a common one


def test_comments_among_the_elements_do_not_break_the_date_scans():
    """Our parser drops comments, lxml's keeps them: a comment where a label's
    neighbour or a text's owner is expected is no element, and no date."""
    from lxml.html import fromstring

    tree = fromstring(
        "<html><body><h1>Rain floods town</h1><div><span>Published:</span><!-- x --> 2 May 2024"
        "<p>Rain fell all night on the town and the river rose over its banks, the mayor said "
        "today at the town hall.</p></div></body></html>"
    )
    assert any("2 May 2024" in str(v) for v, _ in collect(tree)["published"])


# --- relative dates, print editions, live blogs, explicit offsets (issue 16) ---

LATER = datetime(2026, 1, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    "text",
    ["il y a 3 heures", "vor 3 Stunden", "prije 180 minuta", "3 hours ago", "hace 3 horas"],
)
def test_a_relative_date_counts_from_the_fetch_time(text):
    """The same page read again later gives the same answer: the base is the
    fetch time, never the clock of the run."""
    fetched = datetime(2024, 5, 2, 12, 0, tzinfo=UTC)
    when = parse_date(text, fetched, languages=("fr", "de", "hr", "es", "en"))
    assert when == datetime(2024, 5, 2, 9, 0, tzinfo=UTC)


def test_a_relative_date_never_outranks_a_date_the_page_declares():
    values = [("Publié il y a 3 heures", "dateline"), ("2024-04-28T08:15:00+02:00", "jsonld")]
    when, origin = choose_date(values, FETCHED, {"languages": ["fr"]})
    assert (when.date().isoformat(), origin) == ("2024-04-28", "jsonld")


def test_a_relative_date_alone_is_kept_and_marked():
    when, origin = choose_date([("vor 2 Stunden", "dateline")], FETCHED, {"languages": ["de"]})
    assert (when, origin) == (FETCHED - timedelta(hours=2), "dateline:relative")


def test_a_print_editions_date_yields_to_the_online_publication():
    values = [("Ausgabe vom 26.04.2024", "dateline"), ("2024-04-25T19:30:04+02:00", "jsonld"),
              ("2024-04-26", "meta:date")]  # fmt: skip
    assert chosen_day(values) == "2024-04-25"


def test_a_live_blog_keeps_its_first_publication():
    values = [("2024-08-04T13:23:00Z", "jsonld"), ("2024-08-05T19:49:50Z", "meta:article:published_time"),
              ("Updated 20:49, 5 Aug 2024", "dateline"), ("20:49, 5 Aug 2024", "dateline")]  # fmt: skip
    modified = [("2024-08-05T19:49:50Z", "jsonld")]
    found = choose_date(values, LATER, {}, modified=modified, live=True)
    assert found[0].date().isoformat() == "2024-08-04"


def test_an_explicit_utc_offset_is_not_replaced_by_a_later_updates_time():
    """A naive update 7.5 hours later is no "+07:30" zone: the value keeps its +0000."""
    values = [("2025-02-11T23:55:00+0000", "jsonld"), ("Uppdaterad 12.2.2025 7:25", "dateline")]
    when, _ = choose_date(values, LATER, {})
    assert when.isoformat() == "2025-02-11T23:55:00+00:00"


def test_a_manifest_line_gives_the_fetch_time_and_without_one_the_clock_is_said(tmp_path):
    from newsspider.offline import read_entry
    from pipelines.normalise import normalise_fields

    (tmp_path / "a.html").write_text("<h1>Rain</h1><p class='date'>vor 2 Stunden</p>")
    line = (
        '{"url": "https://a.example/x", "path": "a.html", "fetched": "2024-05-02T14:00:00+02:00"}'
    )
    assert read_entry(line, tmp_path, "", 1).fetched == "2024-05-02T12:00:00+00:00"
    assert (
        "not an ISO 8601 time"
        in read_entry(line.replace("2024-05-02T14", "soon"), tmp_path, "", 2).error
    )
    candidates = {"published": [("vor 2 Stunden", "dateline")]}
    _, prov = normalise_fields(candidates, [], "https://a.example/x", "", {"languages": ["de"]})
    assert prov["published"] == "dateline:relative:wall-clock"
    record, prov = normalise_fields(
        candidates, [], "https://a.example/x", "2024-05-02T12:00:00+00:00", {"languages": ["de"]}
    )
    assert (record["published"], prov["published"]) == (
        "2024-05-02T10:00:00+00:00",
        "dateline:relative",
    )
