"""The synthetic events in the layouts `python -m benchmarks.layouts` measures load alike."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analytics import load_dataset, schema
from benchmarks.layouts import LAYOUTS, write_layouts


def test_every_layout_loads_the_same_events(tmp_path: Path) -> None:
    """Column-0, indented, aliased dates, flow lists, BOM + CRLF + comments: one dataset."""
    paths = write_layouts(tmp_path, 600, seed=3)
    assert list(paths) == list(LAYOUTS)
    loaded = {name: load_dataset(path) for name, path in paths.items()}
    first = loaded["indented items"]
    assert len(first.events) == first.total_events_in_file == 600
    assert first.problems == ()
    for name, dataset in loaded.items():
        pd.testing.assert_frame_equal(
            dataset.events.drop(columns=[schema.LINE]),
            first.events.drop(columns=[schema.LINE]),
            obj=name,
        )
        pd.testing.assert_frame_equal(dataset.event_partners, first.event_partners, obj=name)
        assert dataset.problems == ()
    aliased = paths["end_date aliases start_date"].read_text(encoding="utf-8")
    assert "end_date: *p0_" in aliased
