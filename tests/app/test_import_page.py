"""App tests of the Import and edit page (pages/8_import_and_edit.py) with AppTest."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from streamlit.testing.v1 import AppTest

from analytics import writer

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "pages" / "8_import_and_edit.py"
PASSWORD = "editor-test-pass"
TEXT = """Events

IISG Regional Support Group Meeting – WBBSi, Serbia

The IISG Secretariat organised the 6th Regional Support Group meeting for Pillar 3 on 14th of March 2024 in Belgrade. Representatives of Western Balkans Partners, Frontex and Austria discussed the response mapping reports.
"""


@pytest.fixture
def events_copy(tmp_path: Path) -> Path:
    target = tmp_path / "events.yaml"
    shutil.copyfile(ROOT / "data" / "events.yaml", target)
    return target


def run(monkeypatch: pytest.MonkeyPatch, events: Path, password_hash: str | None) -> AppTest:
    monkeypatch.setenv("EVENTS_FILE", str(events))
    if password_hash:
        monkeypatch.setenv(writer.PASSWORD_HASH_VARIABLE, password_hash)
    else:
        monkeypatch.delenv(writer.PASSWORD_HASH_VARIABLE, raising=False)
    monkeypatch.chdir(ROOT)
    app = AppTest.from_file(str(PAGE), default_timeout=120)
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def test_without_a_configured_password_editing_is_off(
    monkeypatch: pytest.MonkeyPatch, events_copy: Path
) -> None:
    """No hash configured: the page says editing is off and shows no import or edit control."""
    app = run(monkeypatch, events_copy, None)
    assert any("Editing is off" in info.value for info in app.info)
    assert not app.text_area and not app.text_input
    assert not [b for b in app.button if b.key == "import_confirm"]


def test_wrong_password_shows_no_controls(
    monkeypatch: pytest.MonkeyPatch, events_copy: Path
) -> None:
    """A wrong password gets an error and no import controls."""
    app = run(monkeypatch, events_copy, writer.hash_password(PASSWORD, iterations=1000))
    app.text_input(key="editor_password").input("not-it").run()
    assert any("Wrong password" in error.value for error in app.error)
    assert not app.text_area


def test_paste_review_and_confirm_adds_the_event(
    monkeypatch: pytest.MonkeyPatch, events_copy: Path
) -> None:
    """With the password: paste the page text, see the preview, confirm; the file has the event."""
    before = events_copy.read_bytes()
    app = run(monkeypatch, events_copy, writer.hash_password(PASSWORD, iterations=1000))
    app.text_input(key="editor_password").input(PASSWORD).run()
    app.text_area(key="import_text").input(TEXT).run()
    assert not app.exception, [e.value for e in app.exception]
    preview = app.dataframe[0].value
    assert preview["title"].tolist() == ["IISG Regional Support Group Meeting – WBBSi, Serbia"]
    assert preview["city"].tolist() == ["Belgrade"]
    app.button(key="import_confirm").click().run()
    assert not app.exception, [e.value for e in app.exception]
    assert any("Added 1 event" in s.value for s in app.success)
    events = yaml.safe_load(events_copy.read_text(encoding="utf-8"))["events"]
    added = [
        e for e in events if e["title"] == "IISG Regional Support Group Meeting – WBBSi, Serbia"
    ]
    assert len(added) == 1
    assert added[0]["pillars"] == ["WBBSi"] and added[0]["country"] == "Serbia"
    assert added[0]["partners"] == ["Western Balkans Partners", "Frontex", "Austria"]
    assert events_copy.read_bytes() != before
    assert list((events_copy.parent / "backups").glob("events-*.yaml"))


def test_form_refuses_an_invalid_edit_with_the_problem(
    monkeypatch: pytest.MonkeyPatch, events_copy: Path
) -> None:
    """Editing an event to an impossible end date is refused with the loader's message."""
    before = events_copy.read_bytes()
    app = run(monkeypatch, events_copy, writer.hash_password(PASSWORD, iterations=1000))
    app.text_input(key="editor_password").input(PASSWORD).run()
    event_id = "2023-08-14-tirana-ark-it-working-sessions"
    app.selectbox(key="edit_choice").set_value(event_id).run()
    import datetime as dt

    app.date_input(key=f"form_end_{event_id}").set_value(dt.date(2023, 8, 1))
    app.button(key=f"form_submit_{event_id}").click().run()
    assert not app.exception, [e.value for e in app.exception]
    assert any(
        "end_date 2023-08-01 is before start_date 2023-08-14" in e.value.replace("\\", "")
        for e in app.error
    )
    assert events_copy.read_bytes() == before
