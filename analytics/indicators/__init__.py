"""Results against targets: indicators defined in a file, computed from the events for any period."""

from __future__ import annotations

from analytics.indicators.compute import (
    PROGRESS_RULE,
    STATUS_LABELS,
    IndicatorResult,
    ResultsData,
    build_results,
    format_value,
    judge,
)
from analytics.indicators.spec import (
    MEASURES,
    Baseline,
    Indicator,
    IndicatorSet,
    indicators_path,
    load_indicators,
    parse_indicators,
)

__all__ = [
    "MEASURES",
    "PROGRESS_RULE",
    "STATUS_LABELS",
    "Baseline",
    "Indicator",
    "IndicatorResult",
    "IndicatorSet",
    "ResultsData",
    "build_results",
    "format_value",
    "indicators_path",
    "judge",
    "load_indicators",
    "parse_indicators",
]
