"""The navigation lists the Import and edit page only when editing is on."""

from __future__ import annotations

import pytest

from analytics import passwords
from tests.app.conftest import SMALL, RunPage

IMPORT_LABEL = "Import and edit"


def link_labels(app) -> list[str]:  # type: ignore[no-untyped-def]
    """The labels of the page links drawn (sidebar and the Overview's list)."""
    return [link.proto.label for link in app.get("page_link")]


def test_without_an_editor_password_the_import_page_is_not_listed(
    run_page: RunPage, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Editing off: no link to Import and edit, and Data quality says how to turn it on."""
    monkeypatch.delenv(passwords.PASSWORD_HASH_VARIABLE, raising=False)
    app = run_page("dashboard.py", SMALL)
    labels = link_labels(app)
    assert "Data quality" in labels and "Timeline" in labels
    assert IMPORT_LABEL not in labels
    quality = run_page("pages/7_data_quality.py", SMALL)
    notes = [info.value for info in quality.info]
    assert any(
        "Editing is off" in note and passwords.PASSWORD_HASH_VARIABLE in note for note in notes
    )


def test_with_an_editor_password_the_import_page_is_listed(
    run_page: RunPage, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Editing on: the sidebar and the Overview link to Import and edit; no editing note."""
    monkeypatch.setenv(
        passwords.PASSWORD_HASH_VARIABLE, passwords.hash_password("secret", iterations=1000)
    )
    app = run_page("dashboard.py", SMALL)
    assert link_labels(app).count(IMPORT_LABEL) == 2
    quality = run_page("pages/7_data_quality.py", SMALL)
    assert not any("Editing is off" in info.value for info in quality.info)
