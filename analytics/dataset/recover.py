"""After a YAML syntax error: explain it in an editor's words, and recover the items that are valid."""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

from analytics import schema
from analytics.dataset.events_file import read_list
from analytics.dataset.yaml_items import Node, StructureLimit
from analytics.schema import DatasetError, Problem

_EVENTS_LINE = re.compile(r"^events[ \t]*:[ \t]*(#.*)?$")
_ID_LINE = re.compile(r"^[ \t]*(?:-[ \t]+)?id[ \t]*:[ \t]*['\"]?([^'\"#\s]+)")
_FIELD_LINE = re.compile(r"^[ \t]*(?:-[ \t]+)?([A-Za-z_][A-Za-z0-9_]*)[ \t]*:")

# YAML's own messages, in words an editor understands.
_PLAIN_WORDS = (
    ("tab character", "a tab is used for indentation; indent with spaces, never tabs"),
    ("'\\t' that cannot start", "a tab is used for indentation; indent with spaces, never tabs"),
    ("end of stream", "a quote or bracket is opened and never closed"),
    (
        "mapping values are not allowed",
        "a line holds ': ' where YAML does not expect it: the line is indented more than the "
        "field above it, or its value holds ': ' and must be put in quotes",
    ),
    (
        "did not find expected ',' or",
        "a bracket [ or brace { is not closed, or a comma is missing between values",
    ),
    ("undefined alias", "'*name' refers to an '&name' anchor that is not defined before it"),
    (
        "could not find expected ':'",
        "a line is missing the ':' after its field name, or a quote is not closed",
    ),
    (
        "did not find expected '-' indicator",
        "a line is not indented like the lines above it (each event starts with '- ')",
    ),
    (
        "did not find expected key",
        "a line is not indented like the other fields of its event, or a quote is not closed",
    ),
    ("expected <block end>", "a line is not indented like the lines above it"),
    ("control characters are not allowed", "the file holds an invisible control character"),
    ("special characters are not allowed", "the file holds an invisible control character"),
    ("found duplicate anchor", "the same '&name' anchor is defined twice"),
    ("found character '@'", "a value starts with '@'; put it in quotes"),
    ("found character '`'", "a value starts with '`'; put it in quotes"),
    ("found character '%'", "a value starts with '%'; put it in quotes"),
)


@dataclass(frozen=True)
class BrokenItem:
    """An item of the events list that could not be read as YAML on its own."""

    line: int
    end_line: int
    event_id: str | None
    field: str | None
    message: str


def explain_yaml_error(error: yaml.YAMLError) -> str:
    """Say what is wrong in an editor's words, followed by YAML's own words."""
    if isinstance(error, StructureLimit):
        return str(error.problem)
    if isinstance(error, yaml.MarkedYAMLError):
        original = " ".join(part for part in (error.context, error.problem) if part)
    else:
        original = str(getattr(error, "reason", "") or error).splitlines()[0]
    original = original[:200]
    for words, plain in _PLAIN_WORDS:
        if words in original:
            return f"{plain} (YAML says: {original})"
    return original or "not valid YAML"


def error_line(error: yaml.YAMLError, text: str) -> int | None:
    """The 1-based line an editor should look at for a YAML error."""
    if isinstance(error, yaml.MarkedYAMLError):
        context = error.context or ""
        # An unclosed quote is found at the end of the file; the quote's start is what to fix.
        if (
            error.context_mark is not None
            and "quoted scalar" in context
            or error.problem_mark is None
        ):
            mark = error.context_mark or error.problem_mark
        else:
            mark = error.problem_mark
        return int(mark.line) + 1 if mark is not None else None
    position = getattr(error, "position", None)
    if isinstance(position, int):
        return text.count("\n", 0, position) + 1
    return None


def split_items(lines: list[str]) -> list[tuple[int, list[str]]] | None:
    """Split the text of the `events:` list into its top-level items, by their indentation.

    Args:
        lines: The file's lines, with their line ends.

    Returns:
        (0-based first line, lines) of each item, or None when no list of items is found.
    """
    start = next((i for i, line in enumerate(lines) if _EVENTS_LINE.match(line.rstrip())), None)
    items: list[tuple[int, list[str]]] = []
    indent: int | None = None
    for index in range(0 if start is None else start + 1, len(lines)):
        line = lines[index]
        body = line.rstrip("\r\n")
        stripped = body.lstrip(" \t")
        lead = body[: len(body) - len(stripped)]
        starts_item = stripped.startswith("- ") or stripped == "-"
        if not stripped or stripped.startswith("#") or "\t" in lead:
            # Blank lines, comments and tab-indented lines belong to the item they are in.
            if items:
                items[-1][1].append(line)
            elif "\t" in lead and stripped and not stripped.startswith("#"):
                return None
            continue
        if indent is None:
            if not starts_item or (start is None and lead):
                return None
            indent = len(lead)
        if len(lead) == indent and starts_item:
            items.append((index, [line]))
        elif len(lead) <= indent:
            break
        else:
            items[-1][1].append(line)
    return items or None


def recover_items(
    text: str, error: yaml.YAMLError, file: str
) -> tuple[list[Node | BrokenItem], list[Problem]]:
    """Read the items of the `events:` list one by one, after the whole file failed.

    Args:
        text: The file's text.
        error: What reading the whole file raised.
        file: The file's name, for messages.

    Returns:
        The items (read, or broken with the reason), and a problem for an error outside the list.

    Raises:
        DatasetError: No item of the list can be read.
    """
    line = error_line(error, text)
    explanation = explain_yaml_error(error)
    parts = text.split("\n")
    lines = [part + "\n" for part in parts[:-1]] + ([parts[-1]] if parts[-1] else [])
    chunks = split_items(lines)
    if chunks is None:
        raise DatasetError(
            f"the file is not valid YAML: {explanation}", file=file, line=line
        ) from error
    items: list[Node | BrokenItem] = []
    for first, chunk_lines in chunks:
        chunk = "".join(chunk_lines)
        try:
            read = read_list(chunk, first)
        except yaml.YAMLError as item_error:
            items.append(_broken(first, chunk_lines, chunk, item_error))
            continue
        items.extend(read or ())
    if not any(not isinstance(item, BrokenItem) for item in items):
        broken = next((i for i in items if isinstance(i, BrokenItem)), None)
        raise DatasetError(
            f"the file is not valid YAML: {explanation}",
            file=file,
            line=broken.line if broken else line,
            event_id=broken.event_id if broken else None,
            field=broken.field if broken else None,
        ) from error
    outside: list[Problem] = []
    if not any(isinstance(item, BrokenItem) for item in items):
        # The error lies outside the events list (a header or trailing key).
        message = f"outside the events list, the file is not valid YAML: {explanation}"
        outside.append(Problem.error(message, file=file, line=line))
    return items, outside


def _broken(first: int, chunk_lines: list[str], chunk: str, error: yaml.YAMLError) -> BrokenItem:
    inner = error_line(error, chunk) or 1
    bad_line = chunk_lines[min(inner, len(chunk_lines)) - 1]
    id_match = next(filter(None, (_ID_LINE.match(ln) for ln in chunk_lines)), None)
    field_match = _FIELD_LINE.match(bad_line)
    field_name = field_match.group(1) if field_match else None
    return BrokenItem(
        line=first + inner,
        end_line=first + len(chunk_lines),
        event_id=id_match.group(1)[:80] if id_match else None,
        field=field_name if field_name in schema.ALL_FIELDS else None,
        message="this event cannot be read, so it is left out: " + explain_yaml_error(error),
    )
