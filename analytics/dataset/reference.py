"""Reference data beside the events: pillars, event types and the partners registry."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from analytics import schema
from analytics.dataset.files import MAX_REFERENCE_BYTES, read_regular_file

BUNDLED_DATA_DIR = Path(__file__).resolve().parents[2] / "data"
PILLARS_FILE = "pillars.yaml"
EVENT_TYPES_FILE = "event_types.yaml"
PARTNERS_FILE = "partners.yaml"

_SafeLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Pillar:
    """One IISG pillar."""

    code: str
    number: int
    name: str
    full_name: str
    colour: str


@dataclass(frozen=True)
class Partner:
    """One entry of the partners registry."""

    name: str
    kind: str
    country: str | None = None
    full_name: str | None = None
    aliases: tuple[str, ...] = ()

    @property
    def kind_label(self) -> str:
        """The kind as shown to users."""
        return schema.PARTNER_KINDS.get(self.kind, self.kind)


_DOTS = re.compile(r"[.\u2019']")
_SPACES = re.compile(r"\s+")


# Loading 10,000 events resolves about 250,000 names, mostly the same few hundred partners,
# cities and countries: remembering the keys saves seconds.
@functools.lru_cache(maxsize=1 << 16)
def normalise_name(text: str) -> str:
    """Return the key used to match a partner name: case, accents, spacing and dots ignored.

    Args:
        text: A name as written.

    Returns:
        The matching key.
    """
    if text.isascii():
        # ASCII has nothing to decompose and no combining marks.
        without_accents = text
    else:
        decomposed = unicodedata.normalize("NFKD", text)
        without_accents = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    cleaned = _DOTS.sub("", without_accents.casefold())
    return _SPACES.sub(" ", cleaned).strip()


@dataclass(frozen=True)
class PartnerRegistry:
    """The partners registry, resolving aliases to canonical names."""

    partners: tuple[Partner, ...]
    _index: Mapping[str, Partner] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_partners(cls, partners: Iterable[Partner]) -> PartnerRegistry:
        """Build a registry and its alias index.

        Args:
            partners: The registry's entries.

        Returns:
            The registry.

        Raises:
            ValueError: Two entries share a name or an alias.
        """
        entries = tuple(partners)
        index: dict[str, Partner] = {}
        for partner in entries:
            for spelling in (
                partner.name,
                *partner.aliases,
                *([partner.full_name] if partner.full_name else []),
            ):
                key = normalise_name(spelling)
                other = index.get(key)
                if other is not None and other.name != partner.name:
                    raise ValueError(f"'{spelling}' names both '{other.name}' and '{partner.name}'")
                index[key] = partner
        return cls(entries, index)

    def resolve(self, name: str) -> Partner | None:
        """Return the registry entry a name or alias refers to, or None when unknown.

        Args:
            name: A partner name as written in an event.

        Returns:
            The partner, or None.
        """
        return self._index.get(normalise_name(name))

    def by_name(self) -> dict[str, Partner]:
        """Return the entries keyed by canonical name."""
        return {partner.name: partner for partner in self.partners}


@dataclass(frozen=True)
class Reference:
    """All reference data the loader validates against."""

    pillars: tuple[Pillar, ...]
    event_types: tuple[str, ...]
    registry: PartnerRegistry

    @property
    def pillar_codes(self) -> tuple[str, ...]:
        """The pillar codes, in pillar order."""
        return tuple(pillar.code for pillar in self.pillars)

    def pillar_colours(self) -> dict[str, str]:
        """Colour of every pillar group shown in charts (pillars, cross-cutting, none)."""
        colours = {pillar.code: pillar.colour for pillar in self.pillars}
        colours[schema.CROSS_CUTTING] = schema.CROSS_CUTTING_COLOUR
        colours[schema.NO_PILLAR] = schema.NO_PILLAR_COLOUR
        return colours


def _read_list(path: Path, key: str) -> list[dict[str, Any]]:
    """Read a reference file holding `key:` followed by a list of mappings."""
    try:
        data = yaml.load(read_regular_file(path, MAX_REFERENCE_BYTES), Loader=_SafeLoader)
    except OSError as error:
        raise schema.DatasetError(
            f"cannot read the reference file: {error}", file=str(path)
        ) from error
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise schema.DatasetError(f"not valid YAML: {error}", file=str(path), line=line) from error
    if not isinstance(data, dict) or not isinstance(data.get(key), list):
        raise schema.DatasetError(f"expected '{key}:' followed by a list", file=str(path))
    items = data[key]
    for position, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise schema.DatasetError(
                f"entry {position} of '{key}' is not a mapping", file=str(path)
            )
    return items


def _text_tuple(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(str(item) for item in value)


def reference_file(directory: Path | None, name: str) -> Path:
    """Return the reference file the loader reads: the one beside the events, else data/'s.

    Args:
        directory: The events file's folder (None for the bundled data/ folder).
        name: The file name, e.g. "partners.yaml".

    Returns:
        The path of the file to read.
    """
    candidate = (directory or BUNDLED_DATA_DIR) / name
    return candidate if candidate.exists() else BUNDLED_DATA_DIR / name


def load_reference(directory: Path | None = None) -> Reference:
    """Load pillars, event types and partners from a folder.

    Args:
        directory: Folder holding pillars.yaml, event_types.yaml and partners.yaml; the
            bundled data/ folder when None. A file missing from it is taken from data/.

    Returns:
        The reference data.

    Raises:
        DatasetError: A reference file is missing, unreadable or malformed.
    """

    def pick(name: str) -> Path:
        return reference_file(directory, name)

    pillars_path = pick(PILLARS_FILE)
    try:
        pillars = tuple(
            Pillar(
                code=str(item["code"]),
                number=int(item["number"]),
                name=str(item["name"]),
                full_name=str(item["full_name"]),
                colour=str(item["colour"]),
            )
            for item in _read_list(pillars_path, "pillars")
        )
    except KeyError as error:
        raise schema.DatasetError(f"a pillar lacks {error}", file=str(pillars_path)) from error
    types_path = pick(EVENT_TYPES_FILE)
    event_types = tuple(str(item.get("name")) for item in _read_list(types_path, "event_types"))
    partners_path = pick(PARTNERS_FILE)
    partners = []
    for item in _read_list(partners_path, "partners"):
        if "name" not in item or item.get("kind") not in schema.PARTNER_KINDS:
            raise schema.DatasetError(
                f"partner {item.get('name')!r} needs a name and a kind, one of "
                f"{', '.join(schema.PARTNER_KINDS)}",
                file=str(partners_path),
            )
        partners.append(
            Partner(
                name=str(item["name"]),
                kind=str(item["kind"]),
                country=str(item["country"]) if item.get("country") else None,
                full_name=str(item["full_name"]) if item.get("full_name") else None,
                aliases=_text_tuple(item.get("aliases")),
            )
        )
    try:
        registry = PartnerRegistry.from_partners(partners)
    except ValueError as error:
        raise schema.DatasetError(str(error), file=str(partners_path)) from error
    return Reference(pillars=pillars, event_types=event_types, registry=registry)
