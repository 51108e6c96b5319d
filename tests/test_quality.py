"""Tests of analytics.quality and analytics.safe_text: what the Data quality page lists."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from analytics import duplicates, load_dataset, quality, schema
from analytics.safe_text import escape_markdown, markdown_link, safe_link
from analytics.schema import Problem
from tests.helpers import title_ratio

DATA = Path(__file__).parent / "data"
BAD = DATA / "bad"


def _events(*rows: dict[str, object]) -> pd.DataFrame:
    """A small events frame with the loader's columns; unspecified fields are empty."""
    defaults: dict[str, object] = {
        schema.CITY: None,
        schema.FORMAT: None,
        schema.PARTNERS: (),
        schema.ORGANISERS: (),
        schema.PILLARS: (),
        schema.SUMMARY: None,
        schema.CAVEATS: (),
        schema.COUNTRY: None,
        schema.LATITUDE: float("nan"),
        schema.LINE: 1,
    }
    frame = pd.DataFrame([{**defaults, **row} for row in rows])
    if frame.empty:
        return pd.DataFrame(columns=list(schema.EVENT_COLUMNS))
    frame[schema.START_DATE] = pd.to_datetime(frame[schema.START_DATE])
    return frame


def test_problems_table_lists_errors_first_then_by_line() -> None:
    """Errors come before warnings, each by line; a problem without a line comes last."""
    problems = [
        Problem.warning("unknown city", file="e.yaml", line=30, event_id="b", field="city"),
        Problem.error("file-level", file="e.yaml"),
        Problem.error("title missing", file="e.yaml", line=12, event_id="a", field="title"),
        Problem.warning("unknown partner", file="e.yaml", line=5, event_id="c", field="partners"),
    ]
    table = quality.problems_table(problems)
    assert list(table.columns) == list(quality.PROBLEM_COLUMNS)
    assert list(table[quality.MESSAGE]) == [
        "title missing",
        "file-level",
        "unknown partner",
        "unknown city",
    ]
    assert table[quality.LINE].tolist()[:1] == [12]
    assert pd.isna(table[quality.LINE].iloc[1])
    assert table[quality.EVENT].iloc[1] == ""


def test_problems_table_of_no_problems_is_empty_with_columns() -> None:
    """No problems give an empty table that still has its columns."""
    table = quality.problems_table([])
    assert table.empty
    assert list(table.columns) == list(quality.PROBLEM_COLUMNS)


def test_severity_counts_of_a_corpus_file() -> None:
    """The counts equal the problems counted by hand in yaml11_yes_on.yaml (2 errors)."""
    dataset = load_dataset(BAD / "yaml11_yes_on.yaml")
    assert quality.severity_counts(dataset.problems) == {schema.ERROR: 2, schema.WARNING: 0}
    assert quality.severity_counts(()) == {schema.ERROR: 0, schema.WARNING: 0}


def test_missing_facts_of_the_small_fixture() -> None:
    """The online fixture event lacks partners and pillar but not a city; others lack nothing."""
    events = load_dataset(DATA / "small_events.yaml").events
    table = quality.missing_facts(events)
    assert list(table[quality.EVENT]) == ["2023-10-17-online-database"]
    assert table[quality.MISSING].iloc[0] == "partners, pillar"
    assert table[quality.LINE].iloc[0] == 39  # the "- id:" line of that event
    counts = quality.missing_fact_counts(events).set_index(quality.FACT)[quality.EVENTS_MISSING]
    assert counts.to_dict() == {"city": 0, "partners": 1, "pillar": 1, "summary": 0}


def test_missing_city_counts_for_an_in_person_event() -> None:
    """An event that is not online and has no city is listed for its city."""
    events = _events(
        {
            schema.ID: "a",
            schema.TITLE: "A",
            schema.START_DATE: "2023-01-01",
            schema.PARTNERS: ("Italy",),
            schema.PILLARS: ("WBCTi",),
            schema.SUMMARY: "S",
        },
    )
    assert quality.missing_facts(events)[quality.MISSING].tolist() == ["city"]


def test_missing_facts_of_no_events() -> None:
    """No events: no rows, and every fact counted zero."""
    empty = load_dataset(BAD / "zero_events.yaml").events
    assert quality.missing_facts(empty).empty
    assert quality.missing_fact_counts(empty)[quality.EVENTS_MISSING].tolist() == [0, 0, 0, 0]


def test_unknown_partner_and_unlocated_city_are_listed_with_their_events() -> None:
    """The corpus files' unknown partner and city are listed with their event ids."""
    partners_set = load_dataset(BAD / "unknown_partner.yaml")
    partners = quality.unknown_partners(partners_set.events, partners_set.reference.registry)
    assert partners.to_dict("records") == [
        {
            quality.NAME: "Ministry of Magic",
            quality.LISTED_AS: "partner",
            quality.EVENTS: 1,
            quality.EVENT_IDS: "2023-06-01-unknown-partner",
        }
    ]
    # The same name is what the loader's long table marks as not in the registry.
    kinds = partners_set.event_partners.set_index(schema.PARTNER)[schema.PARTNER_KIND]
    assert kinds["Ministry of Magic"] == schema.UNKNOWN_KIND
    cities = quality.unlocated_cities(load_dataset(BAD / "unknown_city.yaml").events)
    assert cities.to_dict("records") == [
        {
            quality.CITY: "Atlantisville",
            quality.COUNTRY: "Albania",
            quality.EVENTS: 1,
            quality.EVENT_IDS: "2023-06-01-atlantis",
        }
    ]


def test_bundled_data_has_no_unknown_names() -> None:
    """Every partner of the bundled data is in the registry and every city on the map."""
    dataset = load_dataset()
    assert quality.unknown_partners(dataset.events, dataset.reference.registry).empty
    assert quality.unlocated_cities(dataset.events).empty


def test_unknown_names_are_listed_once_per_loaded_dataset() -> None:
    """A rerun of Data quality gets the same tables back for the same dataset, not a new count;
    another dataset gets its own."""
    dataset = load_dataset(BAD / "unknown_partner.yaml")
    registry = dataset.reference.registry
    first = quality.unknown_partners(dataset.events, registry)
    assert quality.unknown_partners(dataset.events, registry) is first
    assert quality.unlocated_cities(dataset.events) is quality.unlocated_cities(dataset.events)
    other = load_dataset(BAD / "unknown_city.yaml")
    assert quality.unlocated_cities(other.events)[quality.CITY].tolist() == ["Atlantisville"]
    assert quality.unknown_partners(other.events, other.reference.registry).empty


def test_unlocated_city_in_kosovo_is_written_kosovo_star() -> None:
    """Countries in the unknown-cities table use the Kosovo* designation."""
    events = _events(
        {schema.ID: "k", schema.TITLE: "K", schema.START_DATE: "2023-01-01"}
        | {schema.CITY: "Nowhere", schema.COUNTRY: schema.KOSOVO}
    )
    assert quality.unlocated_cities(events)[quality.COUNTRY].tolist() == [schema.KOSOVO_DISPLAY]


def test_possible_duplicates_same_day_same_city_and_alike_titles() -> None:
    """Same day and city is listed; alike titles a day apart too; other pairs are not."""
    events = _events(
        {
            schema.ID: "a",
            schema.TITLE: "Board meeting",
            schema.START_DATE: "2023-01-10",
            schema.CITY: "Tirana",
        },
        {
            schema.ID: "b",
            schema.TITLE: "Workshop on firearms",
            schema.START_DATE: "2023-01-10",
            schema.CITY: "tirana",
        },
        {
            schema.ID: "c",
            schema.TITLE: "Regional Conference on Border Security",
            schema.START_DATE: "2023-03-01",
        },
        {
            schema.ID: "d",
            schema.TITLE: "Regional Conference on Border Security.",
            schema.START_DATE: "2023-03-02",
        },
        {
            schema.ID: "e",
            schema.TITLE: "Regional Conference on Border Security",
            schema.START_DATE: "2023-03-04",
        },
    )
    table = quality.possible_duplicates(events)
    pairs = list(zip(table[quality.FIRST_EVENT], table[quality.SECOND_EVENT], strict=True))
    assert pairs == [("a", "b"), ("c", "d")]
    assert table[quality.REASON].iloc[0] == "same start date and city (Tirana)"
    ratio = title_ratio(
        "Regional Conference on Border Security", "Regional Conference on Border Security."
    )
    assert table[quality.REASON].iloc[1] == f"titles {ratio:.0f}% alike" == "titles 99% alike"
    assert table[quality.DATES].iloc[1] == "1 Mar 2023 and 2 Mar 2023"


def test_series_of_meetings_per_pillar_or_city_are_not_duplicates() -> None:
    """Alike titles in different cities, or for different pillars, are a series, not a duplicate."""
    events = _events(
        {
            schema.ID: "wbcti",
            schema.TITLE: "Regional Support Group Meeting – WBCTi",
            schema.START_DATE: "2023-01-10",
            schema.PILLARS: ("WBCTi",),
        },
        {
            schema.ID: "wbbsi",
            schema.TITLE: "Regional Support Group Meeting – WBBSi",
            schema.START_DATE: "2023-01-11",
            schema.PILLARS: ("WBBSi",),
        },
        {
            schema.ID: "belgrade",
            schema.TITLE: "National coordination meeting – Belgrade",
            schema.START_DATE: "2023-02-01",
            schema.CITY: "Belgrade",
        },
        {
            schema.ID: "tirana",
            schema.TITLE: "National coordination meeting – Tirana",
            schema.START_DATE: "2023-02-01",
            schema.CITY: "Tirana",
        },
    )
    assert quality.possible_duplicates(events).empty
    assert quality.possible_duplicates(_events()).empty


def test_bundled_data_has_no_possible_duplicates() -> None:
    """The curated dataset has no pair the rules flag."""
    assert quality.possible_duplicates(load_dataset().events).empty


def test_caveats_table_has_one_row_per_caveat() -> None:
    """Every caveat of the bundled data is one row, with its event's id."""
    events = load_dataset().events
    expected = sum(len(c) for c in events[schema.CAVEATS])
    table = quality.caveats_table(events)
    assert len(table) == expected
    first = events.sort_values([schema.START_DATE, schema.ID]).iloc[0]
    assert table[quality.EVENT].iloc[0] == first[schema.ID]
    assert table[quality.CAVEAT].iloc[0] == first[schema.CAVEATS][0]
    assert quality.caveats_table(_events()).empty


def test_freshness_counts_days_from_the_latest_start() -> None:
    """The latest fixture event starts 17 Oct 2023; 10 days later is "10 days ago"."""
    events = load_dataset(DATA / "small_events.yaml").events
    fresh = quality.freshness(events, dt.date(2023, 10, 27))
    assert fresh == quality.Freshness(dt.date(2023, 10, 17), 10)
    assert fresh.describe == "10 days ago"
    assert quality.freshness(events, dt.date(2023, 10, 17)).describe == "today"
    assert quality.freshness(events, dt.date(2023, 10, 16)).describe == "in 1 day (announced)"
    assert quality.freshness(_events(), dt.date(2023, 1, 1)) == quality.Freshness(None, None)
    assert quality.Freshness(None, None).describe == "no events"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<script>alert(1)</script>", r"\<script\>alert\(1\)\</script\>"),
        ("[click](javascript:alert(1))", r"\[click\]\(javascript\:alert\(1\)\)"),
        ("**bold** _it_ `code`", r"\*\*bold\*\* \_it\_ \`code\`"),
        (":red[alarm] $x^2$", r"\:red\[alarm\] \$x\^2\$"),
        ("# heading\n    indented", r"\# heading indented"),
        ("&lt;b&gt;", r"\&lt;b\&gt;"),
        ("Ministry of Interior", "Ministry of Interior"),
        (None, ""),
        (float("nan"), ""),
    ],
)
def test_escape_markdown_shows_text_as_written(text: object, expected: str) -> None:
    """Markdown, HTML and Streamlit directives in data are escaped, plain words untouched."""
    assert escape_markdown(text) == expected


def test_escape_markdown_keeps_bare_addresses_from_becoming_links() -> None:
    """A bare https://, www. or e-mail address gets an invisible word joiner: no autolink."""
    joiner = "\u2060"
    assert escape_markdown("https://evil.example/x") == f"https\\:{joiner}//evil\\.example/x"
    assert escape_markdown("see www.evil.example") == f"see www{joiner}\\.evil\\.example"
    assert escape_markdown("ask a@evil.example") == f"ask a{joiner}@evil\\.example"
    shown = escape_markdown("[x](https://evil.example) www.a.b c@d.e").replace(joiner, "")
    assert shown.replace("\\", "") == "[x](https://evil.example) www.a.b c@d.e"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.iisg.info/events", "https://www.iisg.info/events"),
        ("  http://example.org/a(b)  ", "http://example.org/a(b)"),
        ("HTTPS://EXAMPLE.ORG", "HTTPS://EXAMPLE.ORG"),
        ("javascript:alert(1)", None),
        ("JavaScript:alert(1)", None),
        ("data:text/html,<script>alert(1)</script>", None),
        ("file:///etc/passwd", None),
        ("//example.org/no-scheme", None),
        ("IISG website, Events page", None),
        ("https://exa mple.org", None),
        ('https://example.org/"onmouseover="x', None),
        ("https://", None),
        ("http://[::1", None),
        ("", None),
        (None, None),
        (42, None),
    ],
)
def test_safe_link_accepts_only_http_and_https(url: object, expected: str | None) -> None:
    """Only absolute http(s) addresses are returned; anything else gives None."""
    assert safe_link(url) == expected


def test_markdown_link_falls_back_to_escaped_text() -> None:
    """A safe URL makes a link; a javascript: URL leaves only the escaped label."""
    assert markdown_link("Source", "https://a.org/x_(y)") == "[Source](<https://a.org/x_(y)>)"
    assert markdown_link("[x](y)", "javascript:alert(1)") == r"\[x\]\(y\)"


def _pairs_by_brute_force(
    events: pd.DataFrame, threshold: float, window_days: int
) -> list[tuple[str, str, str]]:
    """Every pair checked one by one, the rule of possible_duplicates written out plainly."""
    ordered = events.sort_values([schema.START_DATE, schema.ID]).reset_index(drop=True)
    found = []
    for i in range(len(ordered)):
        for j in range(i + 1, len(ordered)):
            a, b = ordered.iloc[i], ordered.iloc[j]
            if (b[schema.START_DATE] - a[schema.START_DATE]).days > window_days:
                break
            cities = [
                None if pd.isna(c) or not str(c).strip() else str(c).casefold()
                for c in (a[schema.CITY], b[schema.CITY])
            ]
            pillars = [set(p) if p else None for p in (a[schema.PILLARS], b[schema.PILLARS])]
            series = (None not in cities and cities[0] != cities[1]) or (
                None not in pillars and pillars[0] != pillars[1]
            )
            reasons = []
            if (
                a[schema.START_DATE] == b[schema.START_DATE]
                and None not in cities
                and (cities[0] == cities[1])
            ):
                reasons.append(f"same start date and city ({a[schema.CITY]})")
            ratio = title_ratio(str(a[schema.TITLE]), str(b[schema.TITLE]))
            if ratio >= threshold and not series:
                reasons.append(f"titles {ratio:.0f}% alike")
            if reasons:
                found.append((a[schema.ID], b[schema.ID], "; ".join(reasons)))
    return found


def test_possible_duplicates_match_a_pair_by_pair_check() -> None:
    """On 120 mixed events the listed pairs are exactly those a pair-by-pair check finds."""
    import random

    rng = random.Random(7)
    words = ["Regional", "meeting", "on", "border", "security", "WBCTi", "Tirana", "workshop"]
    rows = []
    for number in range(120):
        title = " ".join(rng.choice(words) for _ in range(rng.randint(2, 6)))
        if number % 5 == 0 and rows:
            # A near copy of an earlier title, so some pairs are alike.
            title = str(rows[-1][schema.TITLE]) + rng.choice(["", "s", " 2"])
        rows.append(
            {
                schema.ID: f"e{number:03d}",
                schema.TITLE: title,
                schema.START_DATE: f"2023-01-{rng.randint(1, 6):02d}",
                schema.CITY: rng.choice([None, "Tirana", "tirana", "Skopje", " "]),
                schema.PILLARS: rng.choice([(), ("WBCTi",), ("WBCTi", "WBBSi"), ("WBBSi",)]),
            }
        )
    events = _events(*rows)
    table = quality.possible_duplicates(events)
    listed = list(
        zip(
            table[quality.FIRST_EVENT],
            table[quality.SECOND_EVENT],
            table[quality.REASON],
            strict=True,
        )
    )
    expected = _pairs_by_brute_force(events, duplicates.TITLE_SIMILARITY, duplicates.WINDOW_DAYS)
    assert expected, "the frame should hold some duplicates"
    assert listed == expected


def test_missing_facts_of_an_online_event_and_blank_text() -> None:
    """An online event needs no city; a summary of spaces counts as missing."""
    events = _events(
        {
            schema.ID: "a",
            schema.TITLE: "A",
            schema.START_DATE: "2023-01-02",
            schema.FORMAT: "online",
            schema.SUMMARY: "  ",
            schema.PARTNERS: ("Italy",),
            schema.PILLARS: ("WBCTi",),
        },
        {
            schema.ID: "b",
            schema.TITLE: "B",
            schema.START_DATE: "2023-01-01",
            schema.CITY: "Tirana",
            schema.SUMMARY: "S",
            schema.PARTNERS: ("Italy",),
            schema.PILLARS: ("WBCTi",),
        },
    )
    table = quality.missing_facts(events)
    assert table[quality.EVENT].tolist() == ["a"]
    assert table[quality.MISSING].tolist() == ["summary"]
    assert table[quality.START].tolist() == [dt.date(2023, 1, 2)]
    counts = quality.missing_fact_counts(events).set_index(quality.FACT)[quality.EVENTS_MISSING]
    assert counts.to_dict() == {"city": 0, "partners": 0, "pillar": 0, "summary": 1}


def test_a_crowd_on_one_day_in_one_city_is_one_row() -> None:
    """400 events on one day in Tirana give one row for the crowd, not 79,800 pairs."""
    crowd = [
        {
            schema.ID: f"c{number:03d}",
            schema.TITLE: f"Session {number}",
            schema.START_DATE: "2023-05-02",
            schema.CITY: "Tirana",
        }
        for number in range(400)
    ]
    pair = [
        {
            schema.ID: "x1",
            schema.TITLE: "Board",
            schema.START_DATE: "2023-06-01",
            schema.CITY: "Bar",
        },
        {
            schema.ID: "x2",
            schema.TITLE: "Other",
            schema.START_DATE: "2023-06-01",
            schema.CITY: "Bar",
        },
    ]
    table = quality.possible_duplicates(_events(*crowd, *pair))
    assert len(table) == 2
    assert table[quality.FIRST_EVENT].tolist() == ["c000", "x1"]
    assert table[quality.SECOND_EVENT].tolist() == ["c399", "x2"]
    assert table[quality.REASON].iloc[0].startswith("400 events start this day in Tirana")
    assert table[quality.REASON].iloc[1] == "same start date and city (Bar)"


def test_possible_duplicates_memory_stays_linear() -> None:
    """3,000 events on one day in 600 cities: peak memory stays far below all 4.5 million pairs."""
    import tracemalloc

    rows = [
        {
            schema.ID: f"e{number:04d}",
            schema.TITLE: f"Coordination meeting {number % 50}",
            schema.START_DATE: "2023-05-02",
            schema.CITY: f"City {number % 600}",
        }
        for number in range(3000)
    ]
    events = _events(*rows)
    tracemalloc.start()
    try:
        table = quality.possible_duplicates(events)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # Each city holds 5 events of one day: every pair of them is listed (same day and city).
    assert len(table) == 600 * 5 * 4 // 2
    # 4.5 million pairs would take over 300 MB in the arrays of pairs alone.
    assert peak < 120 * 1024 * 1024, f"peak {peak / 2**20:.0f} MB"
