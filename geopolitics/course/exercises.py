"""Write exercise notebooks from solution notebooks, so answers are written only once.

In ``solutions/NN_name.ipynb`` a worked answer sits between ``### BEGIN SOLUTION`` and
``### END SOLUTION`` (nbgrader's convention). In the exercise the block becomes:

* the scaffold that follows it, if the cell has one between ``### BEGIN SCAFFOLD`` and
  ``### END SCAFFOLD`` (its lines are commented out in the solution and uncommented here):
  a skeleton with ``...`` blanks, for a skill the student meets for the first time;
* otherwise ``# YOUR CODE HERE`` and ``name = ...`` for every name the solution assigns, so
  the exercise runs top to bottom and each check says "not answered yet".

In markdown cells a solution block becomes an invitation to write. Outputs are dropped, and
``# NBVAL_CHECK_OUTPUT`` markers too (an unanswered sheet's score is not pinned).

Run ``python -m geopolitics.course.exercises`` (``make exercises``) to write every exercise;
``--check`` reports drift without writing; ``--fresh NN`` gives a student a new copy of one
exercise and keeps their old file beside it. A file a student has edited is never
overwritten: it is moved aside first, with a time stamp in its name.
"""

from __future__ import annotations

import argparse
import ast
import copy
import hashlib
import json
import sys
import textwrap
from datetime import datetime
from pathlib import Path

import nbformat

from geopolitics import catalogue
from geopolitics.course.notebook_files import notebook_text, report_drift
from geopolitics.errors import KitError
from geopolitics.paths import ROOT

BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
BEGIN_SCAFFOLD, END_SCAFFOLD = "### BEGIN SCAFFOLD", "### END SCAFFOLD"
CHECK_OUTPUT = "# NBVAL_CHECK_OUTPUT"
WRITE_HERE = "_Write your answer here, then compare it with the discussion in class._"
META_KEY = "geopolitics"


class ExerciseError(KitError, ValueError):
    """A solution notebook breaks the marker conventions (says which cell and why)."""


def _assigned_names(code: str) -> list[str]:
    """Names bound at the top level of a code block, in order (for ``name = ...`` lines)."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return []
    names: list[str] = []
    for node in tree.body:
        targets: list[ast.expr] = []
        if isinstance(node, ast.Assign):
            targets = list(node.targets)
        elif isinstance(node, ast.AnnAssign | ast.AugAssign):
            targets = [node.target]
        for target in targets:
            for sub in ast.walk(target):
                if isinstance(sub, ast.Name) and sub.id not in names:
                    names.append(sub.id)
    return names


def _uncomment(line: str) -> str:
    stripped = line.lstrip()
    indent = line[: len(line) - len(stripped)]
    if stripped.startswith("# "):
        return indent + stripped[2:]
    if stripped.startswith("#"):
        return indent + stripped[1:]
    return line


def _code_exercise(source: str, where: str) -> str:
    lines = source.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.strip() != BEGIN:
            if line.strip() == CHECK_OUTPUT:
                i += 1
                continue
            if line.strip() in (END, BEGIN_SCAFFOLD, END_SCAFFOLD):
                raise ExerciseError(f"{where}: '{line.strip()}' without its opening marker.")
            out.append(line)
            i += 1
            continue
        indent = line[: len(line) - len(line.lstrip())]
        try:
            end = next(j for j in range(i + 1, len(lines)) if lines[j].strip() == END)
        except StopIteration:
            raise ExerciseError(f"{where}: '{BEGIN}' has no '{END}'.") from None
        solution = "\n".join(lines[i + 1 : end])
        i = end + 1
        if i < len(lines) and lines[i].strip() == BEGIN_SCAFFOLD:
            try:
                stop = next(
                    j for j in range(i + 1, len(lines)) if lines[j].strip() == END_SCAFFOLD
                )
            except StopIteration:
                raise ExerciseError(
                    f"{where}: '{BEGIN_SCAFFOLD}' has no '{END_SCAFFOLD}'."
                ) from None
            out.extend(_uncomment(x) for x in lines[i + 1 : stop])
            i = stop + 1
            continue
        names = _assigned_names(textwrap.dedent(solution))
        out.append(f"{indent}# YOUR CODE HERE")
        out.extend(f"{indent}{name} = ..." for name in names)
        if not names:
            out.append(f"{indent}...")
    return "\n".join(out)


def _markdown_exercise(source: str, where: str) -> str:
    if BEGIN not in source:
        return source
    head, _, rest = source.partition(BEGIN)
    _, found, tail = rest.partition(END)
    if not found:
        raise ExerciseError(f"{where}: '{BEGIN}' has no '{END}'.")
    return _markdown_exercise(f"{head}{WRITE_HERE}{tail}", where)


def exercise_from_solution(solution: nbformat.NotebookNode, name: str) -> nbformat.NotebookNode:
    """The exercise notebook for one solution notebook (a new object; the input is unchanged)."""
    exercise = copy.deepcopy(solution)
    for index, cell in enumerate(exercise.cells):
        where = f"solutions/{name}, cell {index + 1}"
        if cell.cell_type == "code":
            cell.source = _code_exercise(cell.source, where)
            cell.outputs = []
            cell.execution_count = None
        elif cell.cell_type == "markdown":
            cell.source = _markdown_exercise(cell.source, where)
        cell["id"] = f"cell-{index:03d}"
        cell.metadata.pop("execution", None)
    exercise.metadata[META_KEY] = {
        "generated_from": f"solutions/{name}",
        "note": "Written by `make exercises`; edit the solution notebook instead.",
    }
    nbformat.validator.normalize(exercise)
    return exercise


def _fingerprint(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def expected_exercises(root: Path = ROOT) -> dict[Path, str]:
    """What ``exercises/`` should hold: file path -> notebook text."""
    found = {}
    for lesson in catalogue.lessons(root):
        if lesson.solution.is_file():
            solution = nbformat.read(lesson.solution, as_version=4)
            found[lesson.exercise] = notebook_text(exercise_from_solution(solution, lesson.name))
    return found


def _manifest_path(root: Path) -> Path:
    return root / "exercises" / ".generated.json"


def _manifest(root: Path) -> dict[str, str]:
    try:
        return json.loads(_manifest_path(root).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _set_aside(path: Path) -> Path:
    """Move a student's file out of the way, keeping it beside the fresh copy."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    kept = path.with_name(f"{path.stem}.mine-{stamp}{path.suffix}")
    n = 1
    while kept.exists():
        kept = path.with_name(f"{path.stem}.mine-{stamp}-{n}{path.suffix}")
        n += 1
    path.rename(kept)
    return kept


def write_exercises(
    root: Path = ROOT, only: str | None = None, force_fresh: bool = False
) -> list[str]:
    """Write exercise notebooks; a file that differs from what was last written is kept aside.

    Returns a line per file written or kept, for the command line to print.
    """
    manifest = _manifest(root)
    wanted = catalogue.lesson(only, root).exercise if only is not None else None
    said = []
    for path, text in expected_exercises(root).items():
        if wanted is not None and path != wanted:
            continue
        rel = path.relative_to(root).as_posix()
        if path.exists():
            current = path.read_text(encoding="utf-8")
            edited = _fingerprint(current) != manifest.get(path.name)
            if current == text and not force_fresh:
                manifest[path.name] = _fingerprint(text)
                continue
            if edited or force_fresh:
                kept = _set_aside(path)
                said.append(f"kept your work as {kept.relative_to(root).as_posix()}")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        manifest[path.name] = _fingerprint(text)
        said.append(f"wrote {rel}")
    _manifest_path(root).write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n",
                                    encoding="utf-8")
    return said


def drift(root: Path = ROOT) -> list[str]:
    """Exercise files that differ from what ``make exercises`` would write (empty: in step)."""
    problems = []
    expected = expected_exercises(root)
    for path, text in expected.items():
        rel = path.relative_to(root).as_posix()
        if not path.exists():
            problems.append(f"{rel} is missing")
        elif path.read_text(encoding="utf-8") != text:
            problems.append(f"{rel} differs from its solution notebook")
    for lesson in catalogue.lessons(root):
        if lesson.exercise.exists() and lesson.exercise not in expected:
            problems.append(f"{lesson.exercise.relative_to(root).as_posix()} has no solution "
                            "notebook")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="report drift; write nothing")
    parser.add_argument("--fresh", metavar="NN", help="a new copy of one exercise (old kept)")
    args = parser.parse_args(argv)
    try:
        if args.check:
            return report_drift(drift(), "make exercises")
        for line in write_exercises(only=args.fresh, force_fresh=bool(args.fresh)):
            print(line)
    except (ExerciseError, catalogue.CatalogueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
