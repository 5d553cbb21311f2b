"""The kit's own errors, and how a notebook shows them.

A student who meets a broken data file or a nonsense widget value should read one clear
sentence about what to do, not forty lines of traceback. Every error the kit raises on
purpose is a :class:`KitError`; inside IPython, :func:`show_kit_errors_plainly` makes such
errors print as a short message box.

The commonest mistakes in a student's own code get the same care (:func:`explain`): a name
used before the cell that defines it has run (or after a restart), a column or label that
is not in the table, and ``.item()`` or ``.iloc[0]`` on a selection that kept no rows. They
show as an error of two or three lines, which still stops *Run All* and still fails nbval,
with the full traceback one click away. Every other error keeps its full traceback.
"""

from __future__ import annotations

import difflib
import html
import re
import traceback
from types import TracebackType
from typing import Any


class KitError(Exception):
    """An error the kit raises on purpose, with a message a student can act on."""


class KitErrorView:
    """How a notebook shows a :class:`KitError`: one boxed sentence, and plain text for logs."""

    def __init__(self, exc: BaseException) -> None:
        self.kind = type(exc).__name__
        self.text = str(exc)

    def __repr__(self) -> str:
        return f"{self.kind}: {self.text}"

    def _repr_html_(self) -> str:
        # The warning sign and the word carry the meaning; the colour only repeats it.
        return (
            '<div role="alert" style="border-left:4px solid #D55E00;padding:0.4em 0.8em;'
            f'background:#FFF4EC"><strong>⚠ {html.escape(self.kind)}</strong>: '
            f"{html.escape(self.text)}</div>"
        )


def show_kit_errors_plainly() -> bool:
    """Inside IPython, show :class:`KitError` as a short message instead of a traceback.

    Returns True when a handler was installed. The cell still counts as failed (so "Run
    all" stops and nbval reports it); only the display changes.
    """
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython ships with the kit
        return False
    shell = get_ipython()
    if shell is None:
        return False

    def handler(shell: Any, etype: type, value: BaseException, tb: Any, tb_offset: Any = None):
        from IPython.display import display

        if isinstance(value, KitError):
            display(KitErrorView(value))
            return None
        try:
            lines = explain(value, tb, shell.user_ns)
        except Exception:  # an explanation must never hide the error itself
            lines = None
        if lines is None:
            shell.showtraceback((etype, value, tb), tb_offset=tb_offset)
            return None
        shell._showtraceback(etype, value, lines)  # an error output: Run All stops here
        display(FullTraceback(value, tb))
        return None

    shell.set_custom_exc((KitError, NameError, KeyError, ValueError, IndexError, TypeError,
                          AttributeError, ZeroDivisionError), handler)
    _show_syntax_errors_plainly(shell)
    return True


def _show_syntax_errors_plainly(shell: Any) -> None:
    """A cell that is not valid Python never reaches the handler above: IPython shows it with
    its own display, four or five lines with the cell's file name. Replace that display for
    the cell itself (a syntax error raised while running code, by ``eval`` say, keeps the
    full traceback); the cell still fails, so Run All stops and nbval reports it."""
    if getattr(shell.showsyntaxerror, "kit_plain", False):
        return  # set up already (the kernel's start, then the notebook's import)
    original = shell.showsyntaxerror

    def showsyntaxerror(filename: str | None = None, running_compiled_code: bool = False) -> None:
        from IPython.display import display

        etype, value, _ = shell._get_exc_info()
        if not running_compiled_code and isinstance(value, SyntaxError):
            try:
                lines = not_valid_python(value)
            except Exception:  # an explanation must never hide the error itself
                lines = None
            if lines:
                shell._showtraceback(etype, value, lines)
                display(FullTraceback(value, None))
                return
        original(filename, running_compiled_code)

    showsyntaxerror.kit_plain = True  # type: ignore[attr-defined]
    shell.showsyntaxerror = showsyntaxerror


def not_valid_python(value: SyntaxError) -> list[str]:
    """Three lines for a cell Python cannot read: where, Python's own words, and what to
    look for. Nothing in the cell has run, which a student needs to know too."""
    where = f"line {value.lineno} of this cell" if value.lineno else "this cell"
    head = f"{type(value).__name__}: {where} is not valid Python ({value.msg})."
    code = (value.text or "").strip()
    if isinstance(value, IndentationError):
        advice = ("Lines of one block start in the same column, and the lines after one "
                  "that ends in `:` are indented four spaces more.")
    else:
        advice = ("Look there, and at the line above, for a bracket or quote that is not "
                  "closed, a missing comma or colon, or `=` where `==` was meant.")
    return [head, f"    {code}" if code else "The cell is empty there.",
            f"{advice} Nothing in this cell has run."]


# --- the student's own code ------------------------------------------------------------------

#: Names a sheet or lecture imports in its first code cell.
FIRST_CELL_NAMES = {"check", "report", "questions", "load", "cite", "alt", "pd", "np",
                    "geopolitics", "charts", "explorers"}
RUN_ABOVE = ("Run the cells above this one in order (Run > Run All Above Selected Cell), then "
             "this one again.")


def explain(value: BaseException, tb: TracebackType | None,
            names: dict[str, Any] | None = None) -> list[str] | None:
    """Two or three lines that say what went wrong in a student's own code, or None when
    the error is not one of the common mistakes (it then keeps its full traceback)."""
    if isinstance(value, NameError):
        return _name_error(value, names or {})
    if isinstance(value, (TypeError, KeyError)) and "ellipsis" in str(value).lower():
        return ["TypeError: a `...` placeholder is still in the code this cell runs.",
                "Replace each `...` it uses (here or in a cell above) with your own code, "
                "then run it again."]
    if isinstance(value, TypeError):
        return _type_error(value, tb)
    if isinstance(value, ZeroDivisionError):
        return [f"ZeroDivisionError: {value}: the number you divided by is 0.",
                "Print it to see where the 0 comes from: a count of no rows is 0, so check "
                "the selection it was made from."]
    if isinstance(value, AttributeError):
        return _missing_attribute(value)
    if isinstance(value, KeyError):
        return _missing_label(value, tb) or _missing_key(value, tb, names or {})
    if isinstance(value, ValueError) and "truth value of a" in str(value):
        return ["ValueError: `and`, `or`, `not` and `if` need one True or False, but a "
                "comparison of a column gives one for every row (and `a == x & b == y` "
                "without brackets is read as `a == (x & b) == y`, a hidden `and`).",
                "Join conditions on columns with `&` (and) or `|` (or), each in brackets: "
                '`df[(df["app"] == "TikTok") & (df["year"] == 2025)]`.']
    if isinstance(value, ValueError) and "duplicate entries" in str(value):
        return ["ValueError: `pivot` found two rows for the same cell of the new table (the "
                "same row label and the same column).",
                "Your filter kept more than one row for some group and year, such as two "
                "surveys in one year: narrow the filter (look at the rows it kept), or pivot "
                "on columns that tell the rows apart (for two surveys, their fieldwork)."]
    if isinstance(value, (ValueError, IndexError)):
        return _empty_selection(value, tb)
    return None


def _a(noun: str) -> str:
    return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}"


def _type_error(value: TypeError, tb: TracebackType | None) -> list[str] | None:
    text = str(value)
    if "unexpected keyword argument" in text or ("missing" in text and "required" in text):
        return [f"TypeError: {text}.",
                "A function's arguments are spelt exactly: `help(name_of_the_function)` "
                "lists them, with what each one means."]
    if "ufunc" in text and ("not supported for the input types" in text
                            or "did not contain a loop with signature" in text):
        return ["TypeError: a column of numbers was combined with a text.",
                "Write a number without quotes (`100`, not `\"100\"`); to join words to "
                "numbers, make the numbers text first: `df[\"year\"].astype(str) + \" edition\"`."]
    if text.startswith("can only concatenate str"):
        return [f"TypeError: {text}: a column of text was combined with a number.",
                "Check that it is the column you meant (a name, not a count); to join text "
                "and numbers, make the numbers text first with `.astype(str)`."]
    if re.search(r"unsupported operand type\(s\) for [&|]", text) or (
            "rand_" in text or "ror_" in text):
        return ["TypeError: Python works out `&` and `|` before `==`, so without brackets a "
                "condition is split in the wrong place.",
                "Put each condition in brackets: "
                '`df[(df["app"] == "TikTok") & (df["year"] == 2025)]`.']
    called = re.match(r"'([\w.]+)' object is not callable", text)
    if called and called.group(1).rsplit(".", 1)[-1] in (
            "int", "float", "str", "bool", "list", "tuple", "dict", "Series", "DataFrame",
            "Timestamp", "date", "float64", "int64", "bool_"):
        return [f"TypeError: {text}: a value was called like a function.",
                "Leave out the `()` after a name that holds a value (a number, a text, a "
                "table); only functions and methods take `()`."]
    positional = re.match(r"([\w.]+)\(\) takes \d+ positional arguments? but \d+ were given",
                          text)
    if positional:
        return [f"TypeError: {text}.",
                f"Give `{positional.group(1).rsplit('.', 1)[-1]}` its arguments by name, as "
                "the lecture does (for example `index=...`); `help(...)` lists the names."]
    if "doesn't define __round__" in text:
        return ["TypeError: `round` needs a number, and this is a text (in quotes).",
                "Round the number itself: leave out the quotes and any % sign."]
    mixed = re.search(r"unsupported operand type\(s\) for [-+*/]: '(\w+)' and '(\w+)'", text)
    if mixed and "str" in mixed.groups() and mixed.group(1) != mixed.group(2):
        other = mixed.group(2) if mixed.group(1) == "str" else mixed.group(1)
        return [f"TypeError: {text}: a text (in quotes) was combined with {_a(other)}, and "
                "Python does not do arithmetic with text.",
                "For a date, make it one first (`pd.Timestamp(\"2025-01-19\")`); for a number, "
                "write it without quotes."]
    if re.search(r"unsupported operand type\(s\) for [-+*/]: 'str' and 'str'", text):
        return [f"TypeError: {text}: these are two texts, and Python does not do arithmetic "
                "with text.",
                "For dates, turn each into a date first (`pd.Timestamp(\"2025-01-19\")`); for "
                "numbers, write them without quotes."]
    return None


def _missing_attribute(value: AttributeError) -> list[str] | None:
    """A misspelt attribute of a table or of one of the kit's objects: the close ones."""
    import types

    import pandas as pd

    owner, name = getattr(value, "obj", None), getattr(value, "name", None)
    if owner is None or not isinstance(name, str):
        return None
    if name == "days" and not isinstance(owner, (pd.Series, pd.DataFrame)):
        return [f"AttributeError: `.days` belongs to a time span, and this is "
                f"{_a(type(owner).__name__)}.",
                "Subtract the two dates first, in brackets, then take `.days`: "
                "`(later - earlier).days`."]
    if isinstance(owner, pd.DataFrame):
        columns = [str(c) for c in owner.columns]
        close = difflib.get_close_matches(name, columns, n=1, cutoff=0.6) or [
            c for c in columns if c.lower() == name.lower()]
        if close:
            return [f"AttributeError: a table has no attribute `{name}`.",
                    f'Did you mean the column `["{close[0]}"]`? Columns are spelt exactly, '
                    "capitals included, and square brackets always work."]
        return [f"AttributeError: a table has no attribute or column `{name}`.",
                f"Its columns are: {_listed(columns)}."]
    if isinstance(owner, types.ModuleType):
        if not owner.__name__.startswith("geopolitics"):
            return None
        kind = f"the module `{owner.__name__}`"
    elif type(owner).__module__.startswith("geopolitics"):
        kind = _a(type(owner).__name__)
    else:
        return None
    public = [a for a in dir(owner) if not a.startswith("_")]
    close = difflib.get_close_matches(name, public, n=2, cutoff=0.5)
    lines = [f"AttributeError: {kind} has no attribute `{name}`."]
    if close:
        lines.append(f"Did you mean {' or '.join(f'`{c}`' for c in close)}?")
    lines.append(f"Its attributes are: {_listed(public, 10)}.")
    return lines


def _name_error(value: NameError, names: dict[str, Any]) -> list[str] | None:
    if type(value).__name__ == "UndefinedVariableError":  # raised by DataFrame.query
        return [f"NameError in `query`: {value}: a bare word in a query is read as a column "
                "or a variable.",
                "Put a text value in quotes inside the query's own quotes: "
                "`df.query(\"measure == 'supports_ban'\")`."]
    name = getattr(value, "name", None)
    if not isinstance(name, str):
        return None
    head = f"NameError: `{name}` is not defined in this session."
    if name in FIRST_CELL_NAMES:
        return [head, "It comes from the first code cell (the imports), which has not run "
                      "since the kernel started: run that cell, then this one again."]
    visible = [n for n in names if not n.startswith("_")]
    close = difflib.get_close_matches(name, visible, n=1, cutoff=0.75)
    if close:
        return [head, f"Did you mean `{close[0]}`, which is defined? Names are spelt exactly, "
                      "capitals included."]
    if len(name) == 1 and name.islower():
        return [head, f"If you meant the letter itself (a choice answer), put it in quotes: "
                      f'`"{name}"`. Otherwise, the cell that makes it has not run yet.',
                RUN_ABOVE]
    return [head, "The cell that makes it has not run since the kernel started, or stopped "
                  "with an error before making it (or it is spelt differently there).",
            RUN_ABOVE]


def _pandas_objects(tb: TracebackType | None) -> list[Any]:
    """The pandas tables and series the failing call worked on, outermost first."""
    try:
        import pandas as pd
    except ImportError:  # pragma: no cover - pandas ships with the kit
        return []
    found = []
    while tb is not None:
        candidate = tb.tb_frame.f_locals.get("self")
        candidate = getattr(candidate, "obj", candidate)  # .loc and .iloc work on .obj
        if isinstance(candidate, (pd.DataFrame, pd.Series)):
            found.append(candidate)
        tb = tb.tb_next
    return found


def _listed(labels: list[str], limit: int = 12) -> str:
    shown = ", ".join(labels[:limit])
    return shown + (f" and {len(labels) - limit} more" if len(labels) > limit else "")


def _by_loc(tb: TracebackType | None) -> bool:
    """Whether the failing lookup went through ``.loc`` (row labels first), not ``[]``."""
    while tb is not None:
        if type(tb.tb_frame.f_locals.get("self")).__name__ == "_LocIndexer":
            return True
        tb = tb.tb_next
    return False


def _missing_label(value: KeyError, tb: TracebackType | None) -> list[str] | None:
    import pandas as pd

    key = value.args[0] if value.args else None
    if isinstance(key, str) and ("are not columns" in key or "not in index" in key):
        named = re.search(r"\['([^']+)'", key)  # pandas' own wording: take the one label
        key = named.group(1) if named else key
    tables = _pandas_objects(tb)
    if not tables or not isinstance(key, (str, int, float)):
        return None
    table = tables[0]
    rows = isinstance(table, pd.Series) or (_by_loc(tb) and key not in table.columns)
    found = list(table.index) if rows else list(table.columns)
    labels = [str(label) for label in found]
    what = ("row labelled" if isinstance(table, pd.DataFrame) else "label") if rows else "column"
    lines = [f"KeyError: there is no {what} {key!r} in this "
             f"{'series' if isinstance(table, pd.Series) else 'table'}."]
    if not found:
        return [*lines, "It is empty: the filter before it kept no rows. " + EMPTY_SELECTION]
    same_kind = [label for label in found if isinstance(label, type(key))] or found
    close = difflib.get_close_matches(str(key), [str(x) for x in same_kind], n=3, cutoff=0.6)
    lower = [label for label in labels if label.lower() == str(key).lower()]
    shown = {str(x): x for x in found}
    if isinstance(key, int) and all(isinstance(x, int) and 1900 <= x <= 2100 for x in found):
        lines.append(f"Its labels are years: {_listed(labels)}. There is no row for "
                     f"{key}: check the filter and the data (not every year has every row).")
        return lines
    if isinstance(key, int) and all(isinstance(x, int) for x in found):
        lines.append(f"Its labels are the row numbers kept from before a filter ("
                     f"{_listed(labels, 4)}), not positions: `.iloc[0]` takes the first value, "
                     "`.item()` the only one.")
        return lines
    if lower or close:
        lines.append(f"Did you mean {' or '.join(repr(shown.get(c, c)) for c in (lower or close))}"
                     "? Labels are written exactly, capitals and quotes included.")
    if what == "column":
        lines.append(f"Its columns are: {_listed(labels)}.")
    elif not close:
        lines.append(f"It has {len(labels)} labels, such as {_listed(labels, 4)}.")
    return lines


def _missing_key(value: KeyError, tb: TracebackType | None,
                 names: dict[str, Any]) -> list[str] | None:
    """A key missing from a dictionary that the failing line of the student's cell names."""
    import linecache
    from collections.abc import Mapping

    key = value.args[0] if value.args else None
    line = ""
    while tb is not None:  # the last frame that runs the student's own cell
        if tb.tb_frame.f_globals is names:
            line = linecache.getline(tb.tb_frame.f_code.co_filename, tb.tb_lineno)
        tb = tb.tb_next
    for name in re.findall(r"\b([A-Za-z_]\w*)\s*\[", line):
        found = names.get(name)
        if not isinstance(found, Mapping) or key in found:
            continue
        keys = [str(k) for k in found]
        close = difflib.get_close_matches(str(key), keys, n=2, cutoff=0.5)
        said = [f"KeyError: `{name}` has no key {key!r}."]
        if close:
            said.append(f"Did you mean {' or '.join(repr(c) for c in close)}? Keys are written "
                        "exactly, capitals included.")
        said.append(f"Its keys are: {_listed(keys)}." if keys else f"`{name}` is empty.")
        return said
    return None


#: What to do when a filter kept nothing: shared by these explanations and the checks'
#: messages about an empty or missing answer (geopolitics.answers).
COMPARE_WITH_DATA = ("compare each value you wrote with the column's own values (`.unique()` "
                     "lists them), capitals included; for a column of dates, `.isin` needs "
                     "dates (`pd.to_datetime([...])`), not text")
EMPTY_SELECTION = f"If you filtered first, the filter kept nothing: {COMPARE_WITH_DATA}."


def _empty_selection(value: ValueError | IndexError, tb: TracebackType | None) -> list[str] | None:
    text = str(value)
    if isinstance(value, ValueError) and "can only convert an array of size 1" in text:
        series = _pandas_objects(tb)
        size = len(series[0]) if series else None
        held = f"holds {size} values" if size is not None else "does not hold exactly one value"
        lines = [f"ValueError: `.item()` needs exactly one value, but the selection {held}."]
        lines.append(EMPTY_SELECTION if size == 0 else
                     "Add a condition to your filter so that one row is left.")
        return lines
    if isinstance(value, IndexError) and "out-of-bounds" in text and _pandas_objects(tb):
        return ["IndexError: the selection has fewer rows than the position you asked for "
                "(`.iloc[0]` needs at least one).", EMPTY_SELECTION]
    return None


class FullTraceback:
    """The whole traceback, folded away under the short message (for asking for help)."""

    def __init__(self, value: BaseException, tb: TracebackType | None) -> None:
        while tb is not None and "IPython" in tb.tb_frame.f_code.co_filename:
            tb = tb.tb_next  # the shell's own frames: not the student's code
        self.text = "".join(traceback.format_exception(type(value), value, tb))

    def __repr__(self) -> str:
        return self.text

    def _repr_html_(self) -> str:
        return ("<details><summary>The full traceback (for asking for help)</summary>"
                f'<pre style="font-size:85%">{html.escape(self.text)}</pre></details>')
