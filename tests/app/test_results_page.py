"""Results page: indicator values, targets and problems as the page shows them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.app.conftest import ROOT, RunPage, metrics

PAGE = "pages/9_results.py"
FIXTURES = ROOT / "tests" / "data" / "indicators"
EVENTS = FIXTURES / "events.yaml"


def _table(app):  # type: ignore[no-untyped-def]
    return app.dataframe(key="results_table").value


@pytest.fixture
def fixture_indicators(monkeypatch: pytest.MonkeyPatch) -> None:
    """The page reads the fixture indicators with targets."""
    monkeypatch.setenv("INDICATORS_FILE", str(FIXTURES / "indicators.yaml"))


def test_bundled_indicators_are_listed_without_targets(run_page: RunPage) -> None:
    """Every bundled indicator has a row; none has a target, so none is judged."""
    app = run_page(PAGE)
    table = _table(app)
    assert len(table) == 13
    assert set(table["Target"]) == {"—"}
    assert set(table["Status"]) == {"no target"}
    assert not app.warning


def test_values_and_progress_of_2023(run_page: RunPage, fixture_indicators: None) -> None:
    """In 2023 the page shows the hand-counted values, targets and traffic lights."""
    app = run_page(PAGE, EVENTS)
    app.selectbox(key="results_year").set_value(2023).run()
    table = _table(app).set_index("Indicator")
    assert table.loc["Events", "This period"] == "5"
    assert table.loc["Events", "Previous period"] == "2"
    assert table.loc["Events", "Target"] == "4"
    assert table.loc["Events", "Status"] == "met"
    assert table.loc["Events the IISG organised", "Status"] == "close"
    assert table.loc["Events the IISG organised", "Baseline"] == "7 (2021)"
    assert table.loc["Western Balkan partners engaged", "Status"] == "behind"
    assert table.loc["Share organised", "This period"] == "60.0 %"
    assert list(table.loc["Events", "Per year"]) == [2.0, 5.0, 1.0]
    shown = metrics(app)
    assert shown["2023"] == "5"
    assert shown["Target 2023"] == "4"


def test_choosing_an_indicator_lists_the_events_that_count(
    run_page: RunPage, fixture_indicators: None
) -> None:
    """The detail lists exactly the events the indicator counts in the period."""
    app = run_page(PAGE, EVENTS)
    app.selectbox(key="results_year").set_value(2023).run()
    app.selectbox(key="results_indicator").set_value("organised").run()
    assert not app.exception
    # A table without selection has no key in AppTest: it is found by its column.
    (events,) = [table.value for table in app.dataframe if "Event id" in table.value.columns]
    assert sorted(events["Event id"]) == [
        "e3-skopje-board",
        "e4-podgorica-rsg",
        "e6-podgorica-coordination",
    ]
    assert app.button(key="results_open_events")


def test_a_sidebar_filter_narrows_and_stops_judging(
    run_page: RunPage, fixture_indicators: None
) -> None:
    """With a host-country filter the values shrink and progress is not judged."""
    app = run_page(PAGE, EVENTS)
    app.selectbox(key="results_year").set_value(2023).run()
    app.multiselect(key="filter_countries").set_value(["Montenegro"]).run()
    table = _table(app).set_index("Indicator")
    assert table.loc["Events", "This period"] == "2"
    assert table.loc["Events", "Status"] == "not judged"


def test_a_broken_indicator_is_reported_and_the_others_shown(
    run_page: RunPage, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Bad indicators are listed with file, line and field; the good one is shown."""
    monkeypatch.setenv("INDICATORS_FILE", str(FIXTURES / "broken.yaml"))
    app = run_page(PAGE)
    assert len(_table(app)) == 1
    assert any("7 indicators left out" in warning.value for warning in app.warning)
    problems = "\n".join(text.value for text in app.text)
    assert "broken.yaml, line 13, indicator bad-pillar, field filter.pillars" in problems


def test_an_unreadable_indicators_file_is_explained(
    run_page: RunPage, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A file that is not YAML gives one error message, not a traceback."""
    broken = tmp_path / "indicators.yaml"
    broken.write_text("indicators:\n  - id: a\n\tname: b\n", encoding="utf-8")
    monkeypatch.setenv("INDICATORS_FILE", str(broken))
    app = run_page(PAGE)
    assert any("cannot be read" in error.value and "tab" in error.value for error in app.error)


def test_an_empty_dataset_shows_zero_values(run_page: RunPage, empty_events: Path) -> None:
    """With no events every count is 0 and shares have no value."""
    app = run_page(PAGE, empty_events)
    table = _table(app).set_index("Indicator")
    assert table.loc["Events the IISG organised or took part in", "This period"] == "0"
    assert table.loc["Share of events the IISG organised", "This period"] == "—"
    assert any("no events" in info.value.lower() for info in app.info)


PASSWORD = "correct horse battery"


def test_targets_editor_is_behind_the_editor_password(
    run_page: RunPage, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Without a configured password there is no editor; with it, saving writes the file."""
    from analytics import passwords

    indicators_file = tmp_path / "indicators.yaml"
    shutil.copyfile(FIXTURES / "indicators.yaml", indicators_file)
    monkeypatch.setenv("INDICATORS_FILE", str(indicators_file))
    monkeypatch.delenv(passwords.PASSWORD_HASH_VARIABLE, raising=False)
    app = run_page(PAGE, EVENTS)
    # The only expander is the chart's "Show the numbers" (ui.charts.show_chart).
    editing = [e for e in app.expander if e.label != "Show the numbers"]
    assert not editing, "viewers see no editing controls"

    monkeypatch.setenv(
        passwords.PASSWORD_HASH_VARIABLE, passwords.hash_password(PASSWORD, iterations=1000)
    )
    app = run_page(PAGE, EVENTS)
    assert not app.data_editor, "no editor before the password"
    app.text_input(key="results_editor_password").input("wrong").run()
    assert any("Wrong password" in error.value for error in app.error)
    app.text_input(key="results_editor_password").input(PASSWORD).run()
    (editor,) = app.data_editor
    assert list(editor.value["Period"]) == ["2023", "2023-H1"]
    assert list(editor.value["Target"]) == [4.0, 3.0]
    app.button(key="FormSubmitter:results_targets_form_all-events-Save the targets").click().run()
    assert not app.exception
    assert any("were saved" in success.value for success in app.success)
    backups = list((tmp_path / "backups").glob("indicators-*.yaml"))
    assert len(backups) == 1
    assert "    targets:\n      2023: 4\n      2023-H1: 3\n" in indicators_file.read_text()
