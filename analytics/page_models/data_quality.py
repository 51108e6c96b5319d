"""The Data quality page's model: problems by line, missing facts, unknown names, possible
duplicates and the curators' caveats, always over the whole file."""

from __future__ import annotations

import datetime as dt
from functools import cached_property

import pandas as pd

from analytics import quality, schema
from analytics.dataset.load import Dataset
from analytics.words import count_text


class DataQualityPage:
    """What the Data quality page shows for a dataset; each part computed when first read."""

    def __init__(self, dataset: Dataset, today: dt.date) -> None:
        self.dataset = dataset
        self.today = today

    @cached_property
    def severity_counts(self) -> dict[str, int]:
        """Problems per severity (schema.ERROR, schema.WARNING)."""
        return quality.severity_counts(self.dataset.problems)

    @property
    def errors(self) -> int:
        """Problems that keep their event (or the file) out."""
        return self.severity_counts[schema.ERROR]

    @property
    def warnings(self) -> int:
        """Problems that keep the event."""
        return self.severity_counts[schema.WARNING]

    @cached_property
    def freshness(self) -> quality.Freshness:
        """The latest event's start and how long ago it was."""
        return quality.freshness(self.dataset.events, self.today)

    @cached_property
    def problems_table(self) -> pd.DataFrame:
        """One row a problem: severity, line, event, field, message."""
        return quality.problems_table(self.dataset.problems)

    def problems_text(self, limit: int = quality.MAX_PROBLEM_LINES) -> str:
        """The first ``limit`` problems in full, one a line."""
        return quality.problems_text(self.dataset.problems, limit)

    def problems_text_bytes(self) -> bytes:
        """Every problem in full, one a line, as a text file."""
        return quality.problems_text_bytes(self.dataset.problems)

    @cached_property
    def missing_fact_counts(self) -> pd.DataFrame:
        """Per optional fact, how many events lack it."""
        return quality.missing_fact_counts(self.dataset.events)

    @cached_property
    def lacking(self) -> pd.DataFrame:
        """The events that lack an optional fact, with the facts they lack."""
        return quality.missing_facts(self.dataset.events)

    @property
    def lacking_title(self) -> str:
        """The heading of the list of events lacking a fact: "The 1 event lacking a fact"."""
        return f"The {count_text(len(self.lacking), 'event')} lacking a fact"

    @cached_property
    def unknown_partners(self) -> pd.DataFrame:
        """Partners and organisers the partners registry does not know."""
        return quality.unknown_partners(self.dataset.events, self.dataset.reference.registry)

    @cached_property
    def unlocated_cities(self) -> pd.DataFrame:
        """Host cities the gazetteer does not know."""
        return quality.unlocated_cities(self.dataset.events)

    @cached_property
    def duplicates(self) -> pd.DataFrame:
        """Pairs of events that may be one event entered twice."""
        return quality.possible_duplicates(self.dataset.events)

    @cached_property
    def caveats(self) -> pd.DataFrame:
        """The curators' caveats, one row each."""
        return quality.caveats_table(self.dataset.events)

    @property
    def caveats_sentence(self) -> str:
        """ "12 caveats on the facts of the events, as the sources left them." """
        return (
            f"{count_text(len(self.caveats), 'caveat')} on the facts of the events, as the "
            "sources left them."
        )
