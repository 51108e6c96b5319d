"""Tests of analytics.synthetic: seeded, valid, plausible synthetic datasets for benchmarks."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml

from analytics import cli, load_dataset, schema
from analytics.dataset.reference import BUNDLED_DATA_DIR
from analytics.filters import EventFilter, apply
from analytics.metrics import compute_kpis
from analytics.synthetic import ID_PREFIX, SyntheticError, generate_events, write_dataset

COUNT = 400
SEED = 7


@pytest.fixture(scope="module")
def dataset_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_dataset(tmp_path_factory.mktemp("synthetic") / "events.yaml", COUNT, SEED)


@pytest.fixture(scope="module")
def raw_events(dataset_file: Path) -> list[dict]:
    return yaml.safe_load(dataset_file.read_text(encoding="utf-8"))["events"]


def test_same_seed_gives_the_same_events_and_another_seed_others() -> None:
    """Two runs with one seed write identical events; another seed writes different ones."""
    first = list(generate_events(60, seed=3))
    assert first == list(generate_events(60, seed=3))
    assert first != list(generate_events(60, seed=4))


def test_written_file_is_identical_for_a_seed(tmp_path: Path) -> None:
    """The whole file, registry and place register included, is byte-for-byte reproducible."""
    one = write_dataset(tmp_path / "one" / "events.yaml", 50, SEED)
    two = write_dataset(tmp_path / "two" / "events.yaml", 50, SEED)
    for name in ("events.yaml", "partners.yaml", "places.yaml"):
        assert (one.parent / name).read_bytes() == (two.parent / name).read_bytes()


def test_dataset_loads_with_no_problem_and_every_city_on_the_map(dataset_file: Path) -> None:
    """All N events load without an error or warning, and every host city has coordinates."""
    dataset = load_dataset(dataset_file)
    assert dataset.problems == ()
    assert len(dataset.events) == COUNT
    located = dataset.events[dataset.events[schema.CITY].notna()]
    assert len(located) > COUNT * 0.8
    assert located[schema.LATITUDE].notna().all()


def test_file_is_marked_synthetic(dataset_file: Path, raw_events: list[dict]) -> None:
    """The file says it is synthetic: top comment, metadata with the seed, syn- ids."""
    text = dataset_file.read_text(encoding="utf-8")
    assert text.startswith("# SYNTHETIC DATA")
    metadata = yaml.safe_load(text)["metadata"]
    assert metadata["synthetic"] is True and metadata["seed"] == SEED
    assert all(event[schema.ID].startswith(ID_PREFIX) for event in raw_events)
    assert len({event[schema.ID] for event in raw_events}) == COUNT


def test_field_distributions_are_plausible(raw_events: list[dict]) -> None:
    """3-10 partners each, 0-3 pillars in a realistic mix, about ten years, realistic summaries."""
    assert all(3 <= len(event[schema.PARTNERS]) <= 10 for event in raw_events)
    pillar_counts = Counter(len(event[schema.PILLARS]) for event in raw_events)
    assert set(pillar_counts) == {0, 1, 2, 3}
    assert pillar_counts[1] > pillar_counts[3] > pillar_counts[2]
    years = {event[schema.START_DATE].year for event in raw_events}
    assert len(years) >= 9 and max(years) - min(years) >= 9
    lengths = sorted(len(event[schema.SUMMARY]) for event in raw_events)
    assert 150 <= lengths[len(lengths) // 2] <= 600
    countries = Counter(event.get(schema.COUNTRY) for event in raw_events)
    balkan = sum(countries[name] for name in schema.WESTERN_BALKANS)
    assert balkan > sum(countries.values()) / 2
    assert all(
        event[schema.END_DATE] > event[schema.START_DATE]
        for event in raw_events
        if schema.END_DATE in event
    )


def test_events_per_pillar_match_the_raw_yaml(dataset_file: Path, raw_events: list[dict]) -> None:
    """The pillar filter counts what a plain count of the YAML's pillar lists gives."""
    dataset = load_dataset(dataset_file)
    for code in dataset.reference.pillar_codes:
        by_hand = sum(code in event[schema.PILLARS] for event in raw_events)
        assert len(apply(dataset.events, EventFilter(pillars=(code,)))) == by_hand
    none_by_hand = sum(not event[schema.PILLARS] for event in raw_events)
    assert len(apply(dataset.events, EventFilter(pillars=(schema.NO_PILLAR,)))) == none_by_hand


def test_kpis_match_counts_from_the_raw_yaml(dataset_file: Path, raw_events: list[dict]) -> None:
    """Events, days, partners and host cities equal what the raw YAML holds."""
    dataset = load_dataset(dataset_file)
    kpis = compute_kpis(dataset.events, dataset.event_partners)
    days = sum(
        ((event.get(schema.END_DATE) or event[schema.START_DATE]) - event[schema.START_DATE]).days
        + 1
        for event in raw_events
    )
    partners = {name for event in raw_events for name in event[schema.PARTNERS]}
    cities = {(e[schema.CITY], e[schema.COUNTRY]) for e in raw_events if schema.CITY in e}
    assert kpis.events == COUNT
    assert kpis.days_of_meetings == days
    assert kpis.partners == len(partners)
    assert kpis.host_cities == len(cities)


def test_writing_into_the_bundled_data_folder_is_refused() -> None:
    """Synthetic data never lands in data/: the generator stops with an error."""
    target = BUNDLED_DATA_DIR / "synthetic-events.yaml"
    with pytest.raises(SyntheticError):
        write_dataset(target, 5, SEED)
    assert cli.main(["synthetic", "--events", "5", "--output", str(target)]) == 2
    assert not target.exists()
