"""Pure analytics over the IISG events: load and validate, filter, aggregate, figures, reports."""

from __future__ import annotations

from typing import Any

from analytics.schema import DatasetError, Problem

__all__ = ["Dataset", "DatasetError", "Problem", "default_events_path", "load_dataset"]


def __getattr__(name: str) -> Any:
    # Imported lazily so that `python -m analytics` does not import the loader before it needs it.
    if name in ("Dataset", "default_events_path", "load_dataset"):
        from analytics.dataset import load as loader

        return getattr(loader, name)
    raise AttributeError(name)
