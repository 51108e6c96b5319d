"""Shared by the partner analyses: column names and labels, kind colours, partner facts."""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any, Final

import pandas as pd

from analytics import charts, display, schema

EVENTS: Final = "events"
SHARED: Final = "shared"
PARTNER_A: Final = "partner_a"
PARTNER_B: Final = "partner_b"
PULL: Final = "pull"  # a link's strength in the network layout
FIRST_EVENT: Final = "first_event"
LATEST_EVENT: Final = "latest_event"
YEARS_ACTIVE: Final = "years_active"
EVENTS_PER_YEAR: Final = "events_per_year"

# Column labels of the tables shown to users.
LABEL_PARTNER: Final = "Partner"
LABEL_KIND: Final = "Kind"
LABEL_EVENTS: Final = "Events"
LABEL_SHARED: Final = "Shared events"
LABEL_PILLAR: Final = "Pillar"
LABEL_CITY: Final = "City"
LABEL_COUNTRY: Final = "Country"
LABEL_FIRST: Final = "First event"
LABEL_LATEST: Final = "Latest event"
LABEL_YEARS: Final = "Years active"
LABEL_PER_YEAR: Final = "Events per year"
LABEL_YEAR: Final = "Year"
PROFILE_EVENT_COLUMNS: Final = tuple(
    display.DISPLAY_COLUMNS[name] for name in display.SHORT_TABLE_FIELDS
)
# A name from a link longer than this is no partner name.
PROFILE_NAME_CHARS: Final = 200
# What the partner figures say when no matching event names a partner.
NO_PARTNER: Final = "No partner took part in the matching events."

# Kinds in colour order: the most frequent kinds get the strongest Okabe-Ito colours, and
# the yellow goes to a rare kind because thin yellow bars read poorly on white.
KIND_COLOUR_ORDER: Final = tuple(
    schema.PARTNER_KINDS[code]
    for code in (
        "group",
        "eu_body",
        "eu_member_state",
        "international_org",
        "company",
        "national_institution",
        "third_country",
        "wb_partner",
    )
)
UNKNOWN_KIND_COLOUR: Final = "#7F7F7F"
# Names beside the network's dots are cut after this many characters, so none leaves the canvas.
NETWORK_LABEL_CHARS: Final = 32
# Partner names beside a chart's axis are cut to this many characters (hover: the full name).
AXIS_LABEL_CHARS: Final = 30
# The network: a fixed seed keeps the layout the same on every run.
NETWORK_SEED: Final = 7
NETWORK_HEIGHT_PX: Final = 620
NETWORK_PAD: Final = 1.25  # axis range either side of the layout's [-1, 1]
# Names are placed as if the chart were this wide (a laptop's main column); narrower screens
# may overlap a little, and hovering shows every name.
NETWORK_ASSUMED_WIDTH_PX: Final = 760
NETWORK_CHAR_PX: Final = 6.5
NETWORK_LINE_PX: Final = 15
NETWORK_MAX_LABELS: Final = 16
NETWORK_MARGIN_PX: Final = 140  # title, legend and margins: the plot is this much shorter
LABEL_PLACES: Final = ("top center", "bottom center", "middle right", "middle left")
# Community colours: Okabe-Ito without the yellow (thin on white), then grey.
COMMUNITY_COLOURS: Final = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#000000",
)
# A neutral sequential scale (white to Okabe-Ito blue) for counts: no pillar is implied.
COUNT_SCALE: Final = [[0.0, "#F7FBFF"], [1.0, "#0072B2"]]


def plot_text(text: str) -> str:
    # Plotly reads a few HTML tags in labels and hover text; data must show as written.
    return html.escape(str(text), quote=False)


def kind_colours() -> dict[str, str]:
    """The colour of every partner kind, the same whatever the filters.

    Returns:
        Kind label -> colour, unregistered partners in grey.
    """
    return charts.colour_sequence(
        list(KIND_COLOUR_ORDER), {schema.UNKNOWN_KIND: UNKNOWN_KIND_COLOUR}
    )


def partner_kinds(event_partners: pd.DataFrame) -> list[str]:
    """List the partner kinds present in a table, in the order of the kind colours.

    Args:
        event_partners: The event x partner table.

    Returns:
        Kind labels.
    """
    present = {str(kind) for kind in event_partners[schema.PARTNER_KIND].dropna().unique()}
    ordered = [kind for kind in (*KIND_COLOUR_ORDER, schema.UNKNOWN_KIND) if kind in present]
    return ordered + sorted(present.difference(ordered))


def partner_facts(event_partners: pd.DataFrame) -> pd.DataFrame:
    """One row a partner: its kind and country (the same on every row of the partner)."""
    facts = event_partners[[schema.PARTNER, schema.PARTNER_KIND, schema.PARTNER_COUNTRY]]
    return facts.drop_duplicates(subset=[schema.PARTNER]).set_index(schema.PARTNER)


def short_label(name: str, limit: int = NETWORK_LABEL_CHARS) -> str:
    """Shorten a long name written beside a dot (the full name is in the hover text)."""
    return name if len(name) <= limit else name[: limit - 1].rstrip() + "…"


def short_ticks(names: Sequence[str], limit: int = AXIS_LABEL_CHARS) -> dict[str, Any]:
    """Axis settings that write each category shortened to ``limit`` characters.

    ``names`` are the axis's categories as plotted (escaped by ``plot_text``). The categories
    (and so the hover text, the click's partner and the chart's numbers) keep
    the full name; only the label beside the axis is cut, so a long name such as "Countering
    Serious Crime in the Western Balkans (project)" leaves room for the bars on a phone.
    """
    # The names come escaped for plotly (plot_text): cut the text, then escape it again.
    written = [html.unescape(name) for name in names]
    if all(len(name) <= limit for name in written):
        return {}
    return {
        "tickmode": "array",
        "tickvals": list(names),
        "ticktext": [plot_text(short_label(name, limit)) for name in written],
    }
