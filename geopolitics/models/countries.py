"""The places the law model knows, read from ``data/countries.csv``.

Which countries are "foreign adversary countries" is a fact about a statute (10 U.S.C.
4872(d)(2), to which §2(g)(4) of the Act points), and which places exist is a fact about the
world: both belong in the kit's sourced data, where a source row says where each came from,
not in code. This module reads the table once and answers the questions the law model asks:
what is this name's canonical form, and is it a covered nation?
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from functools import cache

from geopolitics.data import load
from geopolitics.text import name_key

__all__ = ["Places", "find", "places", "suggestions", "with_article"]


@dataclass(frozen=True)
class Places:
    """The country table as the law model uses it, in the row order of the file."""

    un_members: tuple[str, ...]
    """The UN member states (kind ``un_member``)."""
    other_territories: tuple[str, ...]
    """Every other place: observer states, disputed or special places, territories."""
    adversaries: tuple[str, ...]
    """The covered nations of 10 U.S.C. 4872(d)(2), in the table's ``covered_nation`` order."""
    kept_apart: tuple[str, ...]
    """Places deliberately not counted as a covered nation they may belong to (Hong Kong, Macau)."""
    lookup: dict[str, str]
    """Every name and alias, reduced by :func:`geopolitics.text.name_key`, to the kit's name."""

    @property
    def names(self) -> tuple[str, ...]:
        """Every place name, sorted: what ``law.COUNTRIES`` lists."""
        return tuple(sorted(self.un_members + self.other_territories))


@cache
def places() -> Places:
    """The table, read and indexed once per session (the law model asks on every ``App``)."""
    table = load("countries")
    names = table["name"].tolist()
    kinds = table["kind"].tolist()
    covered = table.dropna(subset=["covered_nation"]).sort_values("covered_nation")
    lookup = {name_key(name): name for name in names}
    for name, aliases in zip(names, table["aliases"].fillna("").tolist(), strict=True):
        lookup.update({name_key(a): name for a in aliases.split(";") if a.strip()})
    return Places(
        un_members=tuple(n for n, k in zip(names, kinds, strict=True) if k == "un_member"),
        other_territories=tuple(n for n, k in zip(names, kinds, strict=True) if k != "un_member"),
        adversaries=tuple(covered["name"]),
        kept_apart=tuple(table.loc[table["kept_apart_from"].notna(), "name"]),
        lookup=lookup,
    )


def find(name: str) -> str | None:
    """The kit's name for ``name`` ("PRC" -> "China"), or None when the kit does not know it."""
    return places().lookup.get(name_key(name))


def suggestions(name: str) -> list[str]:
    """Up to three known places whose names are close to ``name``, for a "Did you mean" hint."""
    lookup = places().lookup
    close = difflib.get_close_matches(name_key(name), list(lookup), n=3, cutoff=0.6)
    return list(dict.fromkeys(lookup[c] for c in close))


def with_article(country: str) -> str:
    """'the United States', 'the Cayman Islands', but 'China': for readable sentences."""
    needs_the = (
        country.startswith("United ")
        or country.endswith(("Islands", "Republic", "Emirates"))
        or country in {"Bahamas", "Gambia", "Netherlands", "Philippines", "Maldives",
                       "Comoros", "Seychelles", "Holy See", "Congo",
                       "Democratic Republic of the Congo"}
    )
    return f"the {country}" if needs_the else country
