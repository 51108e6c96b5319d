"""Setting an indicator's targets in the indicators file, with the events file's safe write."""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path

import pandas as pd
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

from analytics import periods, schema
from analytics.dataset.reference import Reference
from analytics.dataset.writer import (
    KEEP_BACKUPS,
    Replaced,
    WriteRefused,
    replace_checked,
    round_trip_yaml,
)
from analytics.indicators.spec import F_TARGETS, parse_indicators, read_text
from analytics.schema import DatasetError, Problem

NOUN = "indicators file"


# The columns of the table in which an editor types an indicator's targets.
TARGET_PERIOD = "Period"
TARGET_VALUE = "Target"


def targets_table(targets: Sequence[tuple[str, float]]) -> pd.DataFrame:
    """The targets as the table an editor changes: one row a period code, with its target.

    Args:
        targets: (period code, target) pairs as the indicator holds them.

    Returns:
        A frame with the columns ``TARGET_PERIOD`` (string) and ``TARGET_VALUE`` (float).
    """
    return pd.DataFrame(
        {
            TARGET_PERIOD: [code for code, _ in targets],
            TARGET_VALUE: [value for _, value in targets],
        }
    ).astype({TARGET_PERIOD: "string", TARGET_VALUE: "float64"})


def targets_from_table(table: pd.DataFrame) -> tuple[dict[str, float], str | None]:
    """Read the edited table back: period code -> target, or what is wrong with it.

    Rows left wholly empty are ignored. This function does not mutate the table.

    Args:
        table: The table of ``targets_table`` after editing.

    Returns:
        (targets, None), or ({}, a message naming the problem) when a row lacks a period or a
        target, or two rows name one period.
    """
    rows = table.dropna(how="all")
    if rows[TARGET_PERIOD].isna().any() or rows[TARGET_VALUE].isna().any():
        return {}, "Each row needs a period and a target."
    targets: dict[str, float] = {}
    for period_code, value in zip(rows[TARGET_PERIOD], rows[TARGET_VALUE], strict=True):
        code = str(period_code).strip()
        if code in targets:
            return {}, f"Two rows for {code}."
        targets[code] = float(value)
    return targets, None


def _key(problem: Problem) -> tuple[str | None, str | None, str]:
    # Lines move when targets are added; they are not part of what the problem is.
    return problem.event_id, problem.field, problem.message


def _with_targets(text: str, indicator_id: str, targets: Mapping[str, float]) -> str:
    """The file's text with one indicator's targets replaced, comments and order kept."""
    yaml = round_trip_yaml()
    try:
        document = yaml.load(text)
    except YAMLError as error:
        raise WriteRefused(f"The {NOUN} is not valid YAML; fix it first.") from error
    items = document.get("indicators") if isinstance(document, CommentedMap) else None
    if not isinstance(items, CommentedSeq):
        raise WriteRefused(f"The {NOUN} has no 'indicators:' list; fix it first.")
    target = next(
        (
            item
            for item in items
            if isinstance(item, CommentedMap) and str(item.get("id")) == indicator_id
        ),
        None,
    )
    if target is None:
        raise WriteRefused(f"No indicator with id '{indicator_id}' in the {NOUN}; reload the page.")
    ordered = sorted(targets.items(), key=lambda item: _order(item[0]))
    node = CommentedMap()
    for code, value in ordered:
        # A year is written as a number (2025: 14), as the README shows; others as text.
        key: int | str = int(code) if code.isdigit() else code
        node[key] = int(value) if float(value).is_integer() else float(value)
    if not ordered:
        node.fa.set_flow_style()
    if F_TARGETS in target:
        target[F_TARGETS] = node
    else:
        # After the baseline (or the last field) when the indicator had no targets line.
        keys = list(target.keys())
        position = keys.index("baseline") + 1 if "baseline" in keys else len(keys)
        target.insert(position, F_TARGETS, node)
    buffer = io.StringIO()
    yaml.dump(document, buffer)
    return buffer.getvalue()


def _order(code: str) -> tuple[object, int]:
    period = periods.parse_period(code)
    return period.start, -period.days


def set_targets(
    path: str | Path,
    indicator_id: str,
    targets: Mapping[str, float],
    reference: Reference,
    *,
    expected_hash: str | None,
    keep_backups: int = KEEP_BACKUPS,
) -> Replaced:
    """Replace one indicator's targets in the indicators file, safely.

    As for events (``analytics.dataset.writer``): locked, refused when the file changed since it was
    opened, checked with the same rules as the app (a change that makes the indicator or any
    other one invalid is refused, naming file, line, indicator and field), the old file kept
    in ``backups/``, written atomically; comments and the other indicators stay as written.

    Args:
        path: The indicators file.
        indicator_id: The indicator whose targets are set.
        targets: Period code ("2025", "2025-H1", "2025-Q3") -> target; {} removes them all.
        reference: Reference data (the same the app validates filters against).
        expected_hash: SHA-256 of the file when the editor opened it; None skips the check.
        keep_backups: How many backups to keep (0: no backup).

    Returns:
        What was written.

    Raises:
        WriteRefused: Nothing was written (bad target, validation, stale file, busy lock).
    """
    cleaned: dict[str, float] = {}
    for written, value in targets.items():
        try:
            code = periods.parse_period(str(written)).code
        except ValueError as error:
            raise WriteRefused(f"Target period: {error}.") from error
        if code in cleaned:
            raise WriteRefused(f"Two targets for {code}.")
        cleaned[code] = value

    def check(candidate: Path, current: Path) -> tuple[Problem, ...]:
        name = Path(path).name
        try:
            new_text, _ = read_text(candidate)
            new = parse_indicators(new_text, reference, file=name)
        except DatasetError as error:
            raise WriteRefused(f"The change would make the {NOUN} unreadable: {error}") from error
        try:
            old_text, _ = read_text(current)
            old = Counter(_key(p) for p in parse_indicators(old_text, reference, file=name).errors)
        except DatasetError:
            old = Counter()
        fresh = []
        for problem in new.errors:
            if old[_key(problem)]:
                old[_key(problem)] -= 1
            else:
                fresh.append(problem)
        if fresh:
            raise WriteRefused(
                "The targets were not saved: the indicator rules refuse them.", fresh
            )
        if indicator_id not in new.by_id():
            raise WriteRefused(f"The indicator '{indicator_id}' is not valid in the {NOUN}.")
        return tuple(p for p in new.problems if p.severity == schema.WARNING)

    return replace_checked(
        Path(path),
        lambda text: _with_targets(text, indicator_id, cleaned),
        check,
        expected_hash=expected_hash,
        keep_backups=keep_backups,
        noun=NOUN,
    )
