"""What a student sees in a notebook when a data file is damaged: a sentence, not a traceback."""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

ROOT = Path(__file__).resolve().parent.parent


def _run(cells: list[str]) -> nbformat.NotebookNode:
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    client = NotebookClient(notebook, kernel_name="python3", timeout=120)
    with pytest.raises(CellExecutionError):
        client.execute()
    return notebook


def test_a_damaged_csv_shows_one_clear_message(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    damaged = tmp_path / "data"
    shutil.copytree(ROOT / "data", damaged)
    lines = (damaged / "app_metrics.csv").read_text(encoding="utf-8").split("\n")
    cells = lines[3].split(",")
    cells[4] = "lots"  # the value column
    lines[3] = ",".join(cells)
    (damaged / "app_metrics.csv").write_text("\n".join(lines), encoding="utf-8")
    monkeypatch.setenv("GEOPOLITICS_DATA", str(damaged))

    notebook = _run(["from geopolitics import load\nmetrics = load('app_metrics')",
                     "print('this cell must not run')"])
    outputs = notebook.cells[0].outputs
    shown = "".join(str(o.get("data", {}).get("text/plain", "")) + o.get("text", "")
                    for o in outputs)
    assert "app_metrics.csv, line 4, column 'value'" in shown and "'lots'" in shown
    assert all(o.output_type != "error" for o in outputs), "a traceback was shown"
    assert "Traceback" not in shown
    html = "".join(o.get("data", {}).get("text/html", "") for o in outputs)
    assert "DataError" in html and "role=\"alert\"" in html
    assert notebook.cells[1].outputs == [], "Run All should stop at the broken cell"


def test_other_errors_keep_their_traceback() -> None:
    notebook = _run(["import geopolitics\n1 / 0"])
    assert any(o.output_type == "error" and o.ename == "ZeroDivisionError"
               for o in notebook.cells[0].outputs)


# --- mistakes in the student's own code (issue 19) -------------------------------------------

def _caught(code: str, names: dict[str, object]) -> list[str] | None:
    from geopolitics.errors import explain

    try:
        exec(code, names)
    except Exception as exc:  # the point is to explain whatever was raised
        return explain(exc, exc.__traceback__, names)
    raise AssertionError(f"{code!r} raised nothing")


def _metrics() -> dict[str, object]:
    from geopolitics import load

    return {"metrics": load("app_metrics")}


def test_a_misspelt_dictionary_key_names_the_keys() -> None:
    """A student walk-through met IPython's six-line traceback for `new_posts["e"]` (a plain
    dictionary); the line the cell failed on names the dictionary, so its keys can be listed."""
    import linecache

    from geopolitics.errors import explain

    code = 'total = 1\nposts["exct"] + total'
    linecache.cache["<cell-7>"] = (len(code), None, code.splitlines(True), "<cell-7>")
    names: dict[str, object] = {"posts": {"exact": 1, "substring": 2}}
    with pytest.raises(KeyError) as caught:
        exec(compile(code, "<cell-7>", "exec"), names)
    assert explain(caught.value, caught.value.__traceback__, names) == [
        "KeyError: `posts` has no key 'exct'.",
        "Did you mean 'exact'? Keys are written exactly, capitals included.",
        "Its keys are: exact, substring."]
    assert _caught("{}['x']", {}) is None  # nothing named: the full traceback stays


def test_a_name_used_before_its_cell_ran_says_which_cell_to_run() -> None:
    said = _caught("xhs_dau", {})
    assert said is not None and len(said) <= 3
    assert "`xhs_dau` is not defined" in said[0] and "Run All Above" in said[-1]
    said = _caught("check('q00_company_claim', 'b')", {})
    assert said is not None and "first code cell (the imports)" in said[1]
    said = _caught("xhs_dua", {"xhs_dau": 1})
    assert said is not None and "Did you mean `xhs_dau`" in said[1]


def test_a_misspelt_column_names_the_close_match_and_lists_the_columns() -> None:
    said = _caught("metrics['App']", _metrics())
    assert said is not None and len(said) <= 3
    assert "no column 'App'" in said[0] and "Did you mean 'app'" in said[1]
    assert "Its columns are: " in said[2] and "metric" in said[2]
    said = _caught("metrics.set_index('id')['value']['xhs-us-dau-2025-01-31']", _metrics())
    assert said is not None and "no label" in said[0]


def test_an_empty_selection_says_the_filter_kept_nothing() -> None:
    said = _caught("metrics[metrics['app'] == 'RedNote']['value'].item()", _metrics())
    assert said is not None and "holds 0 values" in said[0] and "kept nothing" in said[1]
    said = _caught("metrics[metrics['app'] == 'RedNote']['value'].iloc[0]", _metrics())
    assert said is not None and "kept nothing" in said[1]
    said = _caught("metrics['value'].item()", _metrics())
    assert said is not None and "Add a condition" in said[1]


@pytest.mark.parametrize("code", ["{}['x']", "int('x')", "[][1]", "raise KeyError(('a', 1))"])
def test_other_mistakes_keep_their_full_traceback(code: str) -> None:
    assert _caught(code, _metrics()) is None


def test_in_a_notebook_the_short_message_stops_the_run_and_folds_the_traceback() -> None:
    notebook = _run(["from geopolitics import load\nmetrics = load('app_metrics')",
                     "metrics['App']", "print('this cell must not run')"])
    errors = [o for o in notebook.cells[1].outputs if o.output_type == "error"]
    assert len(errors) == 1 and errors[0].ename == "KeyError"
    assert len(errors[0].traceback) <= 3 and "Did you mean 'app'" in errors[0].traceback[1]
    folded = "".join(o.get("data", {}).get("text/html", "") for o in notebook.cells[1].outputs)
    assert "<details>" in folded and "Traceback (most recent call last)" in folded
    assert "interactiveshell" not in folded
    assert notebook.cells[2].outputs == [], "Run All should stop at the broken cell"


# --- before the sheet's first cell has run (issue 19) ----------------------------------------

def test_the_environment_sets_every_kernel_up_from_its_first_cell(tmp_path: Path) -> None:
    """`make venv` (and Binder's postBuild) write the kernel configuration, so a cell run
    before the imports, or after a restart, is explained in two lines too."""
    from geopolitics.course import kernel_start

    assert kernel_start.config_path().read_text(encoding="utf-8") == kernel_start.CONFIG, \
        "the environment's kernel configuration is missing or old: run `make venv`"
    notebook = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell('check("q00_company_claim", "b")'),
        nbformat.v4.new_code_cell("print(sorted(n for n in dir() if 'kit' in n), "
                                  "'geopolitics' in dir())"),
        nbformat.v4.new_code_cell('share = 0.5\nif share = 0.5:\n    print("half")'),
        nbformat.v4.new_code_cell('for x in [1, 2]:\nprint(x)'),
        nbformat.v4.new_code_cell('eval("1 +")')])
    NotebookClient(notebook, kernel_name="python3", timeout=120, allow_errors=True,
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    syntax, indent, runtime = (cell.outputs for cell in notebook.cells[2:])
    assert syntax[0].ename == "SyntaxError" and len(syntax[0].traceback) == 3, syntax
    assert syntax[0].traceback[0].startswith("SyntaxError: line 2 of this cell is not valid")
    assert syntax[0].traceback[1] == "    if share = 0.5:"
    assert "<details>" in syntax[1].data["text/html"], "the full error is one click away"
    assert indent[0].ename == "IndentationError" and "line 2" in indent[0].traceback[0]
    assert "indented four spaces more" in indent[0].traceback[2]
    assert runtime[0].ename == "SyntaxError" and "of this cell" not in runtime[0].traceback[0]
    error = notebook.cells[0].outputs[0]
    assert error.output_type == "error" and error.ename == "NameError"
    assert len(error.traceback) == 2 and "first code cell (the imports)" in error.traceback[1]
    assert notebook.cells[1].outputs[0].text.strip() == "[] False", "the set-up left names"
    assert notebook.cells[0].execution_count == 1, "the set-up took an execution count"


@pytest.mark.parametrize(("code", "first", "advice"), [
    ("x = = 1", "SyntaxError: line 1 of this cell is not valid Python (invalid syntax).",
     "or `=` where `==` was meant"),
    ('print("one)', "line 1 of this cell is not valid Python (unterminated string", "quote"),
    ("total = (1 +\n 2", "not valid Python ('(' was never closed)", "bracket"),
    ("if True:\nprint(1)", "IndentationError: line 2 of this cell", "same column"),
])
def test_a_cell_python_cannot_read_says_where_and_what_to_look_for(code: str, first: str,
                                                                   advice: str) -> None:
    from geopolitics.errors import not_valid_python

    with pytest.raises(SyntaxError) as caught:
        compile(code, "<cell>", "exec")
    lines = not_valid_python(caught.value)
    assert len(lines) == 3 and first in lines[0], lines
    assert advice in lines[2] and lines[2].endswith("Nothing in this cell has run.")


def test_the_kernel_configuration_never_replaces_someone_elses(tmp_path: Path) -> None:
    from geopolitics.course import kernel_start

    said = kernel_start.write(tmp_path)
    assert said.startswith("Wrote") and kernel_start.write(tmp_path).endswith("up to date.")
    theirs = kernel_start.config_path(tmp_path)
    theirs.write_text("c.IPKernelApp.exec_lines = ['import os']\n", encoding="utf-8")
    assert "left as it is" in kernel_start.write(tmp_path)
    assert theirs.read_text(encoding="utf-8") == "c.IPKernelApp.exec_lines = ['import os']\n"


# --- mistakes a second walk-through of the sheets met (issue 19) ---------------------------

@pytest.mark.parametrize(("code", "first", "advice"), [
    ('metrics["app"] == "TikTok" & metrics["metric"] == "us_dau"', "before `==`", "brackets"),
    ('metrics[(metrics["app"] == "TikTok") and (metrics["unit"] == "users")]', "`and`",
     "`&`"),
    ("metrics.App", "no attribute `App`", 'column `["app"]`'),
    ("metrics.Users", "no attribute or column `Users`", "Its columns are"),
    ('metrics[["date", "Value"]]', "no column 'Value'", "Did you mean 'value'"),
    ('metrics.set_index("id").loc["nope"]', "no row labelled 'nope'", "labels"),
    ('metrics["value"].max()()', "called like a function", "Leave out the `()`"),
    ('"2025-01-19" - "2024-05-07"', "two texts", "pd.Timestamp"),
    ('metrics["value"] / "100"', "combined with a text", "without quotes"),
    ("(5).days", "`.days` belongs to a time span", "(later - earlier).days"),
    ("c", "`c` is not defined", 'put it in quotes: `"c"`'),
    # the fifth walk-through (issue 19): a date minus a text, a rounded text, pivot's
    # arguments by position (pandas 3 takes them by name), a text added to a column, a
    # query's unquoted value, a division by zero
    ('metrics["date"].max() - "2024-05-07"', "combined with a Timestamp",
     "pd.Timestamp"),
    ('round("4.1%", 1)', "`round` needs a number", "leave out the quotes"),
    ('metrics.pivot("app", "date", "value")', "positional argument", "by name"),
    ('metrics["value"] + "%"', "combined with a text", "without quotes"),
    ('metrics.query("app == TikTok")', "in `query`", "in quotes"),
    ("3400000 / 0", "divided by is 0", "selection"),
    # the sixth: a text column plus a number (70 lines), a unit joined to numbers, and
    # conditions joined by & without brackets
    ('metrics["app"] + 1', "column of text was combined with a number", ".astype(str)"),
    ('metrics["value"] + " users"', "combined with a text", ".astype(str)"),
    ('metrics[(metrics["value"] > 0) == True & (metrics["value"] > 1) == True]',
     "hidden `and`", "brackets"),
])
def test_common_mistakes_get_a_short_explanation(code: str, first: str, advice: str) -> None:
    said = _caught(code, _metrics())
    assert said is not None and len(said) <= 3, said
    assert first in said[0] and advice in " ".join(said[1:]), said


def test_pivot_with_two_rows_for_one_cell_says_why() -> None:
    from geopolitics import load

    pew = load("pew_tiktok")
    said = _caught('pew[(pew["measure"] == "supports_ban") & (pew["breakdown"] == "all")]'
                   '.pivot(index="group", columns="year", values="percent")', {"pew": pew})
    assert said is not None and "two rows for the same cell" in said[0]
    assert "tell the rows apart" in said[1]


def test_a_lookup_by_year_or_by_row_number_says_what_the_labels_are() -> None:
    from geopolitics import load

    pew = load("pew_tiktok")
    names = {"use": pew[(pew["measure"] == "uses_tiktok") & (pew["breakdown"] == "all")]
             .set_index("year")["percent"], **_metrics()}
    said = _caught("use[2022]", names)
    assert said is not None and "labels are years" in said[1] and "2022" in said[1]
    said = _caught('metrics[metrics["app"] == "TikTok"]["date"][1]', names)
    assert said is not None and "`.iloc[0]`" in said[1]


def test_a_misspelt_attribute_of_the_kits_objects_names_the_close_ones() -> None:
    from geopolitics import law, load
    from geopolitics.models import censorship

    result = censorship.evaluate(censorship.Filter(["x"]), load("synthetic_posts"))
    said = _caught("result.catch_rate", {"result": result})
    assert said is not None and "an Evaluation" in said[0] and "`caught`" in said[1]
    said = _caught("law.OWNERSHIP_TRESHOLD", {"law": law})
    assert said is not None and "`OWNERSHIP_THRESHOLD`" in said[1]
    said = _caught('law.prohibition_date("2025-01-13", extension=90)', {"law": law})
    assert said is not None and "unexpected keyword argument" in said[0]


def test_jupyterlab_here_shows_no_news_pop_up_and_keeps_the_owners_settings(
        tmp_path: Path) -> None:
    """Issue 20: the news pop-up covered a projected lesson; an owner's settings stand."""
    import json

    from geopolitics.course import lab_settings

    mine = json.loads(lab_settings.overrides_path().read_text(encoding="utf-8"))
    assert mine[lab_settings.NOTIFICATIONS]["fetchNews"] == "false", \
        "this environment still shows the news pop-up: run `make venv`"

    said = lab_settings.write(tmp_path)
    written = json.loads(lab_settings.overrides_path(tmp_path).read_text())
    assert "Wrote" in said
    assert written[lab_settings.NOTIFICATIONS] == {"fetchNews": "false",
                                                   "checkForUpdates": False}
    assert "up to date" in lab_settings.write(tmp_path)
    path = lab_settings.overrides_path(tmp_path)
    path.write_text(json.dumps({lab_settings.NOTIFICATIONS: {"fetchNews": "true"},
                                "@jupyterlab/apputils-extension:themes": {"theme": "dark"}}))
    lab_settings.write(tmp_path)
    merged = json.loads(path.read_text())
    assert merged[lab_settings.NOTIFICATIONS] == {"fetchNews": "true", "checkForUpdates": False}
    assert merged["@jupyterlab/apputils-extension:themes"] == {"theme": "dark"}
    path.write_text("{not json")
    assert "left as it is" in lab_settings.write(tmp_path)
