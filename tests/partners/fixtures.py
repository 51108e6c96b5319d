"""Hand-written partner tables shared by the tests of analytics.partners."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analytics import schema

SMALL = Path(__file__).resolve().parents[1] / "data" / "small_events.yaml"
PILLARS = ("WBCTi", "WBCSCi", "WBBSi")
GROUP = schema.PARTNER_KINDS["group"]
EU_BODY = schema.PARTNER_KINDS["eu_body"]
MEMBER_STATE = schema.PARTNER_KINDS["eu_member_state"]
THIRD_COUNTRY = schema.PARTNER_KINDS["third_country"]


# A small inline world: four events, three partners.
#   e1 2021-03-01 [WBCTi]          A, B
#   e2 2021-06-01 [WBCTi, WBBSi]   A, B, C
#   e3 2023-01-10 []               A, C
#   e4 2023-05-05 [WBCSCi]         B
def inline_events() -> pd.DataFrame:
    return pd.DataFrame(
        {
            schema.ID: ["e1", "e2", "e3", "e4"],
            schema.START_DATE: pd.to_datetime(
                ["2021-03-01", "2021-06-01", "2023-01-10", "2023-05-05"]
            ),
            schema.YEAR: [2021, 2021, 2023, 2023],
            schema.PILLARS: [("WBCTi",), ("WBCTi", "WBBSi"), (), ("WBCSCi",)],
        }
    )


def inline_partners() -> pd.DataFrame:
    rows = [
        ("e1", "A", "Kind one"),
        ("e1", "B", "Kind two"),
        ("e2", "A", "Kind one"),
        ("e2", "B", "Kind two"),
        ("e2", "C", "Kind two"),
        ("e3", "A", "Kind one"),
        ("e3", "C", "Kind two"),
        ("e4", "B", "Kind two"),
    ]
    frame = pd.DataFrame(rows, columns=[schema.EVENT_ID, schema.PARTNER, schema.PARTNER_KIND])
    frame[schema.PARTNER_COUNTRY] = pd.NA
    return frame.astype("string")


def inline_pillars() -> pd.DataFrame:
    rows = [("e1", "WBCTi"), ("e2", "WBCTi"), ("e2", "WBBSi"), ("e4", "WBCSCi")]
    return pd.DataFrame(rows, columns=[schema.EVENT_ID, schema.PILLAR]).astype("string")


def empty_partners() -> pd.DataFrame:
    return inline_partners().iloc[0:0]
