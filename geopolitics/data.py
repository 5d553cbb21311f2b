"""Load the kit's tables by name, typed and validated against ``data/datapackage.json``.

Every table in ``data/`` is described once, in the Frictionless Data Package descriptor.
This module reads that descriptor and refuses a table that does not match it, so a file
that was edited by hand, truncated or saved in the wrong encoding stops a lesson with a
message that names the file, the line and the column, instead of a wrong chart later on.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd

from geopolitics.errors import KitError
from geopolitics.paths import DATA

PACKAGE_FILE = "datapackage.json"
_FRESH_COPY_HINT = (
    "If you did not mean to change this file, get the original back with "
    "`git checkout -- data/{name}` (or download the kit again)."
)


class DataError(KitError):
    """A data file does not match its description in ``data/datapackage.json``."""

    def __init__(
        self,
        file: str,
        problem: str,
        *,
        line: int | None = None,
        column: str | None = None,
        hint: str | None = None,
    ) -> None:
        self.file = file
        self.line = line
        self.column = column
        self.problem = problem
        where = f"data/{file}"
        if line is not None:
            where += f", line {line}"
        if column is not None:
            where += f", column '{column}'"
        hint = hint or _FRESH_COPY_HINT.format(name=file)
        super().__init__(f"{where}: {problem} {hint}")


def data_dir() -> Path:
    """The folder that holds the CSV files and their descriptor.

    The kit runs from wherever a hub or Binder puts it, so the folder is found next to the
    package rather than from the working directory; ``GEOPOLITICS_DATA`` overrides it.
    """
    override = os.environ.get("GEOPOLITICS_DATA")
    if override:
        return Path(override)
    return DATA


@dataclass(frozen=True)
class Field:
    """One column as the descriptor declares it."""

    name: str
    type: str
    description: str
    unit: str | None
    constraints: dict[str, Any]

    @property
    def required(self) -> bool:
        return bool(self.constraints.get("required"))


@dataclass(frozen=True)
class Resource:
    """One table as the descriptor declares it."""

    name: str
    path: str
    title: str
    description: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[tuple[str, str, str], ...]  # (field, resource, field)

    @property
    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]


def _as_tuple(value: str | list[str] | None) -> tuple[str, ...]:
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


def read_descriptor(folder: Path | None = None) -> dict[str, Any]:
    """The parsed ``datapackage.json``, with a readable error if it is broken."""
    folder = folder or data_dir()
    path = folder / PACKAGE_FILE
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataError(
            PACKAGE_FILE, f"the file is missing from {folder}.", hint="Get a fresh copy of the kit."
        ) from None
    except UnicodeDecodeError as exc:
        raise DataError(PACKAGE_FILE, f"the file is not UTF-8 text ({exc.reason}).") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise DataError(PACKAGE_FILE, f"the JSON is broken: {exc.msg}.", line=exc.lineno) from None


def resources(folder: Path | None = None) -> dict[str, Resource]:
    """Every table the descriptor declares, by name."""
    descriptor = read_descriptor(folder)
    found: dict[str, Resource] = {}
    for raw in descriptor.get("resources", []):
        schema = raw.get("schema", {})
        fields = tuple(
            Field(
                name=f["name"],
                type=f.get("type", "string"),
                description=f.get("description", ""),
                unit=f.get("unit"),
                constraints=f.get("constraints", {}),
            )
            for f in schema.get("fields", [])
        )
        foreign = tuple(
            (fk["fields"], fk["reference"]["resource"], fk["reference"]["fields"])
            for fk in schema.get("foreignKeys", [])
        )
        found[raw["name"]] = Resource(
            name=raw["name"],
            path=raw["path"],
            title=raw.get("title", raw["name"]),
            description=raw.get("description", ""),
            fields=fields,
            primary_key=_as_tuple(schema.get("primaryKey")),
            foreign_keys=foreign,
        )
    return found


def table_names(folder: Path | None = None) -> list[str]:
    """The names that :func:`load` accepts."""
    return sorted(resources(folder))


# --- reading and checking one table -------------------------------------------------------

_INTEGER = re.compile(r"[+-]?\d+")


def _parse_cell(value: str, field: Field) -> Any:
    """Turn one CSV cell into a Python value, or raise ValueError saying what was expected."""
    kind = field.type
    if kind == "string":
        return value
    if kind == "integer":
        if not _INTEGER.fullmatch(value.strip()):
            raise ValueError(f"'{value}' is not a whole number")
        return int(value)
    if kind == "number":
        try:
            number = float(value)
        except ValueError:
            raise ValueError(
                f"'{value}' is not a number (use digits and a point, no commas)"
            ) from None
        if number != number:  # NaN written as text
            raise ValueError("'NaN' is not allowed; leave the cell empty if the value is unknown")
        return number
    if kind == "date":
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(f"'{value}' is not a date written as YYYY-MM-DD") from None
    if kind == "boolean":
        lowered = value.strip().lower()
        if lowered in {"true", "yes", "1"}:
            return True
        if lowered in {"false", "no", "0"}:
            return False
        raise ValueError(f"'{value}' is not true or false")
    raise ValueError(f"the descriptor gives an unknown type '{kind}'")


def _check_constraints(value: Any, field: Field) -> None:
    rules = field.constraints
    if "enum" in rules and value not in rules["enum"]:
        allowed = ", ".join(str(v) for v in rules["enum"])
        raise ValueError(f"'{value}' is not one of the allowed values ({allowed})")
    if "minimum" in rules and value < _parse_cell(str(rules["minimum"]), field):
        raise ValueError(f"{value} is below the minimum of {rules['minimum']}")
    if "maximum" in rules and value > _parse_cell(str(rules["maximum"]), field):
        raise ValueError(f"{value} is above the maximum of {rules['maximum']}")
    if "pattern" in rules and not re.fullmatch(rules["pattern"], str(value)):
        raise ValueError(f"'{value}' does not have the expected form ({rules['pattern']})")


def _decode(raw: bytes, file: str) -> str:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DataError(
            file,
            "the file is not saved as UTF-8 text (a spreadsheet program may have re-saved it "
            "in another encoding).",
            line=line,
        ) from None
    return text.removeprefix("\ufeff")


def _read_rows(resource: Resource, folder: Path) -> list[dict[str, Any]]:
    """Parse and validate every row; each row keeps the file line it came from."""
    file = resource.path
    path = folder / file
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DataError(file, "the file is missing.") from None
    text = _decode(raw, file)
    if not text.strip():
        raise DataError(file, "the file is empty: it should start with a header row.", line=1)

    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader)
    expected = resource.field_names
    missing = [name for name in expected if name not in header]
    if missing:
        raise DataError(
            file,
            f"the header has no {', '.join(repr(m) for m in missing)} column "
            f"(expected columns: {', '.join(expected)}).",
            line=1,
            column=missing[0],
        )
    extra = [name for name in header if name not in expected]
    if extra or len(header) != len(expected):
        raise DataError(
            file,
            f"the header has unexpected or repeated columns ({', '.join(header)}); "
            f"expected exactly: {', '.join(expected)}.",
            line=1,
            column=(extra or [header[-1]])[0],
        )

    fields = [resource.fields[expected.index(name)] for name in header]
    rows: list[dict[str, Any]] = []
    for values in reader:
        line = reader.line_num
        if not values or all(not v.strip() for v in values):
            continue  # blank lines carry no observation
        if len(values) != len(header):
            raise DataError(
                file,
                f"this row has {len(values)} cells but the header has {len(header)} "
                "(a comma inside a value needs double quotes around the value).",
                line=line,
            )
        row: dict[str, Any] = {"_line": line}
        for field, cell in zip(fields, values, strict=True):
            if cell == "":
                if field.required:
                    raise DataError(file, "this cell is empty but is required.", line=line,
                                    column=field.name)
                row[field.name] = None
                continue
            try:
                parsed = _parse_cell(cell, field)
                _check_constraints(parsed, field)
            except ValueError as exc:
                raise DataError(file, f"{exc}.", line=line, column=field.name) from None
            row[field.name] = parsed
        rows.append(row)

    if not rows:
        raise DataError(file, "the file has a header but no rows of data.", line=2)
    _check_unique(resource, rows)
    return rows


def _check_unique(resource: Resource, rows: list[dict[str, Any]]) -> None:
    keyed: list[tuple[str, ...]] = [resource.primary_key] if resource.primary_key else []
    keyed += [(f.name,) for f in resource.fields if f.constraints.get("unique")]
    for key in keyed:
        seen: dict[tuple[Any, ...], int] = {}
        for row in rows:
            value = tuple(row[name] for name in key)
            if value in seen:
                shown = ", ".join(str(v) for v in value)
                raise DataError(
                    resource.path,
                    f"'{shown}' appears twice (first on line {seen[value]}); "
                    "each value of this key must be unique.",
                    line=row["_line"],
                    column=key[0],
                )
            seen[value] = row["_line"]


_DTYPES = {"string": "str", "integer": "Int64", "number": "float64", "boolean": "boolean"}


def _to_frame(resource: Resource, rows: list[dict[str, Any]]) -> pd.DataFrame:
    frame = pd.DataFrame.from_records(rows, columns=["_line", *resource.field_names])
    frame = frame.drop(columns="_line")
    for field in resource.fields:
        column = frame[field.name]
        if field.type == "date":
            frame[field.name] = pd.to_datetime(column)
        elif field.type == "integer" and column.notna().all():
            frame[field.name] = column.astype("int64")
        else:
            frame[field.name] = column.astype(_DTYPES[field.type])
    frame.attrs["resource"] = resource.name
    frame.attrs["title"] = resource.title
    return frame


@cache
def _load_cached(name: str, folder: str, stamp: tuple[float, ...]) -> pd.DataFrame:
    return _load_uncached(name, Path(folder))


def _load_uncached(name: str, folder: Path) -> pd.DataFrame:
    known = resources(folder)
    if name not in known:
        raise DataError(
            PACKAGE_FILE,
            f"there is no table called '{name}'.",
            hint=f"The tables are: {', '.join(sorted(known))}.",
        )
    resource = known[name]
    rows = _read_rows(resource, folder)
    for field_name, other, other_field in resource.foreign_keys:
        targets = {row[other_field] for row in _read_rows(known[other], folder)}
        for row in rows:
            value = row[field_name]
            if value is not None and value not in targets:
                raise DataError(
                    resource.path,
                    f"'{value}' does not match any {other_field} in {known[other].path}.",
                    line=row["_line"],
                    column=field_name,
                )
    return _to_frame(resource, rows)


def load(name: str, folder: Path | str | None = None) -> pd.DataFrame:
    """Load one table by name, typed as the descriptor says and checked row by row.

    Raises :class:`DataError`, naming file, line and column, when a file does not match its
    description. Results are cached until a file changes, so a notebook may call this freely;
    each call returns a fresh copy, so a student's edits never leak into another cell's data.
    """
    base = Path(folder) if folder is not None else data_dir()
    known = resources(base)
    paths = [base / PACKAGE_FILE] + [base / r.path for r in known.values()]
    stamp = tuple(p.stat().st_mtime_ns if p.exists() else -1.0 for p in paths)
    frame = _load_cached(str(name), str(base), stamp)
    copy = frame.copy()
    copy.attrs = dict(frame.attrs)
    return copy


def field_info(name: str, folder: Path | None = None) -> pd.DataFrame:
    """The columns of a table with their types, units and meanings, for a student to read."""
    resource = resources(folder).get(name)
    if resource is None:
        raise DataError(PACKAGE_FILE, f"there is no table called '{name}'.")
    return pd.DataFrame(
        [
            {"column": f.name, "type": f.type, "unit": f.unit or "", "meaning": f.description}
            for f in resource.fields
        ]
    )


def sources_used(frames: Iterable[pd.DataFrame], folder: Path | None = None) -> pd.DataFrame:
    """The rows of the ``sources`` table cited by the given tables, oldest first."""
    ids: set[str] = set()
    for frame in frames:
        if "source_id" in frame.columns:
            ids.update(frame["source_id"].dropna().astype(str))
    sources = load("sources", folder)
    used = sources[sources["id"].isin(ids)]
    return used.sort_values(["date", "publisher"]).reset_index(drop=True)
