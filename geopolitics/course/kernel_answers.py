"""The answers a notebook gave, pulled out of its kernel between cells, and judged here.

After each cell the grader asks the student's kernel for ``checks.submitted(lesson)``: the
last answer each question's ``check()`` was given, as plain data. The kernel runs the
student's code and may say anything, so its reply is read as untrusted data (size-capped,
JSON only, known question ids only) and each answer is judged in the grader's own process
by :func:`geopolitics.checks.verdict`. Nothing the kernel says about verdicts is read.
"""

from __future__ import annotations

import ast
import asyncio
import contextlib
import json
import os
import signal
from typing import Any

from geopolitics.checks import Result, Status, verdict
from geopolitics.course.runner import Session

__all__ = ["MAX_ANSWERS_TEXT", "Answers", "parse_answers"]

#: The most text a kernel's answers may take (a sheet's answers take a few kilobytes).
MAX_ANSWERS_TEXT = 2_000_000
#: The longest the grader spends judging one notebook's answers (they take milliseconds).
JUDGE_SECONDS = 30.0
SLOW = ("The grader stopped judging this notebook's answers after {seconds:.0f} s (an answer "
        "too large or too odd to check in time), so this question was not checked.")


def answers_expression(lesson: str) -> str:
    # Reads the checker's record without importing anything the notebook did not: a sheet
    # that never imported the checker has no answers, and loading it here costs seconds.
    return (f"__import__('json').dumps(getattr(__import__('sys').modules.get("
            f"'geopolitics.checks'), 'submitted', lambda lesson: None)({lesson!r}))")


def parse_answers(text: str | None, questions: list[str]) -> dict[str, Any] | None:
    """The kernel's reply to :func:`answers_expression`: the plain answer data it holds for
    each of ``questions``. None if it did not reply, or replied with something else than
    such data (too long, not JSON, not a mapping): the kernel may have been rewritten by the
    notebook, so the reply is only data, and the verdicts are decided in the grader.
    """
    if text is None or len(text) > MAX_ANSWERS_TEXT:
        return None
    try:
        value = json.loads(ast.literal_eval(text))
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return None
    if value is None:
        return {}  # a kernel that never imported the checker gave no answers
    if not isinstance(value, dict):
        return None
    return {qid: value[qid] for qid in questions if qid in value}


class Answers:
    """The answers a notebook's kernel holds, asked after each cell, so a loop in cell 20
    does not lose the answers of cells 1-19; :meth:`results` judges them here."""

    def __init__(self, lesson: str, questions: list[str]) -> None:
        self.lesson, self.questions = lesson, questions
        self.given: dict[str, Any] | None = None  # None: the kernel never replied

    async def after_cell(self, session: Session, index: int) -> None:
        left = session.seconds_left()
        wait = min(15.0, max(2.0, 15.0 if left is None else left))
        reply = await session.evaluate(answers_expression(self.lesson), wait)
        now = parse_answers(reply, self.questions)
        if now is not None:
            self.given = now

    def results(self) -> list[Result] | None:
        """Each question's verdict, decided by the grader's own question bank."""
        if self.given is None:
            return None
        return [verdict(qid, self.given.get(qid)) for qid in self.questions]

    async def judged(self, seconds: float = JUDGE_SECONDS) -> list[Result] | None:
        """:meth:`results`, worked out in a child process that is killed after ``seconds``.

        An answer is the student's data, and some data make a check slow (a title of a
        million brackets once held the grader for minutes): in a child, such a notebook
        costs its own time and no one else's, and its questions are NOT_CHECKED.
        """
        if self.given is None:
            return None
        if not hasattr(os, "fork"):
            return self.results()
        _prepare(self.questions)
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: judge, write the verdicts, leave without cleaning up
            code = 1
            try:
                os.close(read_end)
                text = json.dumps([[r.question, r.status.value, r.message]
                                   for r in self.results() or []]).encode()
                with os.fdopen(write_end, "wb") as out:
                    out.write(text)
                code = 0
            finally:
                os._exit(code)
        os.close(write_end)
        try:
            text = await asyncio.wait_for(asyncio.to_thread(_read_all, read_end), seconds)
            return [Result(q, Status(s), m) for q, s, m in json.loads(text)]
        except (TimeoutError, ValueError, TypeError):
            return [Result(q, Status.NOT_CHECKED, SLOW.format(seconds=seconds))
                    for q in self.questions]
        finally:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
            with contextlib.suppress(OSError):
                os.waitpid(pid, 0)


def _read_all(descriptor: int) -> bytes:
    with os.fdopen(descriptor, "rb") as source:
        return source.read()


def _prepare(questions: list[str]) -> None:
    """Load once, in the grader, what the judging of these questions imports, so that each
    child starts with it (a chart question imports Altair)."""
    from geopolitics import checks
    from geopolitics.answers import ChartAnswer

    if any(isinstance(checks.question(q).expects, ChartAnswer) for q in questions):
        import geopolitics.charts  # noqa: F401
