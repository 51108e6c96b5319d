"""Fact checks of the curated dataset (data/events.yaml, data/partners.yaml).

The expected values are computed independently of the dataset: from the page text (written
into this file) and from the source table read with the csv module. The YAML files are read
with yaml.safe_load, not with the project's own loader.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).parent.parent
DATA = ROOT / "data"
SOURCE_DIR = Path(
    os.environ.get("IISG_SOURCE_DIR", Path(__file__).resolve().parents[2] / "shared" / "source")
)
TSV = SOURCE_DIR / "website_events.tsv"
PAGE = SOURCE_DIR / "iisg_events_page.txt"

MERGED_REFS = ("W001", "W015", "W016", "W018", "W019", "W020")
PAGE_SOURCE = "IISG website, Events page"
PILLARS = {"WBCTi", "WBCSCi", "WBBSi"}
KINDS = {
    "wb_partner",
    "eu_member_state",
    "eu_body",
    "international_org",
    "national_institution",
    "third_country",
    "company",
    "group",
    "iisg",
}
WB_SIX = {"Albania", "Bosnia and Herzegovina", "Kosovo", "Montenegro", "North Macedonia", "Serbia"}
ID_RE = re.compile(r"^\d{4}-\d{2}-\d{2}-[a-z0-9]+(?:-[a-z0-9]+)*$")

needs_source = pytest.mark.skipif(
    not (TSV.is_file() and PAGE.is_file()),
    reason=(
        f"source texts not found in {SOURCE_DIR}: "
        "set IISG_SOURCE_DIR or place shared/source beside the clone"
    ),
)


# --------------------------------------------------------------------------- helpers


def _load(name: str) -> Any:
    with open(DATA / name, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


@pytest.fixture(scope="module")
def events() -> list[dict[str, Any]]:
    return _load("events.yaml")["events"]


@pytest.fixture(scope="module")
def registry() -> list[dict[str, Any]]:
    return _load("partners.yaml")["partners"]


@pytest.fixture(scope="module")
def by_ref(events: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {e["source_ref"]: e for e in events if e.get("source_ref")}


@pytest.fixture(scope="module")
def resolver(registry: list[dict[str, Any]]) -> dict[str, str]:
    """Map every lower-cased name and alias to its canonical name."""
    out: dict[str, str] = {}
    for p in registry:
        for n in [p["name"], *(p.get("aliases") or [])]:
            out[str(n).lower()] = p["name"]
    return out


def _iso(v: Any) -> str | None:
    if v is None:
        return None
    if isinstance(v, dt.date):
        return v.isoformat()
    return str(v)


def _split(cell: str) -> list[str]:
    return [x.strip() for x in cell.split(";") if x.strip()]


def _tsv_rows() -> list[dict[str, str]]:
    with open(TSV, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


def _page_paragraphs() -> list[tuple[str, str]]:
    lines = [ln.strip() for ln in PAGE.read_text(encoding="utf-8").splitlines() if ln.strip()]
    assert lines[0] == "Events" and len(lines) % 2 == 1
    return list(zip(lines[1::2], lines[2::2], strict=True))


def _norm(s: str) -> str:
    return " ".join(s.split())


# --------------------------------------------------------------------------- page events

# Expected facts of the nine events of the IISG Events page, written from the page text
# (plus, for the six merged events, the facts of their TSV row).
PAGE_EVENTS: list[dict[str, Any]] = [
    dict(
        start="2022-12-09",
        end=None,
        city="Podgorica",
        country="Montenegro",
        pillars=set(),
        role="organiser",
        organisers=set(),
        partners={"Ministry of Interior of Montenegro"},
        ref="W015",
        title="Thematic meetings with WB Partners, Montenegro",
    ),
    dict(
        start="2023-02-27",
        end=None,
        city="Banja Luka",
        country="Bosnia and Herzegovina",
        pillars=set(),
        role="organiser",
        organisers=set(),
        partners={"Police Directorate of Republika Srpska"},
        ref="W016",
        title="Meeting between the IISG Secretariat and the Police Director of Republika Srpska",
    ),
    dict(
        start="2023-04-25",
        end=None,
        city="Tirana",
        country="Albania",
        pillars={"WBCSCi"},
        role="organiser",
        organisers={"IISG Secretariat"},
        partners={
            "Western Balkans Partners",
            "CEPOL",
            "OSCE",
            "Austria",
            "Bulgaria",
            "Italy",
            "Greece",
            "GIZ",
        },
        ref="W018",
        title="Regional Support Group Meeting – WBCSCi Pillar, Tirana, Albania",
    ),
    dict(
        start="2023-04-27",
        end=None,
        city="Budva",
        country="Montenegro",
        pillars={"WBCTi"},
        role="organiser",
        organisers={"IISG Secretariat"},
        partners={
            "Western Balkans Partners",
            "DG NEAR",
            "Austria",
            "Italy",
            "Greece",
            "Slovenia",
            "United States",
        },
        ref="W019",
        title="IISG Regional Support Group Meeting – WBCTi, Montenegro",
    ),
    dict(
        start="2023-04-28",
        end=None,
        city="Skopje",
        country="North Macedonia",
        pillars={"WBBSi"},
        role="organiser",
        organisers={"IISG Secretariat"},
        partners=set(),
        ref="W020",
        title="IISG Regional Support Group Meeting – WBBSi, North Macedonia",
    ),
    dict(
        start="2023-06-01",
        end=None,
        city="Tirana",
        country="Albania",
        pillars={"WBCTi", "WBCSCi", "WBBSi"},
        role="organiser",
        organisers={"IISG Secretariat", "ARK IT"},
        partners={"ARK IT"},
        ref=None,
        title="IISG Secretariat Database Consultations with ARK IT",
    ),
    dict(
        start="2023-06-02",
        end=None,
        city="Tirana",
        country="Albania",
        pillars=set(),
        role="organiser",
        organisers={"IISG Secretariat"},
        partners={"Ministry of Foreign Affairs of Albania"},
        ref=None,
        title="Meeting stakeholders at the Albanian Ministry of Foreign Affairs",
    ),
    dict(
        start="2023-08-14",
        end="2023-08-15",
        city="Tirana",
        country="Albania",
        pillars=set(),
        role="organiser",
        organisers={"IISG Secretariat", "ARK IT"},
        partners={"ARK IT"},
        ref=None,
        title="IISG Database and Website working sessions with ARK IT",
    ),
    dict(
        start="2023-09-12",
        end=None,
        city="Brussels",
        country="Belgium",
        pillars=set(),
        role="organiser",
        organisers=set(),
        partners={"DG NEAR"},
        ref="W001",
        title="IISG HoS meeting with DG NEAR",
    ),
]


def _page_event(events: list[dict[str, Any]], title: str) -> dict[str, Any]:
    found = [e for e in events if e.get("source") == PAGE_SOURCE and e["title"] == title]
    assert len(found) == 1, f"expected exactly one page event titled {title!r}, found {len(found)}"
    return found[0]


@pytest.mark.parametrize("exp", PAGE_EVENTS, ids=[p["start"] for p in PAGE_EVENTS])
def test_page_event_facts(events: list[dict[str, Any]], exp: dict[str, Any]) -> None:
    """A page event would show a wrong date, place, pillar, role, organiser or partner."""
    e = _page_event(events, exp["title"])
    assert _iso(e["start_date"]) == exp["start"]
    assert _iso(e.get("end_date")) == exp["end"]
    assert e.get("city") == exp["city"]
    assert e.get("country") == exp["country"]
    assert set(e["pillars"]) == exp["pillars"]
    assert e["iisg_role"] == exp["role"]
    assert set(e.get("organisers") or []) == exp["organisers"]
    assert set(e.get("partners") or []) == exp["partners"]
    assert e.get("source_ref") == exp["ref"]
    assert e["source"] == PAGE_SOURCE


def test_exactly_nine_page_events(events: list[dict[str, Any]]) -> None:
    """The dashboard would show a page event twice or miss one."""
    assert sum(e["source"] == PAGE_SOURCE for e in events) == 9


def test_page_events_have_verbatim_summary_and_caveats(events: list[dict[str, Any]]) -> None:
    """A page event would show a summary that is not the page's own text, or hide that it is cut."""
    for exp in PAGE_EVENTS:
        e = _page_event(events, exp["title"])
        caveats = e.get("caveats") or []
        assert any("truncated" in c.lower() for c in caveats), e["id"]
        if exp["ref"] is None:
            assert "source_url" not in e and "notes" not in e, e["id"]


@needs_source
def test_page_summaries_match_page_text(events: list[dict[str, Any]]) -> None:
    """A page event would show a title or summary that differs from the IISG page."""
    paras = _page_paragraphs()
    assert len(paras) == 9
    titles = [p["title"] for p in PAGE_EVENTS]
    assert [t for t, _ in paras] == titles
    for title, body in paras:
        e = _page_event(events, title)
        assert _norm(e["summary"]) == _norm(body), e["id"]


# --------------------------------------------------------------------------- TSV rows


@needs_source
def test_tsv_rows_match_events(by_ref: dict[str, dict[str, Any]], resolver: dict[str, str]) -> None:
    """A website-table event would show a wrong date, place, pillar or role, or miss a partner."""
    rows = _tsv_rows()
    assert len(rows) == 48
    problems: list[str] = []
    for r in rows:
        ref = r["ref"]
        e = by_ref.get(ref)
        if e is None:
            problems.append(f"{ref}: no event with this source_ref")
            continue

        def check(field: str, got: Any, want: Any, ref: str = ref) -> None:
            if got != want:
                problems.append(f"{ref} {field}: dataset {got!r} != source {want!r}")

        check("start_date", _iso(e["start_date"]), r["start_date"])
        want_end = r["end_date"] if r["end_date"] and r["end_date"] != r["start_date"] else None
        check("end_date", _iso(e.get("end_date")), want_end)
        if r["city"].lower() == "online":
            check("city", e.get("city"), None)
            check("format", e.get("format"), "online")
        else:
            check("city", e.get("city"), r["city"] or None)
        check("country", e.get("country"), r["country"] or None)
        check("pillars", sorted(e["pillars"]), sorted(_split(r["pillars"])))
        check("iisg_role", e["iisg_role"], r["iisg_role"])
        check("event_type", e["event_type"], r["event_type"])
        partners = set(e.get("partners") or [])
        for p in _split(r["participants"]):
            canon = resolver.get(p.lower())
            if canon is None or canon not in partners:
                problems.append(f"{ref} partners: {p!r} missing (resolves to {canon!r})")
        organisers = set(e.get("organisers") or [])
        for o in _split(r["organiser"]):
            canon = resolver.get(o.lower())
            if canon is None or canon not in organisers:
                problems.append(f"{ref} organisers: {o!r} missing (resolves to {canon!r})")
        if ref in MERGED_REFS:
            check("source", e["source"], PAGE_SOURCE)
            check("source_url", e.get("source_url"), r["url"])
        else:
            check("source", e["source"], r["url"])
            check("title", e["title"], r["title"])
        check("notes", _norm(e.get("notes") or ""), _norm(r["notes"]))
    assert not problems, "\n".join(problems)


@needs_source
def test_tsv_doubts_become_caveats(by_ref: dict[str, dict[str, Any]]) -> None:
    """A doubt flagged in the source table would be hidden from the dashboard user."""
    flags = (
        "inferred",
        "future tense",
        "disagree",
        "truncated",
        "not stated",
        "not named",
        "url slug",
        "announcement",
    )
    missing = [
        r["ref"]
        for r in _tsv_rows()
        if any(f in r["notes"].lower() for f in flags) and not by_ref[r["ref"]].get("caveats")
    ]
    assert not missing, f"rows with doubts in notes but no caveats: {missing}"
    for r in _tsv_rows():
        caveats = " ".join(by_ref[r["ref"]].get("caveats") or []).lower()
        notes = r["notes"].lower()
        if "year inferred" in notes:
            assert "year inferred" in caveats, r["ref"]
        if "future tense" in notes:
            assert "future tense" in caveats, r["ref"]
        if "disagree" in notes:
            assert "disagree" in caveats, r["ref"]
        if "truncated" in notes:
            assert "truncated" in caveats, r["ref"]
        if "country inferred from city" in notes:
            assert "country inferred from the city" in caveats, r["ref"]
        if "iisg_role inferred" in notes:
            assert "iisg role inferred" in caveats, r["ref"]


# --------------------------------------------------------------------------- counts


def test_counts_and_ids(events: list[dict[str, Any]]) -> None:
    """The dashboard would show the wrong number of events or mix two events up."""
    assert len(events) == 51
    ids = [e["id"] for e in events]
    assert len(set(ids)) == len(ids), [i for i, n in Counter(ids).items() if n > 1]
    for e in events:
        assert ID_RE.match(e["id"]), e["id"]
        assert e["id"].startswith(_iso(e["start_date"]) + "-"), e["id"]
    refs = [e["source_ref"] for e in events if e.get("source_ref")]
    assert len(refs) == 48 and len(set(refs)) == 48
    counts = Counter(refs)
    for ref in MERGED_REFS:
        assert counts[ref] == 1, ref
    years = {dt.date.fromisoformat(_iso(e["start_date"]) or "").year for e in events}
    assert min(years) == 2017 and max(years) == 2023


def test_schema_and_order(events: list[dict[str, Any]]) -> None:
    """An event would lack a required field, show an unknown value, or appear out of order."""
    required = (
        "id",
        "title",
        "start_date",
        "event_type",
        "pillars",
        "iisg_role",
        "summary",
        "source",
    )
    starts = [_iso(e["start_date"]) for e in events]
    assert starts == sorted(starts)
    for e in events:
        for f in required:
            assert e.get(f) not in (None, ""), (e.get("id"), f)
        assert isinstance(e["start_date"], dt.date), e["id"]
        if "end_date" in e:
            assert isinstance(e["end_date"], dt.date) and e["end_date"] > e["start_date"], e["id"]
        assert set(e["pillars"]) <= PILLARS, e["id"]
        assert e["iisg_role"] in {"organiser", "participant"}, e["id"]
        assert e.get("format") in (None, "in person", "online", "hybrid"), e["id"]
        assert not (e.get("city") or "").lower() == "online", e["id"]
        if e.get("city"):
            assert e.get("country"), e["id"]
        for f in ("organisers", "partners", "caveats"):
            assert isinstance(e.get(f, []), list), (e["id"], f)


# --------------------------------------------------------------------------- registry


def test_event_types_are_in_vocabulary(events: list[dict[str, Any]]) -> None:
    """An event would show an event type that the filters do not know."""
    vocab = {t["name"] for t in _load("event_types.yaml")["event_types"]}
    bad = {e["id"]: e["event_type"] for e in events if e["event_type"] not in vocab}
    assert not bad


def test_partner_names_are_registered(
    events: list[dict[str, Any]], registry: list[dict[str, Any]]
) -> None:
    """A partner or organiser would appear under an unregistered name, splitting its counts."""
    names = {p["name"] for p in registry}
    kinds = {p["name"]: p["kind"] for p in registry}
    bad: list[str] = []
    for e in events:
        for f in ("organisers", "partners"):
            for n in e.get(f) or []:
                if n not in names:
                    bad.append(f"{e['id']} {f}: {n}")
        for n in e.get("partners") or []:
            if kinds.get(n) == "iisg":
                bad.append(f"{e['id']} partners: IISG body {n}")
        partners = set(e.get("partners") or [])
        if partners & WB_SIX and "Western Balkans Partners" in partners:
            bad.append(f"{e['id']}: Western Balkans Partners expanded into countries")
    assert not bad, "\n".join(bad)


def test_registry_is_consistent(registry: list[dict[str, Any]]) -> None:
    """Two partners would be confused by name matching, or a partner would have an unknown kind."""
    seen: dict[str, str] = {}
    problems: list[str] = []
    for p in registry:
        if p.get("kind") not in KINDS:
            problems.append(f"{p['name']}: kind {p.get('kind')!r}")
        keys = {p["name"].lower()} | {str(a).lower() for a in p.get("aliases") or []}
        for k in keys:
            if k in seen and seen[k] != p["name"]:
                problems.append(f"{k!r} used by {seen[k]} and {p['name']}")
            seen[k] = p["name"]
        if p.get("kind") in {"wb_partner", "eu_member_state", "third_country"}:
            if p.get("country") != p["name"]:
                problems.append(f"{p['name']}: country should be itself")
        if p.get("kind") == "national_institution" and not p.get("country"):
            problems.append(f"{p['name']}: national institution without country")
    names = [p["name"] for p in registry]
    assert len(names) == len(set(names))
    assert WB_SIX <= {p["name"] for p in registry if p["kind"] == "wb_partner"}
    assert {"IISG Secretariat", "IISG Support Group", "IISG Board"} <= {
        p["name"] for p in registry if p["kind"] == "iisg"
    }
    assert not problems, "\n".join(problems)
