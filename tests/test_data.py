"""The data package is complete and sourced, and a damaged file gets a clear, precise error."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from geopolitics import data
from geopolitics.data import DataError

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
DESCRIPTOR = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
RESOURCES = data.resources(DATA)
TABLES = sorted(RESOURCES)
SOURCED = [name for name in TABLES if name != "sources"]


@pytest.mark.parametrize("name", TABLES)
def test_every_table_loads_with_declared_types(name: str) -> None:
    frame = data.load(name)
    assert list(frame.columns) == RESOURCES[name].field_names
    assert len(frame) > 0
    for field in RESOURCES[name].fields:
        column = frame[field.name]
        if field.type == "date":
            assert pd.api.types.is_datetime64_any_dtype(column), field.name
        if field.type == "number":
            assert pd.api.types.is_float_dtype(column), field.name


def test_every_csv_is_described_and_every_description_has_a_csv() -> None:
    on_disk = {p.name for p in DATA.glob("*.csv")}
    described = {r["path"] for r in DESCRIPTOR["resources"]}
    assert on_disk == described


@pytest.mark.parametrize("name", TABLES)
def test_descriptor_documents_every_field(name: str) -> None:
    raw = next(r for r in DESCRIPTOR["resources"] if r["name"] == name)
    assert raw.get("title") and raw.get("description"), name
    for field in raw["schema"]["fields"]:
        assert field.get("description"), f"{name}.{field['name']} has no description"
    assert DESCRIPTOR.get("licenses"), "the package names no licence"


@pytest.mark.parametrize("name", SOURCED)
def test_every_row_cites_a_source_with_a_confidence(name: str) -> None:
    frame = data.load(name)
    assert "source_id" in frame.columns, f"{name} does not say where its figures came from"
    assert frame["source_id"].notna().all()
    foreign = {fk[0] for fk in RESOURCES[name].foreign_keys}
    assert "source_id" in foreign, f"{name}.source_id is not declared as a foreign key"
    if "confidence" in frame.columns:
        assert set(frame["confidence"]) <= {"high", "medium"}, (
            f"{name} ships a low-confidence row")


def test_sources_are_complete_and_all_used() -> None:
    sources = data.load("sources")
    for column in ("id", "publisher", "title", "date", "url", "confidence"):
        assert sources[column].notna().all(), column
    assert sources["url"].str.match(r"https?://").all()
    used = set()
    for name in SOURCED:
        used |= set(data.load(name)["source_id"])
    assert set(sources["id"]) == used, "unused or missing sources"


def test_company_claims_are_not_labelled_measurements() -> None:
    metrics = data.load("app_metrics")
    claim = metrics[metrics["value"] == 170_000_000]
    assert not claim.empty and (claim["basis"] == "company_claim").all()


def test_load_returns_a_copy_a_student_can_change_safely() -> None:
    first = data.load("events")
    first.loc[:, "event"] = "changed"
    assert (data.load("events")["event"] != "changed").all()


def test_unknown_table_names_the_tables_that_exist() -> None:
    with pytest.raises(DataError, match="app_metrics"):
        data.load("app_metric")


# --- corrupted copies ----------------------------------------------------------------------

@pytest.fixture
def scratch(tmp_path: Path) -> Path:
    """A copy of data/ to damage; the real files are never touched."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


def _rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def _write(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)


def _first_column_of_type(name: str, kinds: set[str]) -> int | None:
    for i, field in enumerate(RESOURCES[name].fields):
        if field.type in kinds:
            return i
    return None


@pytest.mark.parametrize("name", TABLES)
def test_dropped_column_is_named(scratch: Path, name: str) -> None:
    path = scratch / RESOURCES[name].path
    rows = _rows(path)
    dropped = rows[0][-1]
    _write(path, [r[:-1] for r in rows])
    with pytest.raises(DataError) as caught:
        data.load(name, scratch)
    assert caught.value.file == RESOURCES[name].path and caught.value.column == dropped
    assert caught.value.line == 1


@pytest.mark.parametrize("name", TABLES)
def test_text_in_a_typed_column_names_line_and_column(scratch: Path, name: str) -> None:
    column = _first_column_of_type(name, {"number", "date", "integer"})
    if column is None:
        pytest.skip(f"{name} has only text columns")
    path = scratch / RESOURCES[name].path
    rows = _rows(path)
    rows[3][column] = "about a lot"
    _write(path, rows)
    with pytest.raises(DataError) as caught:
        data.load(name, scratch)
    err = caught.value
    assert (err.line, err.column) == (4, rows[0][column])
    assert "about a lot" in str(err) and "line 4" in str(err)


@pytest.mark.parametrize("name", TABLES)
def test_empty_file(scratch: Path, name: str) -> None:
    (scratch / RESOURCES[name].path).write_text("")
    with pytest.raises(DataError, match="empty"):
        data.load(name, scratch)


@pytest.mark.parametrize("name", TABLES)
def test_wrong_encoding_names_the_line(scratch: Path, name: str) -> None:
    path = scratch / RESOURCES[name].path
    text = path.read_text(encoding="utf-8").split("\n")
    text[2] = text[2] + " café"
    path.write_bytes("\n".join(text).encode("latin-1", errors="replace"))
    with pytest.raises(DataError) as caught:
        data.load(name, scratch)
    assert "UTF-8" in str(caught.value) and caught.value.line is not None
    assert caught.value.line <= 3


@pytest.mark.parametrize("name", TABLES)
def test_duplicate_row_names_the_key(scratch: Path, name: str) -> None:
    path = scratch / RESOURCES[name].path
    rows = _rows(path)
    _write(path, [*rows, rows[1]])
    with pytest.raises(DataError) as caught:
        data.load(name, scratch)
    assert caught.value.line == len(rows) + 1
    assert caught.value.column == RESOURCES[name].primary_key[0]
    assert "twice" in str(caught.value)


@pytest.mark.parametrize("name", SOURCED)
def test_unknown_source_id(scratch: Path, name: str) -> None:
    path = scratch / RESOURCES[name].path
    rows = _rows(path)
    rows[1][rows[0].index("source_id")] = "made-up-source"
    _write(path, rows)
    with pytest.raises(DataError, match="made-up-source") as caught:
        data.load(name, scratch)
    assert (caught.value.line, caught.value.column) == (2, "source_id")


def test_broken_descriptor(scratch: Path) -> None:
    (scratch / "datapackage.json").write_text("{ not json")
    with pytest.raises(DataError, match=r"datapackage\.json"):
        data.load("events", scratch)


def test_sources_section_lists_each_cited_source_with_its_confidence() -> None:
    from geopolitics import cite, sources_section

    events, metrics = data.load("events"), data.load("app_metrics")
    listing = sources_section(events, metrics)
    lines = listing.lines()
    assert len(lines) == len(set(events["source_id"]) | set(metrics["source_id"]))
    assert all("confidence" in line and "http" in line for line in lines)
    assert "<script>" not in listing._repr_html_()
    assert cite("reuters-2025-01-16-similarweb").startswith("Reuters, ")
    with pytest.raises(DataError, match="no source"):
        cite("no-such-source")


def test_field_info_explains_every_column() -> None:
    info = data.field_info("app_metrics")
    assert list(info["column"]) == RESOURCES["app_metrics"].field_names
    assert info["meaning"].str.len().min() > 0
