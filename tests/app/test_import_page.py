"""App tests of the Import and edit page (pages/8_import_and_edit.py) with AppTest."""

from __future__ import annotations

import datetime as dt
import logging
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from analytics import gate, passwords
from analytics.dataset import writer
from tests.app.conftest import BUNDLED, RunPage, raw_events

PAGE = "pages/8_import_and_edit.py"
PASSWORD = "editor-test-pass"
TEXT = """Events

IISG Regional Support Group Meeting – WBBSi, Serbia

The IISG Secretariat organised the 6th Regional Support Group meeting for Pillar 3 on 14th of March 2024 in Belgrade. Representatives of Western Balkans Partners, Frontex and Austria discussed the response mapping reports.
"""


@pytest.fixture
def events_copy(tmp_path: Path) -> Path:
    target = tmp_path / "events.yaml"
    shutil.copyfile(BUNDLED, target)
    return target


OpenPage = Callable[[str | None], AppTest]


@pytest.fixture
def open_page(run_page: RunPage, monkeypatch: pytest.MonkeyPatch, events_copy: Path) -> OpenPage:
    """Return a function that runs the page on the copy, with this editor password hash or none."""

    def run(password_hash: str | None) -> AppTest:
        if password_hash:
            monkeypatch.setenv(passwords.PASSWORD_HASH_VARIABLE, password_hash)
        else:
            monkeypatch.delenv(passwords.PASSWORD_HASH_VARIABLE, raising=False)
        return run_page(PAGE, events_copy)

    return run


def signed_in(open_page: OpenPage) -> AppTest:
    """The page with a password configured and the editor signed in with it."""
    app = open_page(passwords.hash_password(PASSWORD, iterations=1000))
    app.text_input(key="editor_password").input(PASSWORD).run()
    return app


def test_without_a_configured_password_editing_is_off(open_page: OpenPage) -> None:
    """No hash configured: the page says editing is off and shows no import or edit control."""
    app = open_page(None)
    assert any("Editing is off" in info.value for info in app.info)
    assert not app.text_area and not app.text_input
    assert not [b for b in app.button if b.key == "import_confirm"]


def test_wrong_password_shows_no_controls(open_page: OpenPage) -> None:
    """A wrong password gets an error and no import controls."""
    app = open_page(passwords.hash_password(PASSWORD, iterations=1000))
    app.text_input(key="editor_password").input("not-it").run()
    assert any("Wrong password" in error.value for error in app.error)
    assert not app.text_area


def test_paste_review_and_confirm_adds_the_event(open_page: OpenPage, events_copy: Path) -> None:
    """With the password: paste the page text, see the preview, confirm; the file has the event."""
    before = events_copy.read_bytes()
    app = signed_in(open_page)
    app.text_area(key="import_text").input(TEXT).run()
    assert not app.exception, [e.value for e in app.exception]
    preview = app.dataframe[0].value
    assert preview["title"].tolist() == ["IISG Regional Support Group Meeting – WBBSi, Serbia"]
    assert preview["city"].tolist() == ["Belgrade"]
    app.button(key="import_confirm").click().run()
    assert not app.exception, [e.value for e in app.exception]
    assert any("Added 1 event" in s.value for s in app.success)
    events = raw_events(events_copy)
    added = [
        e for e in events if e["title"] == "IISG Regional Support Group Meeting – WBBSi, Serbia"
    ]
    assert len(added) == 1
    assert added[0]["pillars"] == ["WBBSi"] and added[0]["country"] == "Serbia"
    assert added[0]["partners"] == ["Western Balkans Partners", "Frontex", "Austria"]
    assert events_copy.read_bytes() != before
    assert list((events_copy.parent / "backups").glob("events-*.yaml"))


def test_form_refuses_an_invalid_edit_with_the_problem(
    open_page: OpenPage, events_copy: Path
) -> None:
    """Editing an event to an impossible end date is refused with the loader's message."""
    before = events_copy.read_bytes()
    app = signed_in(open_page)
    event_id = "2023-08-14-tirana-ark-it-working-sessions"
    app.selectbox(key="edit_choice").set_value(event_id).run()
    app.date_input(key=f"form_end_{event_id}").set_value(dt.date(2023, 8, 1))
    app.button(key=f"form_submit_{event_id}").click().run()
    assert not app.exception, [e.value for e in app.exception]
    assert any(
        "end_date 2023-08-01 is before start_date 2023-08-14" in e.value.replace("\\", "")
        for e in app.error
    )
    assert events_copy.read_bytes() == before


@pytest.fixture
def fresh_gate() -> Iterator[None]:
    """The process-wide editor gate starts and ends empty."""
    gate.EDITOR_GATE.reset()
    yield
    gate.EDITOR_GATE.reset()


def test_repeated_wrong_passwords_lock_the_session_out(
    open_page: OpenPage, fresh_gate: None, caplog: pytest.LogCaptureFixture
) -> None:
    """The 4th wrong password locks the session; even the right one is refused while locked."""
    app = open_page(passwords.hash_password(PASSWORD, iterations=1000))
    with caplog.at_level(logging.WARNING, logger="iisg.editor_gate"):
        for attempt in range(4):
            app.text_input(key="editor_password").input(f"wrong-{attempt}").run()
    errors = [error.value for error in app.error]
    assert errors == ["Wrong password. Try again in 5 seconds."], errors
    assert len([m for m in caplog.messages if m.startswith("Wrong editor password")]) == 4
    app.text_input(key="editor_password").input(PASSWORD).run()
    assert any("Too many wrong passwords" in error.value for error in app.error)
    assert not app.tabs  # no import or edit controls


def test_a_file_over_the_editing_limit_offers_no_editing(
    open_page: OpenPage, monkeypatch: pytest.MonkeyPatch, fresh_gate: None
) -> None:
    """Signed in on a file larger than the editing limit: a notice, no import or edit controls."""
    monkeypatch.setattr(writer, "MAX_EDIT_BYTES", 1024, raising=False)
    app = signed_in(open_page)
    assert any("larger than 0 MB, the most this page edits" in w.value for w in app.warning)
    assert not app.tabs


def test_the_form_reads_the_event_from_the_file_once_not_on_every_rerun(
    open_page: OpenPage, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Typing in the form reruns the page; the event is read from the file only once."""
    reads: list[str] = []
    real = writer.read_event

    def counting(path: Any, event_id: str) -> Any:
        reads.append(event_id)
        return real(path, event_id)

    monkeypatch.setattr(writer, "read_event", counting)
    app = signed_in(open_page)
    event_id = "2023-08-14-tirana-ark-it-working-sessions"
    app.selectbox(key="edit_choice").set_value(event_id).run()
    assert app.text_input(key=f"form_title_{event_id}").value
    for _ in range(3):
        app.run()
    assert reads == [event_id]
