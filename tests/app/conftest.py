"""Helpers for the app tests: run a page of the app with a chosen events file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = ROOT / "data" / "events.yaml"
SMALL = ROOT / "tests" / "data" / "small_events.yaml"

RunPage = Callable[..., AppTest]


@pytest.fixture
def run_page(monkeypatch: pytest.MonkeyPatch) -> RunPage:
    """Return a function that runs a page file on an events file and checks it did not raise."""

    def run(
        page: str,
        events_file: Path = BUNDLED,
        query: dict[str, str | list[str]] | None = None,
        check: bool = True,
    ) -> AppTest:
        monkeypatch.setenv("EVENTS_FILE", str(events_file))
        monkeypatch.chdir(ROOT)
        app = AppTest.from_file(str(ROOT / page), default_timeout=90)
        for key, value in (query or {}).items():
            app.query_params[key] = value
        app.run()
        if check:
            assert not app.exception, [e.value for e in app.exception]
        return app

    return run
