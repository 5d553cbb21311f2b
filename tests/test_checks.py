"""Checks give specific feedback, never raise, and never reveal answers in plain text."""

from __future__ import annotations

import math
from pathlib import Path

import altair as alt
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.pandas import column, data_frames

from geopolitics import catalogue, checks, load
from geopolitics.checks import (
    NOT_ANSWERED,
    Feedback,
    Status,
    check,
    questions,
    report,
)

ROOT = Path(__file__).resolve().parent.parent
IDS = questions()


def test_every_lesson_with_exercises_has_questions() -> None:
    for lesson in catalogue.ids(ROOT):
        assert len(questions(lesson)) >= 4, f"lesson {lesson} has fewer than 4 checked questions"


def test_question_ids_are_used_in_the_solution_notebooks() -> None:
    text = "".join(p.read_text() for p in (ROOT / "solutions").glob("*.ipynb"))
    for qid in IDS:
        assert f'check(\\"{qid}\\"' in text, f"{qid} is never checked in a solution notebook"


@pytest.mark.parametrize("qid", IDS)
def test_placeholder_says_not_answered(qid: str) -> None:
    feedback = check(qid, ...)
    assert not feedback.passed and not feedback.answered
    assert feedback.message == NOT_ANSWERED


@pytest.mark.parametrize("qid", IDS)
def test_wrong_type_says_what_was_expected(qid: str) -> None:
    for wrong in ({"a": 1}, object()):
        feedback = check(qid, wrong)
        assert not feedback.passed
        assert "Expected" in feedback.message or "Choose" in feedback.message


def test_unknown_question_suggests_the_nearest() -> None:
    feedback = check(IDS[0] + "x", 1)
    assert not feedback.passed and IDS[0] in feedback.message


def test_answers_are_not_stored_in_plain_text() -> None:
    package = ROOT / "geopolitics" / "question_banks"
    text = "".join(p.read_text() for p in package.glob("*.py"))
    assert "digests=" in text
    # Digests are 64 hex characters; nothing else in the registry looks like an answer table.
    assert "BEGIN SOLUTION" not in text


def test_feedback_html_escapes_what_it_shows() -> None:
    feedback = check("<script>alert(1)</script>", 1)
    html = feedback._repr_html_()
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_feedback_does_not_rely_on_colour() -> None:
    html_ok = Feedback("q", True, "fine")._repr_html_()
    html_no = Feedback("q", False, "not fine")._repr_html_()
    assert "Correct" in html_ok and "Not yet" in html_no


def test_report_counts_this_sessions_results() -> None:
    lesson = IDS[0][1:3]
    text = str(report(lesson))
    assert text.startswith(f"Lesson {lesson}: ") and "checked questions passed" in text


class Hostile:
    """An object whose every method fails, as student code sometimes produces."""

    def __eq__(self, other: object) -> bool:
        raise RuntimeError("no comparing me")

    def __bool__(self) -> bool:
        raise RuntimeError("no truth")

    def __float__(self) -> float:
        raise RuntimeError("no float")

    __hash__ = None  # type: ignore[assignment]


ANY_VALUE = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=10**30, max_value=10**60), st.text(), st.text(min_size=500),
    st.sampled_from(["<b>x</b>", "<script>alert(1)</script>", "小红书", "难民", "NaN", "",
                     "a", "b", "c", "d", "4.9", " B ", "\x00"]),
    st.lists(st.integers()), st.dictionaries(st.text(), st.integers()),
    st.just(np.nan), st.just(np.float64("inf")), st.just(np.array([1, 2])),
    st.just(pd.Series(dtype=float)), st.just(pd.DataFrame()), st.just(pd.NaT),
    st.just(pd.Timedelta(days=3)), st.just(Hostile()), st.just(alt.Chart()),
    data_frames([column("date", dtype="datetime64[ns]"), column("value", dtype=float)]),
    data_frames([column("x", dtype=str)]),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(qid=st.sampled_from(IDS), answer=ANY_VALUE)
def test_check_never_raises(qid: str, answer: object) -> None:
    feedback = check(qid, answer)
    assert isinstance(feedback, Feedback) and isinstance(feedback.passed, bool)
    assert isinstance(feedback.message, str) and feedback.message
    feedback._repr_html_()


@given(qid=st.one_of(st.text(), st.integers(), st.none(), st.just(Hostile())), answer=ANY_VALUE)
@settings(max_examples=100, deadline=None)
def test_check_never_raises_on_nonsense_ids(qid: object, answer: object) -> None:
    feedback = check(qid, answer)
    assert not feedback.passed


def test_nan_says_a_value_was_missing() -> None:
    numeric = [q for q in IDS if "Expected a single number" in check(q, "x").message
               or "without quotes" in check(q, "x").message]
    assert numeric, "no numeric questions to test"
    assert "missing" in check(numeric[0], math.nan).message


def test_feedback_speaks_the_status_vocabulary() -> None:
    assert Feedback("q", True, "m").status is Status.PASSED
    assert Feedback("q", False, "m").status is Status.NOT_YET
    assert Feedback("q", False, "m", answered=False).status is Status.NOT_ANSWERED
    assert check(IDS[0], ...).status is Status.NOT_ANSWERED
    for feedback in (Feedback("q", True, "m"), Feedback("q", False, "m", answered=False)):
        assert feedback.label == feedback.status.label
        result = feedback.result()
        assert result.passed is feedback.passed


def test_a_table_of_missing_values_is_not_the_reshaped_table() -> None:
    """Found by a student's attack: NaN everywhere once matched every cell."""
    pew = load("pew_tiktok")
    rows = pew[(pew["measure"] == "supports_ban") & (pew["breakdown"] == "party")]
    table = rows.pivot(index="group", columns="fieldwork", values="percent")
    assert check("q04_ban_by_party", table).passed
    table[:] = float("nan")
    assert not check("q04_ban_by_party", table).passed


def test_an_unknown_id_says_where_the_ids_are_without_a_missing_import() -> None:
    """The sheets import check, not questions: the hint says how to get it."""
    said = check("q02_nonsense_entirely", 1).message
    assert "from geopolitics import questions" in said
    assert all(q in said for q in questions("02"))


@pytest.mark.parametrize(("scale", "title", "passes"), [
    (1, "US daily active users (people)", True),
    (1e-6, "US daily active users (millions)", True),
    (1e-6, "US daily active users (people)", False),
    (1, "US daily active users (millions)", False),
])
def test_the_chart_question_checks_the_bars_data_and_their_unit(
        scale: float, title: str, passes: bool) -> None:
    """Found by attack and walkthrough: made-up numbers, or a title in the wrong unit, passed."""
    import altair as alt

    metrics = load("app_metrics")
    on_13 = metrics[(metrics["metric"] == "us_daily_active_users")
                    & (metrics["date"] == "2025-01-13")].assign(
                        users=lambda frame: frame["value"] * scale)
    chart = alt.Chart(on_13).mark_bar().encode(
        x=alt.X("users:Q", title=title), y=alt.Y("app:N", title="App")).properties(
        title="US daily users on 13 January 2025",
        description="Bar chart of US daily active users on 13 January 2025 for three apps.")
    assert check("q00_dau_chart", chart).passed is passes
    made_up = on_13.assign(users=[1, 2, 3][: len(on_13)])
    assert not check("q00_dau_chart", chart.properties(data=made_up)).passed


def test_a_choice_may_be_written_as_a_student_writes_it() -> None:
    for written in ("(a)", "a.", " 'a' ", "A)"):
        feedback = check("q00_company_claim", written)
        assert feedback.status is Status.NOT_YET and "Choose one of" not in feedback.message


def test_a_numpy_time_span_gets_the_same_help_as_a_timedelta() -> None:
    import numpy as np

    span = np.array(["2025-01-19"], dtype="datetime64[D]") - np.array(
        ["2024-04-24"], dtype="datetime64[D]")
    for answer in (span, span[0]):
        assert "`.days`" in check("q00_days_to_deadline", answer).message



def test_one_selection_minus_another_says_why_the_rows_are_missing() -> None:
    """The slip question 02-Q1 invites: two one-row selections subtracted without .item()."""
    press = load("press_freedom")
    rsf = press[(press["index"] == "world_press_freedom") & (press["year"] == 2024)]
    gap = rsf[rsf["country"] == "China"]["rank"] - rsf[rsf["country"] == "United States"]["rank"]
    said = check("q02_rank_gap_2024", gap).message
    assert "pairs their rows by label" in said and "`.item()` first" in said

def test_hints_found_misleading_or_telling_by_a_student_are_fixed() -> None:
    assert "share" not in check("q04_growth", 76.2).message
    assert "different firms" not in check("q04_not_comparable", "a").message
    assert "wrong way round, or" in check("q00_days_to_deadline", -100).message
    # found by the fourth: a percentage change typed for a multiple, a rate of no posts
    # (None), a gap of scores typed for a gap of ranks
    assert "percentage change" in check("q00_jump_multiple", 385.7).message
    assert "selection kept rows" in check("q02_over_block", None).message
    assert "not scores or shares" in check("q02_rank_gap_2024", 43.23).message
    # found by the third walk-through: a crash on text values, a misread sign, a moved index
    party = load("pew_tiktok").query("measure == 'supports_ban' and breakdown == 'party'")
    for values in ("sample_size", "confidence"):
        said = check("q04_ban_by_party", party.pivot(index="group", columns="fieldwork",
                                                     values=values))
        assert said.status is Status.NOT_YET and "values='percent'" in said.message, said
    said = check("q04_ban_by_party", party.pivot(index="group", columns="fieldwork",
                                                 values="percent").reset_index()).message
    assert ".reset_index()" in said
    assert "measured 13 January" in check("q05_week_change", -16.9).message
    # a modelled day next to 13 January lands on a value another hint explains: say both
    assert "14 January" in check("q05_anticipation", 0.75).message
    assert "12 January" in check("q05_anticipation", 0).message
    pew = load("pew_tiktok")
    by_status = pew[(pew["measure"] == "supports_ban") & (pew["breakdown"] == "user_status")]
    said = check("q04_ban_by_party", by_status.pivot(index="group", columns="fieldwork",
                                                     values="percent")).message
    assert "should be the parties" in said and "breakdown you kept" in said
    party = pew[(pew["measure"] == "supports_ban") & (pew["breakdown"] == "party")]
    said = check("q04_ban_by_party", party.pivot_table(index="group", columns="year",
                                                       values="percent")).message
    assert "asked twice in 2023" in said and "fieldwork" in said


def test_slips_left_by_the_fourth_walk_through_are_named() -> None:
    """Values in millions, a share upside down, a table not yet reshaped or in fractions, a
    date picked where days were asked: each once got a message about something else."""
    metrics = load("app_metrics")
    rows = metrics[(metrics["app"] == "Xiaohongshu")
                   & (metrics["metric"] == "us_daily_active_users")][["date", "value"]]
    rows = rows.sort_values("date")
    for factor in (1e3, 1e6):
        said = check("q00_xhs_dau", rows.assign(value=rows["value"] / factor)).message
        assert "thousands or millions" in said, said
    on_13 = metrics[(metrics["metric"] == "us_daily_active_users")
                    & (metrics["date"] == "2025-01-13")].set_index("app")["value"]
    said = check("q00_share_of_tiktok", on_13["TikTok"] / on_13["Xiaohongshu"]).message
    assert "how many times bigger" in said and "part on top" in said, said
    party = load("pew_tiktok").query("measure == 'supports_ban' and breakdown == 'party'")
    said = check("q04_ban_by_party", party).message
    assert "still long" in said and ".reset_index()" not in said, said
    fractions = party.assign(percent=party["percent"] / 100)
    said = check("q04_ban_by_party", fractions.pivot(index="group", columns="fieldwork",
                                                     values="percent")).message
    assert "fractions of one" in said, said
    said = check("q00_days_to_deadline", "2025-01-19").message
    assert "date written as text" in said and "`.days`" in said, said
    # found by the fifth: figures in people and in millions, a share of a fraction or of
    # mixed units, a clock from the wrong day, pivot without values=, a percent larger
    per_day = metrics[metrics["metric"] == "us_daily_active_users"].set_index(["app", "date"])
    xhs = per_day.loc[("Xiaohongshu", slice(None)), "value"].sort_index()
    jump = xhs.iloc[2] / xhs.iloc[1]  # 13 January over 12 January
    for mixed in (jump * 1e6, jump / 1e6):
        assert "different units" in check("q00_jump_multiple", mixed).message
    share = on_13["Xiaohongshu"] / on_13["TikTok"]
    for mixed in (100 * share * 1e6, 100 * share / 1e6):
        assert "different units" in check("q00_share_of_tiktok", mixed).message
    assert "Multiply by 100" in check("q00_share_of_tiktok", share).message
    from geopolitics.models import law

    said = check("q01_latest_deadline", law.prohibition_date("2025-01-14", extension_days=90))
    assert "started on another day" in said.message, said
    said = check("q04_ban_by_party", party.pivot(index="group", columns="fieldwork")).message
    assert "two levels" in said and "values='percent'" in said, said
    for right in (check("q00_xhs_dau", rows),
                  check("q00_share_of_tiktok", 100 * on_13["Xiaohongshu"] / on_13["TikTok"]),
                  check("q04_ban_by_party", party.pivot(index="group", columns="fieldwork",
                                                        values="percent"))):
        assert right.passed, right


def test_an_untouched_table_scaffold_is_not_answered_and_says_what_to_do() -> None:
    """The sheets' table scaffolds compare with ``...``, which keeps no rows (issue 19)."""
    metrics = load("app_metrics")
    untouched = metrics[(metrics["app"] == ...) & (metrics["metric"] == ...)]
    said = check("q00_xhs_dau", untouched[["date", "value"]].sort_values("date"))
    assert said.status is Status.NOT_ANSWERED, said
    assert "`...`" in said.message and "spelling" in said.message
    pew = load("pew_tiktok")
    rows = pew[(pew["measure"] == ...) & (pew["breakdown"] == ...)]
    said = check("q04_ban_by_party", rows.pivot(index="group", columns="fieldwork",
                                                values="percent"))
    assert said.status is Status.NOT_ANSWERED, said
    assert checks.verdict("q04_ban_by_party",
                          checks.submitted("04")["q04_ban_by_party"]).status \
        is Status.NOT_ANSWERED


# --- one rule for every number (issue 19) ----------------------------------------------------

def _answer_forms() -> dict[str, str]:
    """Each checked question's "Answer form" line, as its exercise sheet states it."""
    import re

    import nbformat

    found: dict[str, str] = {}
    for path in sorted((ROOT / "exercises").glob("*.ipynb")):
        said = ""
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "markdown" and "*Answer form:*" in cell.source:
                said = cell.source.split("*Answer form:*", 1)[1]
            asked = re.search(r'check\("(q\d\d_\w+)"', cell.source)
            if asked and said:
                found[asked.group(1)] = " ".join(said.split())
                said = ""
    return found


def test_every_number_question_states_the_precision_it_checks() -> None:
    from geopolitics.answers import Number, precision

    forms = _answer_forms()
    for qid in IDS:
        expects = checks.question(qid).expects
        if isinstance(expects, Number):
            assert precision(expects.decimals) in forms.get(qid, ""), \
                f"{qid}: its sheet must say '{precision(expects.decimals)}'"


def _a_question(answer: float, decimals: int) -> checks.Question:
    from geopolitics.answers import Number, digest_of

    number = Number(decimals=decimals)
    return checks.Question(id="q99_rule", lesson="99", expects=number,
                           digests=[digest_of("q99_rule", number.forms(answer)[0])])


@settings(max_examples=150, deadline=None)
@given(answer=st.floats(min_value=-500, max_value=500, allow_nan=False).map(lambda v: round(v, 4)),
       decimals=st.sampled_from([0, 1, 2]))
def test_a_number_passes_within_half_a_unit_of_the_stated_place_and_never_beyond(
        answer: float, decimals: int) -> None:
    """'To one decimal place' means within half a unit of that place from the rounded answer."""
    question, unit = _a_question(answer, decimals), 10.0 ** -decimals
    shown = round(answer, decimals)
    assert question.judge(answer).passed and question.judge(shown).passed
    for inside in (shown - 0.4 * unit, shown + 0.4 * unit):
        assert question.judge(inside).passed, (answer, decimals, inside)
    for outside in (shown - 0.6 * unit, shown + 0.6 * unit):
        said = question.judge(outside)
        assert not said.passed, (answer, decimals, outside)
        assert "Close, but not" in said.message  # one step off: a rounding slip, named
    for further in (shown - 2 * unit, shown + 2 * unit):
        said = question.judge(further)
        assert not said.passed and "Close" not in said.message, (answer, decimals, further)


@settings(max_examples=150, deadline=None)
@given(answer=st.floats(min_value=0.5, max_value=500, allow_nan=False).map(lambda v: round(v, 3)),
       decimals=st.sampled_from([0, 1, 2]))
def test_unit_slips_and_sign_slips_never_pass(answer: float, decimals: int) -> None:
    question = _a_question(answer, decimals)
    # Ten units of the stated place or more, so that ÷100 cannot round to the answer (the
    # kit's smaller answers are whole score changes such as -3, where ÷100 rounds to 0).
    assume(abs(answer) >= 10 * 10.0 ** -decimals)
    for slip in (answer * 100, answer / 100, answer * 1e6, answer / 1e6, -answer):
        assert not question.judge(slip).passed, (answer, decimals, slip)


def test_no_message_gives_away_an_answer() -> None:
    """A hint, a near-miss note, a 'wrong' or a success message states no number that passes
    any numeric question, and names no correct option of any choice question (issue 19)."""
    import re

    import answer_audit

    from geopolitics.answers import Choice

    messages: dict[str, str] = {}
    for qid in IDS:
        asked = checks.question(qid)
        texts = [m for _, m in asked.hints] + [asked.wrong, asked.passed_message]
        if hasattr(asked.expects, "near_miss"):
            texts.append(asked.expects.near_miss())
        messages[qid] = "\n".join(texts)
    found = answer_audit.leaks({f"{qid}'s messages": text for qid, text in messages.items()})
    assert not found, answer_audit.said(found)
    for qid in IDS:
        expects = checks.question(qid).expects
        if not isinstance(expects, Choice):
            continue
        right = [o for o in expects.options if checks.question(qid).judge(o).passed]
        for other, text in messages.items():
            for option in right:
                mark = re.escape(option)
                named = re.search(rf"\(\s*{mark}\s*\)|\boption\s+{mark}\b", text,
                                  re.IGNORECASE)
                assert not named, f"{other}'s messages name {qid}'s answer: {named.group()!r}"


def test_hints_call_only_what_the_sheet_has() -> None:
    """A message that tells a student to call `something(...)` names a function the sheet
    imports or defines (issue 19: the unknown-id hint once named an unimported function)."""
    import re

    import nbformat

    code = {path.name[:2]: "\n".join(c.source for c in nbformat.read(path, as_version=4).cells
                                     if c.cell_type == "code")
            for path in (ROOT / "exercises").glob("*.ipynb")}
    for qid in IDS:
        asked = checks.question(qid)
        texts = [m for _, m in asked.hints] + [asked.wrong, asked.passed_message]
        for text in texts:
            for called in re.findall(r"`([A-Za-z_][\w.]*)\(", text):
                root = called.split(".")[0]
                assert re.search(rf"\b{re.escape(root)}\b", code[asked.lesson]), \
                    f"{qid}: a message calls `{called}(...)`, which sheet {asked.lesson} lacks"
