"""Helpers for the app tests: run a page of the app with a chosen events file, read what it shows."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from streamlit.testing.v1 import AppTest

from tests.helpers import ROOT, SMALL

BUNDLED = ROOT / "data" / "events.yaml"
BAD = ROOT / "tests" / "data" / "bad"
__all__ = ["BAD", "BUNDLED", "ROOT", "SMALL", "RunPage"]

RunPage = Callable[..., AppTest]


@pytest.fixture(autouse=True)
def private_cache(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """App tests keep the on-disk dataset cache in a temporary folder, not in .cache/."""
    monkeypatch.setenv("IISG_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "iisg-cache"))


@pytest.fixture
def run_page(monkeypatch: pytest.MonkeyPatch) -> RunPage:
    """Return a function that runs a page file on an events file and checks it did not raise.

    The page file is run on its own (``AppTest.from_file("pages/…")``): the navigation skips its
    links there. Other environment variables a page needs are set with ``monkeypatch`` before
    calling it.
    """

    def run(
        page: str,
        events_file: Path = BUNDLED,
        query: dict[str, str | list[str]] | None = None,
        check: bool = True,
    ) -> AppTest:
        monkeypatch.setenv("EVENTS_FILE", str(events_file))
        monkeypatch.chdir(ROOT)
        app = AppTest.from_file(str(ROOT / page), default_timeout=120)
        for key, value in (query or {}).items():
            app.query_params[key] = value
        app.run()
        if check:
            assert not app.exception, [e.value for e in app.exception]
        return app

    return run


@pytest.fixture
def empty_events(tmp_path: Path) -> Path:
    """An events file with no events."""
    path = tmp_path / "events.yaml"
    path.write_text("events: []\n", encoding="utf-8")
    return path


def raw_events(events_file: Path = BUNDLED) -> list[dict[str, Any]]:
    """The events of a file as plain YAML, to count by hand what a page should show."""
    return yaml.safe_load(events_file.read_text(encoding="utf-8"))["events"]


def metrics(app: AppTest) -> dict[str, str]:
    """The page's metrics: label -> value as shown."""
    return {metric.label: metric.value for metric in app.metric}


def plotly_specs(app: AppTest) -> list[dict[str, Any]]:
    """The page's plotly figures as JSON, in page order."""
    return [json.loads(chart.proto.spec) for chart in app.get("plotly_chart")]


def figure_title(spec: dict[str, Any]) -> str:
    """A figure's title: ui.charts.show_chart writes it above the chart and keeps it in meta."""
    meta = spec["layout"].get("meta") or {}
    return str(meta.get("title") or spec["layout"].get("title", {}).get("text") or "")


def figures_by_title(app: AppTest) -> dict[str, dict[str, Any]]:
    """The page's plotly figures as JSON, keyed by their title."""
    return {figure_title(spec): spec for spec in plotly_specs(app)}


def markdown_text(app: AppTest) -> str:
    """Every markdown element of the page, one a line."""
    return "\n".join(element.value for element in app.markdown)
