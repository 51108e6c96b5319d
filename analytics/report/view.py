"""The dashboard's filters read from an address, for the report's command line."""

from __future__ import annotations

import datetime as dt

from analytics import (
    filters,
    periods,
)
from analytics.filters import EventFilter
from analytics.periods import ReportPeriod


def view_filter(address: str, options: filters.FilterOptions, today: dt.date) -> EventFilter:
    """The dashboard's filters of an address or query string, refusing what the data lacks.

    The same parameters and the same decoding as the pages (``filters.params_from_address``
    and ``filters.from_query_params``); where a page ignores a bad value with a notice, the
    command line stops, naming it.

    Args:
        address: A dashboard address or its query string ("pillar=WBCTi&country=Albania").
        options: What the dataset offers.
        today: The reference day of relative periods ("Last 12 months").

    Returns:
        The filter (its period, if any, as the dashboard reads it).

    Raises:
        ValueError: An unknown parameter, a value the dataset does not have, or a bad date.
    """
    params = filters.params_from_address(address)
    known = {
        filters.PARAM_PERIOD: "period",
        filters.PARAM_FROM: "first day",
        filters.PARAM_TO: "last day",
        filters.PARAM_TEXT: "search",
        **{param: param for param in filters.PARAMS.values()},
    }
    for name, values in params.items():
        if name not in known:
            raise ValueError(f"--view: unknown filter {name!r} (known: {', '.join(sorted(known))})")
        if name in (filters.PARAM_FROM, filters.PARAM_TO):
            try:
                dt.date.fromisoformat(values[-1])
            except ValueError:
                raise ValueError(
                    f"--view: {name}={values[-1]!r} is not a date written YYYY-MM-DD"
                ) from None
        for field_name, param in filters.PARAMS.items():
            if param == name:
                allowed = set(getattr(options, field_name))
                for value in values:
                    if value not in allowed:
                        raise ValueError(f"--view: this dataset has no {param} {value!r}")
    chosen, notices = filters.from_query_params(params, options, today)
    if notices:
        raise ValueError(f"--view: {notices[0]}")
    return chosen


def view_period(event_filter: EventFilter) -> ReportPeriod | None:
    if event_filter.start is None or event_filter.end is None:
        return None
    if event_filter.period.isdigit():
        return periods.parse_period(event_filter.period)
    return periods.custom(event_filter.start, event_filter.end)
