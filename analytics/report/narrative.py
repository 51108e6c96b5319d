"""The report's narrative: paragraphs whose every number is in one of the report's tables."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

import pandas as pd

from analytics import (
    caveats,
    metrics,
    partners,
    periods,
    schema,
)
from analytics.periods import ReportPeriod
from analytics.report.model import (
    COL_CITY,
    COL_COUNTRY,
    COL_EVENTS,
    COL_GROUP,
    COL_HOSTED,
    COL_KIND,
    COL_PARTNER,
    COL_PARTNERS,
    COL_PILLAR,
    COL_TOOK_PART,
    EVENT_NOUN,
    KIND_TOTAL,
    NAMED_TIES,
    NO_CITY,
    TOP_IN_NARRATIVE,
    WB_GROUP,
    Paragraph,
)
from analytics.words import count_text, join_words

HEADING_ACTIVITY: Final = "Activity"
HEADING_PILLARS: Final = "Pillars"
HEADING_PARTNERS: Final = "Partners"
HEADING_PLACES: Final = "Places"


def ranked_words(
    pairs: Sequence[tuple[str, int]],
    noun: str,
    *,
    members: str = "partner",
    top: int = TOP_IN_NARRATIVE,
) -> str:
    """The leaders of a ranking in words, ties named or summarised, never cut in the middle.

    Names are taken group by group (equal counts together) until ``top`` names are reached;
    a first group of more than ``NAMED_TIES`` names is summarised by its size ("8 partners"),
    a later one left out (the table lists them).

    Args:
        pairs: (name, count), most first.
        noun: What is counted ("event").
        members: What the names are ("partner", "city"), for a summarised group.
        top: How many names to reach.

    Returns:
        E.g. "DG NEAR (5 events), then Austria, GIZ, Greece and Italy with 2 each".
    """
    groups: list[tuple[int, list[str]]] = []
    for name, number in pairs:
        if groups and groups[-1][0] == number:
            groups[-1][1].append(name)
        else:
            groups.append((number, [name]))
    parts: list[str] = []
    named = 0
    for index, (number, names) in enumerate(groups):
        if named >= top:
            break
        many = len(names) > NAMED_TIES
        if many and index:
            # "then 15 others with 1 each" tells the reader nothing the table does not.
            break
        who = count_text(len(names), members)
        who = who if many else join_words(names)
        if index == 0:
            each = " each" if len(names) > 1 else ""
            parts.append(f"{who} ({count_text(number, noun)}{each})")
        else:
            each = " each" if len(names) > 1 else ""
            parts.append(f"then {who} with {number}{each}")
        named += len(names)
    return ", ".join(parts)


def narrative(
    report_period: ReportPeriod,
    previous_period: ReportPeriod,
    filters_text: str,
    chosen_pillars: Sequence[str],
    kpis: metrics.Kpis,
    previous_kpis: metrics.Kpis,
    organised: int,
    participated: int,
    pillar_rows: pd.DataFrame,
    group_rows: pd.DataFrame,
    wb_rows: pd.DataFrame,
    wb_group_events: int,
    kinds: pd.DataFrame,
    ranking: pd.DataFrame,
    places: pd.DataFrame,
    caveated: int,
    participants_missing: int,
) -> tuple[Paragraph, ...]:
    """Write the report's text: short paragraphs under headings, every number from a table.

    Each sentence is a template filled with figures of the report's own tables (headline,
    pillars, Western Balkans, partners, places); a sentence with nothing to say (a zero, an
    empty list) is left out. Pillars are named only as the filter lets them through.

    Args:
        report_period: The reporting period.
        previous_period: The comparison period.
        filters_text: The other filters in words ("no filters").
        chosen_pillars: The pillar filter (empty: every pillar).
        kpis: The period's headline figures.
        previous_kpis: The previous period's.
        organised: Events the IISG organised.
        participated: Events organised by others.
        pillar_rows: ``pillar_table``.
        group_rows: ``group_table``.
        wb_rows: ``western_balkans_table``.
        wb_group_events: Events the group entry attended.
        kinds: ``kind_table``.
        ranking: ``international_partners``.
        places: ``places_table``.
        caveated: Events with source caveats.
        participants_missing: Events whose sources may not name every participant.

    Returns:
        The paragraphs, in order: activity, pillars, partners, places (those with something
        to say).
    """
    first, last = periods.long_date(report_period.start), periods.long_date(report_period.end)
    scope = "" if filters_text == "no filters" else f" matching the filters ({filters_text})"
    before = f"the previous period of equal length ({previous_period.dates_text})"
    n = kpis.events
    if n == 0:
        sentences = [f"No events{scope} are recorded between {first} and {last}."]
        if previous_kpis.events:
            sentences.append(
                f"In {before} there {_were(previous_kpis.events)} "
                f"{count_text(previous_kpis.events, 'event')}."
            )
        return (Paragraph(HEADING_ACTIVITY, tuple(sentences)),)

    activity = [
        f"Between {first} and {last}, the dataset records {count_text(n, 'event')} of the "
        f"IISG{scope}, with {count_text(kpis.days_of_meetings, 'day')} of meetings."
    ]
    if organised and participated:
        activity.append(
            f"The IISG organised {organised} of them and took part in {participated} organised "
            "by others."
        )
    elif organised:
        activity.append(f"The IISG organised {_all(n, 'it', 'them')}.")
    elif participated:
        activity.append(f"The IISG took part in {_all(n, 'it', 'them')}, organised by others.")
    change = n - previous_kpis.events
    if change == 0:
        activity.append(f"That is as many as in {before}.")
    else:
        more = "more" if change > 0 else "fewer"
        had = previous_kpis.events or "none"
        activity.append(
            f"That is {count_text(abs(change), 'event')} {more} than in {before}, which had {had}."
        )
    if caveated:
        if n == 1:
            who = "The event carries"
        elif caveated == n:
            who = "Both events carry" if n == 2 else f"All {n} events carry"
        else:
            who = f"{caveated} of the {n} events {'carries' if caveated == 1 else 'carry'}"
        activity.append(f"{who} caveats about their sources (see Source caveats).")
    paragraphs = [Paragraph(HEADING_ACTIVITY, tuple(activity))]

    pillar_sentences = []
    named = [
        (str(row[COL_PILLAR]), int(row[COL_EVENTS]))
        for _, row in pillar_rows.iterrows()
        if row[COL_PILLAR] != schema.NO_PILLAR and int(row[COL_EVENTS])
    ]
    groups = {str(row[COL_GROUP]): int(row[COL_EVENTS]) for _, row in group_rows.iterrows()}
    cross = next((v for k, v in groups.items() if k.startswith(schema.CROSS_CUTTING)), 0)
    no_pillar = next((v for k, v in groups.items() if k.startswith("No pillar")), 0)
    if len(named) == 1 and chosen_pillars:
        code, number = named[0]
        pillar_sentences.append(f"{count_text(number, 'event')} name {code}.")
    elif named:
        pillar_sentences.append(
            "Counting an event once for each pillar it names: "
            f"{join_words([f'{code} {count_text(number, EVENT_NOUN)}' for code, number in named])}."
        )
    if cross:
        pillar_sentences.append(
            f"{cross} of the {count_text(n, 'event')} {'names' if cross == 1 else 'name'} "
            "several pillars (cross-cutting)."
            if n > 1
            else "It names several pillars (cross-cutting)."
        )
    if no_pillar:
        pillar_sentences.append(
            f"{no_pillar} of the {count_text(n, 'event')} {'names' if no_pillar == 1 else 'name'} "
            "no pillar."
            if no_pillar < n
            else ("It names no pillar." if n == 1 else f"None of the {n} events names a pillar.")
        )
    if pillar_sentences:
        paragraphs.append(Paragraph(HEADING_PILLARS, tuple(pillar_sentences)))

    partner_sentences = []
    if kpis.partners:
        partner_sentences.append(
            f"{caveats.at_least(kpis.partners, participants_missing > 0).capitalize()} "
            f"{'partner was' if kpis.partners == 1 else 'partners were'} engaged."
        )
    own = [
        (str(row[COL_PARTNER]), int(row[COL_TOOK_PART]))
        for _, row in wb_rows.iterrows()
        if int(row[COL_TOOK_PART])
    ]
    if own:
        partner_sentences.append(
            "Western Balkan institutions named among the participants: "
            f"{join_words([f'{name} ({count_text(number, EVENT_NOUN)})' for name, number in own])}."
        )
    if wb_group_events:
        partner_sentences.append(
            f"The group entry '{WB_GROUP}', which stands for the six together, is named at "
            f"{count_text(wb_group_events, 'event')}."
        )
    if not kinds.empty:
        by_kind = [
            count_text(
                int(row[COL_PARTNERS]),
                _kind_noun(str(row[COL_KIND])),
                _plural_kind(str(row[COL_KIND])),
            )
            for _, row in kinds.iterrows()
            if row[COL_KIND] != KIND_TOTAL
        ]
        engaged = int(kinds[COL_PARTNERS].iloc[-1])
        partner_sentences.append(
            f"International partners: {caveats.at_least(engaged, participants_missing > 0)} "
            f"({join_words(by_kind)})."
        )
        counted = [
            (str(name), int(number))
            for name, number in zip(ranking[schema.PARTNER], ranking[partners.EVENTS], strict=True)
        ]
        # When every partner attended one event, nobody is "the most engaged".
        if counted and counted[0][1] > 1:
            partner_sentences.append(f"The most engaged: {ranked_words(counted, EVENT_NOUN)}.")
    if partner_sentences:
        paragraphs.append(Paragraph(HEADING_PARTNERS, tuple(partner_sentences)))

    place_sentences = []
    cities = [
        (str(city), str(country), int(number))
        for city, country, number in zip(
            places[COL_CITY], places[COL_COUNTRY], places[COL_EVENTS], strict=True
        )
        if city != NO_CITY
    ]
    unplaced = sum(
        int(number)
        for city, number in zip(places[COL_CITY], places[COL_EVENTS], strict=True)
        if city == NO_CITY
    )
    if len(cities) == 1:
        city, country, number = cities[0]
        where = f"{city}, {country}" if country else city
        place_sentences.append(
            f"{'The event' if n == 1 else _all(number, 'It', 'them').capitalize()} took place in "
            f"{where}."
            if number == n
            else f"{count_text(number, 'event')} took place in {where}."
        )
    elif cities:
        place_sentences.append(
            f"The events took place in {count_text(kpis.host_cities, 'host city', 'host cities')} "
            f"in {count_text(kpis.countries, 'country', 'countries')}."
        )
        if cities[0][2] > 1:
            busiest = ranked_words(
                [(city, number) for city, _, number in cities], EVENT_NOUN, members="city"
            )
            place_sentences.append(f"Most events: {busiest}.")
    hosted = [
        (str(row[COL_PARTNER]), int(row[COL_HOSTED]))
        for _, row in wb_rows.iterrows()
        if int(row[COL_HOSTED])
    ]
    if hosted and len(cities) > 1:
        place_sentences.append(
            "In the Western Balkans: "
            f"{join_words([f'{name} ({count_text(number, EVENT_NOUN)})' for name, number in hosted])}."
        )
    if unplaced:
        place_sentences.append(
            f"{count_text(unplaced, 'event')} {'has' if unplaced == 1 else 'have'} no stated "
            "host city."
        )
    if place_sentences:
        paragraphs.append(Paragraph(HEADING_PLACES, tuple(place_sentences)))
    return tuple(paragraphs)


def _all(number: int, one: str, many: str) -> str:
    # "it" for one event, "both" for two, "all 5" beyond.
    if number == 1:
        return one
    return "both" if number == 2 else f"all {number}"


def _were(number: int) -> str:
    return "was" if number == 1 else "were"


def _kind_noun(kind: str) -> str:
    # Kind labels start with a capital ("EU member state", "Third country"); in a sentence only
    # an ordinary word is lowered, never an acronym.
    return kind if kind[:2].isupper() else kind[:1].lower() + kind[1:]


def _plural_kind(kind: str) -> str:
    # Kind labels are singular; the plural goes on the head noun, not always the last word.
    noun = _kind_noun(kind)
    for singular, plural in (
        ("institution or agency", "institutions or agencies"),
        ("organisation", "organisations"),
        ("member state", "member states"),
        ("country", "countries"),
        ("national institution", "national institutions"),
        ("group of partners", "groups of partners"),
        ("company", "companies"),
        ("not in the registry", "partners not in the registry"),
        ("IISG body", "IISG bodies"),
    ):
        if noun.endswith(singular) or noun.startswith(singular):
            return noun.replace(singular, plural, 1)
    return noun + "s"
