"""Tests of analytics.partners: the six Western Balkan partners' participation."""

from __future__ import annotations

import pandas as pd

from analytics import partners as pa
from analytics import schema
from tests.partners.fixtures import GROUP

WB_KIND = schema.PARTNER_KINDS["wb_partner"]
NATIONAL = schema.PARTNER_KINDS["national_institution"]
COMPANY = schema.PARTNER_KINDS["company"]


# Five events by hand:
#   w1 in Tirana (Albania)      partners: Albania, ARK IT (company, Albania)
#   w2 in Podgorica (Montenegro) partners: Western Balkans Partners, MoI Serbia
#   w3 in Skopje (North Macedonia) partners: Western Balkans Partners, MoI Serbia, Serbia
#   w4 in Vienna (Austria)      partners: ARK IT only
#   w5 in Tirana, not counted (not among the events passed in): Albania, WB group
def wb_events() -> pd.DataFrame:
    return pd.DataFrame(
        {
            schema.ID: ["w1", "w2", "w3", "w4"],
            schema.COUNTRY: ["Albania", "Montenegro", "North Macedonia", "Austria"],
        }
    )


def wb_partners() -> pd.DataFrame:
    rows = [
        ("w1", "Albania", WB_KIND, "Albania"),
        ("w1", "ARK IT", COMPANY, "Albania"),
        ("w2", schema.WB_GROUP, GROUP, None),
        ("w2", "Ministry of Interior of Serbia", NATIONAL, "Serbia"),
        ("w3", schema.WB_GROUP, GROUP, None),
        ("w3", "Ministry of Interior of Serbia", NATIONAL, "Serbia"),
        ("w3", "Serbia", WB_KIND, "Serbia"),
        ("w4", "ARK IT", COMPANY, "Albania"),
        ("w5", "Albania", WB_KIND, "Albania"),
        ("w5", schema.WB_GROUP, GROUP, None),
    ]
    columns = [schema.EVENT_ID, schema.PARTNER, schema.PARTNER_KIND, schema.PARTNER_COUNTRY]
    return pd.DataFrame(rows, columns=columns).astype("string")


def test_wb_participation_counts_hosted_own_and_group_apart() -> None:
    """Each of the six gets hosted, own-institution and group counts counted by hand."""
    table = pa.western_balkan_participation(wb_events(), wb_partners()).set_index(pa.WB_PARTNER)
    assert list(table.index) == [
        "Albania",
        "Bosnia and Herzegovina",
        "Kosovo*",
        "Montenegro",
        "North Macedonia",
        "Serbia",
    ]
    assert table[pa.WB_HOSTED].tolist() == [1, 0, 0, 1, 1, 0]
    assert table[pa.WB_OWN].tolist() == [1, 0, 0, 0, 0, 2]
    # The group entry names w2 and w3: two events for each of the six, never split.
    assert table[pa.WB_VIA_GROUP].tolist() == [2] * 6
    # Serbia: w2 and w3 through its ministry and the group, each event once.
    assert table[pa.WB_EITHER].tolist() == [3, 2, 2, 2, 2, 2]


def test_wb_participation_never_counts_a_company() -> None:
    """ARK IT (a company of Albania) is listed as not counted; Albania's own count is w1 alone."""
    table = pa.western_balkan_participation(wb_events(), wb_partners()).set_index(pa.WB_PARTNER)
    assert table.at["Albania", pa.WB_BODIES] == "Albania (1)"
    assert table.at["Albania", pa.WB_NOT_COUNTED] == "ARK IT (2)"
    assert table.at["Serbia", pa.WB_BODIES] == "Ministry of Interior of Serbia (2), Serbia (1)"
    only_company = wb_events()[wb_events()[schema.ID] == "w4"]
    alone = pa.western_balkan_participation(only_company, wb_partners())
    assert alone[pa.WB_OWN].sum() == 0
    assert alone[pa.WB_EITHER].sum() == 0


def test_wb_bodies_list_each_partner_once_per_event_most_events_first() -> None:
    """Repeated rows and unnamed rows do not count; names of equal counts go by name, any case."""
    rows = [
        ("w1", "Serbia", WB_KIND, "Serbia"),
        ("w1", "Serbia", WB_KIND, "Serbia"),
        ("w2", "police of Serbia", NATIONAL, "Serbia"),
        ("w3", "Ministry of Interior of Serbia", NATIONAL, "Serbia"),
        ("w3", "Serbia", WB_KIND, "Serbia"),
        ("w4", None, NATIONAL, "Serbia"),
    ]
    columns = [schema.EVENT_ID, schema.PARTNER, schema.PARTNER_KIND, schema.PARTNER_COUNTRY]
    table = pa.western_balkan_participation(
        wb_events(), pd.DataFrame(rows, columns=columns).astype("string")
    ).set_index(pa.WB_PARTNER)
    assert table.at["Serbia", pa.WB_BODIES] == (
        "Serbia (2), Ministry of Interior of Serbia (1), police of Serbia (1)"
    )
    # w1 to w4: the unnamed row still marks w4 as an event of Serbia's own institutions.
    assert table.at["Serbia", pa.WB_OWN] == 4
    assert table.at["Serbia", pa.WB_VIA_GROUP] == 0


def test_wb_participation_of_no_events_is_six_rows_of_zeros() -> None:
    """With no events every count is 0 and the six partners are still listed."""
    table = pa.western_balkan_participation(wb_events().iloc[0:0], wb_partners())
    assert len(table) == 6
    assert table[[pa.WB_HOSTED, pa.WB_OWN, pa.WB_VIA_GROUP, pa.WB_EITHER]].sum().sum() == 0
    assert table[pa.WB_BODIES].tolist() == [""] * 6


def test_wb_figure_shows_own_institutions_group_and_hosted_side_by_side() -> None:
    """Three bars a partner: Serbia's own 2, every partner 2 through the group, Albania hosts 1."""
    table = pa.western_balkan_participation(wb_events(), wb_partners())
    figure = pa.wb_participation_figure(table)
    bars = {trace.name: dict(zip(trace.x, trace.y, strict=True)) for trace in figure.data}
    assert list(bars) == [
        "Own institutions",
        "Group entry",
        "Hosted",
    ]
    assert bars["Own institutions"]["Serbia"] == 2
    assert bars["Own institutions"]["Albania"] == 1
    assert set(bars["Group entry"].values()) == {2}
    assert bars["Hosted"]["Albania"] == 1
    assert "Kosovo*" in bars["Hosted"]


def test_wb_figure_of_no_events_says_so() -> None:
    """No events: a figure with a message, no bars."""
    table = pa.western_balkan_participation(wb_events().iloc[0:0], wb_partners())
    figure = pa.wb_participation_figure(table)
    assert len(figure.data) == 0
    assert "No matching event" in figure.layout.annotations[0].text
