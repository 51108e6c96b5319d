"""Tests of analytics.schema's Problem: built by keyword, located in an editor's words."""

from __future__ import annotations

import pytest

from analytics import schema
from analytics.schema import Problem


def test_problem_constructors_name_every_part() -> None:
    """Problem.error / .warning set the severity; str() names file, line, event and field."""
    error = Problem.error("title missing", file="e.yaml", line=12, event_id="a", field="title")
    warning = Problem.warning("unknown city", file="e.yaml", line=30, event_id="b", field="city")
    assert error.severity == schema.ERROR and warning.severity == schema.WARNING
    assert str(error) == "e.yaml, line 12, event a, field title: title missing"
    indicator = Problem.error("bad", file="i.yaml", line=3, event_id="x", item="indicator")
    assert str(indicator) == "i.yaml, line 3, indicator x: bad"
    assert str(Problem.error("file-level", file="e.yaml")) == "e.yaml: file-level"


def test_problem_refuses_positional_arguments() -> None:
    """Nine positional values in a row were easy to swap; only keywords are accepted."""
    with pytest.raises(TypeError):
        Problem("e.yaml", 1, "a", "title", "message")  # type: ignore[misc]
