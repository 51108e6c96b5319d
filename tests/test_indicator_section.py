"""The reports' "Progress against indicators" section: notes and tables from the results."""

from __future__ import annotations

from analytics import load_dataset, periods
from analytics.indicators import build_results, load_indicators, section
from tests.helpers import ROOT

FIXTURES = ROOT / "tests" / "data" / "indicators"


def results(period: periods.ReportPeriod):  # type: ignore[no-untyped-def]
    dataset = load_dataset(FIXTURES / "events.yaml")
    indicator_set = load_indicators(FIXTURES / "indicators.yaml", dataset.reference)
    return dataset, build_results(dataset.events, dataset.event_partners, indicator_set, period)


def test_document_table_is_compact_and_gives_the_baseline_year() -> None:
    """The Word and web table has seven columns; the baseline shows its year."""
    _, data = results(periods.calendar_year(2023))
    table = section.document_table(data).set_index("Indicator")
    assert list(table.columns) == list(section.DOCUMENT_COLUMNS[1:])
    assert table.loc["Events the IISG organised", "Baseline"] == "7 (2021)"
    assert table.loc["Events the IISG organised", "Progress (% of target)"] == "75 %"
    assert table.loc["Events the IISG organised", "Status"] == "Close to the target"


def test_the_sheet_lists_the_events_that_count() -> None:
    """Each row names the ids of the events behind its value."""
    _, data = results(periods.calendar_year(2023))
    table = section.sheet_table(data).set_index("Id")
    assert len(table) == len(data.results)
    assert table.loc["organised", section.COL_EVENT_IDS] == (
        "e3-skopje-board; e4-podgorica-rsg; e6-podgorica-coordination"
    )
    assert table.loc["organised", "This period"] == 3


def test_notes_say_when_no_target_is_set() -> None:
    """A period without targets says so; the rule is always stated."""
    _, data = results(periods.calendar_year(2025))
    text = " ".join(section.notes(data))
    assert "No targets are set for 2025 in indicators.yaml." in text
    assert "Progress rule." in text
