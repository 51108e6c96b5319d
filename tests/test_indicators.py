"""Indicators: the file is validated by line, and values match counts made by hand."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from analytics import load_dataset, periods, schema
from analytics.dataset.reference import load_reference
from analytics.filters import EventFilter
from analytics.indicators import (
    build_results,
    compute,
    format_value,
    indicators_path,
    judge,
    load_indicators,
    parse_indicators,
)
from analytics.report import model, tables
from analytics.schema import DatasetError
from tests.helpers import ROOT

FIXTURES = ROOT / "tests" / "data" / "indicators"
EVENTS = FIXTURES / "events.yaml"
WITH_TARGETS = FIXTURES / "indicators.yaml"
BROKEN = FIXTURES / "broken.yaml"


@pytest.fixture(scope="module")
def dataset():  # type: ignore[no-untyped-def]
    """The seven fixture events."""
    loaded = load_dataset(EVENTS)
    assert not loaded.errors, loaded.errors
    return loaded


def results_for(dataset, period: periods.ReportPeriod, event_filter: EventFilter | None = None):  # type: ignore[no-untyped-def]
    indicator_set = load_indicators(WITH_TARGETS, dataset.reference)
    assert not indicator_set.problems, indicator_set.problems
    data = build_results(
        dataset.events, dataset.event_partners, indicator_set, period, event_filter or EventFilter()
    )
    return {result.indicator.id: result for result in data.results}, data


def test_values_of_2023_match_the_hand_count(dataset) -> None:  # type: ignore[no-untyped-def]
    """2023 touches e2 (over New Year) to e6: the values counted by hand from the fixture."""
    results, _ = results_for(dataset, periods.calendar_year(2023))
    values = {key: result.value for key, result in results.items()}
    assert values == {
        "all-events": 5,  # e2, e3, e4, e5, e6
        "organised": 3,  # e3, e4, e6
        "organised-share": 60.0,  # 3 of 5
        "wbcti": 2,  # e2, e3
        "rsg": 1,  # e4
        # Serbia (e2 itself, e3 its ministry), North Macedonia (e3), Montenegro (e4, e6); the
        # group entry in e3 counts for none of the six.
        "wb": 3,
        # Serbia, DG NEAR, Government of NM, MoI Serbia, Austria, WB Partners, Police
        # Administration of Montenegro, Italy, MoI Montenegro
        "partners": 9,
        "days": 9,  # 4 + 2 + 1 + 1 + 1
        "countries": 3,  # Austria, North Macedonia, Montenegro (e5 has none)
        "cities": 3,  # Vienna, Skopje, Podgorica
        "montenegro-kind": 2,  # e4 (police administration), e6 (ministry)
    }
    assert sorted(dataset.events.iloc[list(results["organised"].event_rows)][schema.ID]) == [
        "e3-skopje-board",
        "e4-podgorica-rsg",
        "e6-podgorica-coordination",
    ]


def test_previous_period_baseline_and_targets(dataset) -> None:  # type: ignore[no-untyped-def]
    """2023 is compared with 2022 (e1, e2), baselines are stated or computed, targets judged."""
    results, data = results_for(dataset, periods.calendar_year(2023))
    assert data.previous_period.start == dt.date(2022, 1, 1)
    everything = results["all-events"]
    assert everything.previous == 2
    assert (everything.baseline, everything.baseline_year, everything.baseline_computed) == (
        2,
        2022,
        True,
    )
    assert everything.target == 4
    assert everything.status == compute.MET
    assert everything.progress == pytest.approx(125.0)
    organised = results["organised"]
    assert (organised.baseline, organised.baseline_computed) == (7, False)
    assert organised.previous == 1  # e1
    assert (organised.status, organised.progress) == (compute.CLOSE, 75.0)  # 3 of 4
    assert results["organised-share"].baseline == 50.0  # e1 of e1, e2
    assert results["wb"].status == compute.BEHIND  # 3 of 5
    assert results["days"].status == compute.CLOSE  # 9 against at most 8: within 25 %
    assert results["countries"].status == compute.BEHIND  # 3 against at most 2
    assert results["partners"].status == compute.NO_TARGET


def test_half_year_target_and_previous_period(dataset) -> None:  # type: ignore[no-untyped-def]
    """H1 2023 has its own target; its previous period (181 days) holds only e2."""
    results, data = results_for(dataset, periods.half_year(2023, 1))
    everything = results["all-events"]
    assert everything.value == 4  # e2, e3, e4, e5
    assert everything.previous == 1
    assert data.previous_period.start == dt.date(2022, 7, 4)
    assert (everything.target, everything.status) == (3, compute.MET)
    assert results["organised"].target is None


def test_per_year_values_count_an_event_in_each_year_it_touches(dataset) -> None:  # type: ignore[no-untyped-def]
    """The yearly series equals the value of each calendar year (e2 in 2022 and 2023)."""
    results, _ = results_for(dataset, periods.calendar_year(2023))
    everything = results["all-events"]
    assert everything.years == (2022, 2023, 2024)
    assert everything.per_year == (2.0, 5.0, 1.0)
    assert results["wb"].per_year == (2.0, 3.0, 2.0)  # Albania, Serbia | ... | Albania, Kosovo
    assert results["partners"].per_year == (5.0, 9.0, 2.0)
    assert results["days"].per_year == (5.0, 9.0, 1.0)
    assert results["countries"].per_year == (2.0, 3.0, 1.0)
    assert results["organised-share"].per_year == (50.0, 60.0, 100.0)
    for year, value in zip(everything.years, results["partners"].per_year, strict=True):
        single, _ = results_for(dataset, periods.calendar_year(year))
        assert single["partners"].value == value


def test_sidebar_filters_narrow_values_and_stop_the_judging(dataset) -> None:  # type: ignore[no-untyped-def]
    """A sidebar filter narrows every indicator; progress is then not judged."""
    narrowing = EventFilter(countries=("Montenegro",))
    results, data = results_for(dataset, periods.calendar_year(2023), narrowing)
    assert results["all-events"].value == 2  # e4, e6
    assert results["all-events"].status == compute.NOT_JUDGED
    assert results["partners"].status == compute.NO_TARGET
    assert "Montenegro" in data.narrowed_by


def test_a_year_without_events(dataset) -> None:  # type: ignore[no-untyped-def]
    """In a year with no events counts are 0 and a share has no value."""
    results, _ = results_for(dataset, periods.calendar_year(2030))
    assert results["all-events"].value == 0
    assert results["organised-share"].value is None
    assert results["organised-share"].format(None) == "—"


def test_the_progress_table_has_one_row_per_indicator(dataset) -> None:  # type: ignore[no-untyped-def]
    """The reports' table lists every valid indicator with its value and status."""
    _, data = results_for(dataset, periods.calendar_year(2023))
    table = data.table()
    assert len(table) == 11
    row = table.set_index(compute.COL_ID).loc["organised"]
    assert row[compute.COL_VALUE] == 3
    assert row[compute.COL_TARGET] == 4
    assert row[compute.COL_STATUS] == "Close to the target"
    text = data.table(as_text=True).set_index(compute.COL_ID)
    assert text.loc["organised-share", compute.COL_VALUE] == "60.0 %"
    assert text.loc["partners", compute.COL_TARGET] == "—"


def test_the_broken_file_reports_each_problem_and_keeps_the_good_indicator() -> None:
    """Each bad indicator is named with its line and field and left out."""
    indicator_set = load_indicators(BROKEN, load_reference())
    assert [i.id for i in indicator_set.indicators] == ["good"]
    found = {(p.line, p.event_id, p.field) for p in indicator_set.errors}
    assert found == {
        (8, "bad-measure", "measure"),
        (13, "bad-pillar", "filter.pillars"),
        (18, "bad-target", "targets.2023-H3"),
        (19, "no-name", "name"),
        (21, "good", "id"),
        (27, "bad-share", "baseline.value"),
        (32, "bad-partner", "filter.partners"),
        (33, "bad-partner", "colour"),
    }
    message = str(next(p for p in indicator_set.errors if p.event_id == "bad-pillar"))
    assert message.startswith("broken.yaml, line 13, indicator bad-pillar, field filter.pillars:")
    assert "WBXX" in message


def test_the_bundled_file_is_valid_and_has_no_targets() -> None:
    """The bundled indicators load without problems, and no target is invented."""
    indicator_set = load_indicators(ROOT / "data" / "indicators.yaml", load_reference())
    assert not indicator_set.problems
    assert len(indicator_set.indicators) >= 10
    assert all(not indicator.targets for indicator in indicator_set.indicators)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", "empty"),
        ("- id: a\n", "needs 'indicators:'"),
        ("indicators: 3\n", "needs 'indicators:'"),
        ("indicators:\n  - id: a\n\tname: b\n", "tab"),
        ("indicators: !!python/object:os.system {}\n", "indicators"),
        ("x: &a [1]\nindicators: *a\n", "aliases"),
        ("indicators: " + "[" * 20 + "]" * 20 + "\n", "nested more than"),
    ],
)
def test_a_file_that_cannot_be_used_raises_one_clear_error(text: str, words: str) -> None:
    """A file of the wrong shape raises DatasetError naming the file."""
    with pytest.raises(DatasetError) as raised:
        parse_indicators(text, load_reference(), file="indicators.yaml")
    assert str(raised.value).startswith("indicators.yaml")
    assert words in str(raised.value)


def test_filter_values_are_canonical() -> None:
    """Partner aliases resolve, kind codes become labels, Kosovo* is stored as Kosovo."""
    text = (
        "indicators:\n"
        "  - id: a\n    name: A\n    measure: events\n"
        "    filter:\n      partners: [dg near]\n      partner_kinds: [eu_body]\n"
        "      countries: [Kosovo*]\n"
    )
    (indicator,) = parse_indicators(text, load_reference(), file="x.yaml").indicators
    assert indicator.event_filter.partners == ("DG NEAR",)
    assert indicator.event_filter.partner_kinds == (schema.PARTNER_KINDS["eu_body"],)
    assert indicator.event_filter.countries == ("Kosovo",)


def test_indicators_path_prefers_the_variable_then_the_events_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """$INDICATORS_FILE wins; else the file beside the events; else the bundled one."""
    monkeypatch.delenv("INDICATORS_FILE", raising=False)
    events = tmp_path / "events.yaml"
    assert indicators_path(events) == ROOT / "data" / "indicators.yaml"
    (tmp_path / "indicators.yaml").write_text("indicators: []\n")
    assert indicators_path(events) == tmp_path / "indicators.yaml"
    monkeypatch.setenv("INDICATORS_FILE", str(BROKEN))
    assert indicators_path(events) == BROKEN


@pytest.mark.parametrize(
    ("value", "target", "higher", "status"),
    [
        (10, 10, True, compute.MET),
        (7.5, 10, True, compute.CLOSE),
        (7.4, 10, True, compute.BEHIND),
        (10, 10, False, compute.MET),
        (12.5, 10, False, compute.CLOSE),
        (12.6, 10, False, compute.BEHIND),
        (3, None, True, compute.NO_TARGET),
        (None, 3, True, compute.NO_VALUE),
    ],
)
def test_the_progress_rule(
    value: float | None, target: float | None, higher: bool, status: str
) -> None:
    """Met at the target, close within 25 %, behind beyond (mirrored when lower is better)."""
    assert judge(value, target, higher)[0] == status


def test_format_value() -> None:
    """Counts have thousands separators, shares one decimal and a percent sign."""
    assert format_value(1234) == "1,234"
    assert format_value(62.5, share=True) == "62.5 %"
    assert format_value(None) == "—"


def test_the_yearly_figure_draws_values_targets_and_baseline(dataset) -> None:  # type: ignore[no-untyped-def]
    """Bars per year, a target marker for each year with a target, the baseline as a line."""
    from analytics.indicators import figures

    results, _ = results_for(dataset, periods.calendar_year(2023))
    figure = figures.yearly_figure(results["all-events"])
    bars, targets, baseline = figure.data
    assert list(bars.x) == ["2022", "2023", "2024"] and list(bars.y) == [2, 5, 1]
    assert list(targets.x) == ["2023"] and list(targets.y) == [4]
    assert list(baseline.y) == [2, 2]
    assert len(figures.yearly_figure(results["partners"]).data) == 1


def test_text_from_the_file_is_not_html_in_the_figure() -> None:
    """A unit written as HTML shows as text in the chart's legend and axis."""
    from analytics.indicators import figures

    text = (
        "indicators:\n  - id: a\n    name: A\n    measure: events\n"
        "    unit: \"<a href='https://example.org'>x</a>\"\n"
    )
    indicator_set = parse_indicators(text, load_reference(), file="x.yaml")
    dataset = load_dataset(EVENTS)
    data = build_results(
        dataset.events, dataset.event_partners, indicator_set, periods.calendar_year(2023)
    )
    figure = figures.yearly_figure(data.results[0])
    assert "<a" not in figure.data[0].name and "&lt;a" in figure.data[0].name
    assert "<a" not in figure.layout.yaxis.title.text


def test_a_folder_or_fifo_as_indicators_file_is_refused(tmp_path: Path) -> None:
    """Only regular files are read: a folder or a named pipe gives one clear error, no hang."""
    import os

    with pytest.raises(DatasetError, match="folder"):
        load_indicators(tmp_path, load_reference())
    fifo = tmp_path / "indicators.yaml"
    os.mkfifo(fifo)
    with pytest.raises(DatasetError, match="named pipe"):
        load_indicators(fifo, load_reference())
    with pytest.raises(DatasetError, match="does not exist"):
        load_indicators(tmp_path / "none.yaml", load_reference())


def test_western_balkan_partners_follow_the_report_table() -> None:
    """Each year's engaged partners are the report table's partners whose own institutions
    took part (a company of the country does not count; the group entry counts for none)."""
    bundled = load_dataset(ROOT / "data" / "events.yaml")
    indicator_set = load_indicators(ROOT / "data" / "indicators.yaml", bundled.reference)
    for year in range(2017, 2024):
        period = periods.calendar_year(year)
        data = build_results(bundled.events, bundled.event_partners, indicator_set, period)
        value = data.results[[r.indicator.id for r in data.results].index("wb-partners-engaged")]
        in_year = bundled.events[
            (bundled.events[schema.END_DATE] >= str(period.start))
            & (bundled.events[schema.START_DATE] <= str(period.end))
        ]
        table = tables.western_balkans_table(in_year, bundled.event_partners)
        assert value.value == int((table[model.COL_TOOK_PART] > 0).sum()), year
