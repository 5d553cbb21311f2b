"""Lesson 00's checked questions: reading the January 2025 migration from the data.

Answers are stored as digests (see :mod:`geopolitics.checks`); hints test only the shape
of a mistake, such as a ratio below 1 or a fraction where a percent was asked for, or
compare an answer with the stored digest (a count of days one off, or in hours), so that no
answer is written here.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from geopolitics.answers import ChartAnswer, Choice, Number, Table, WholeNumber
from geopolitics.checks import Question, answers_question, register


def _about(target: float, tolerance: float) -> Any:
    return lambda value: abs(value - target) <= tolerance


def _chart_problems(spec: dict[str, Any]) -> str | None:
    """A bar chart of the three apps' US daily users that a reader can fully follow."""
    units = [spec] if "mark" in spec else list(spec.get("layer", []))
    marks = [u.get("mark") for u in units]
    marks = [m.get("type") if isinstance(m, dict) else m for m in marks]
    if "bar" not in marks:
        return f"Use bars (mark_bar) to compare the apps; your chart uses {marks or 'no mark'}."
    encoding = next(u.get("encoding", {}) for u in units if "bar" in str(u.get("mark")))
    fields = {str(d.get("field")) for d in encoding.values() if isinstance(d, dict)}
    if "app" not in fields:
        return "Put the app names on one axis (the 'app' column) so each bar is one app."
    numeric = [c for c in ("x", "y") if isinstance(encoding.get(c), dict)
               and encoding[c].get("type") == "quantitative"]
    if not numeric:
        return "One axis should show the number of daily users (a quantitative field, ':Q')."
    from geopolitics.charts import audit  # Altair, imported only when a chart is checked

    problems = audit(spec)
    if problems:
        return "Nearly there, but a reader would miss something: " + " ".join(problems)
    datasets = spec.get("datasets", {})
    rows = sum(len(v) for v in datasets.values()) if isinstance(datasets, dict) else None
    if rows is not None and rows != 3:
        return (f"Your chart draws {rows} rows of data; keep only the three apps' US daily "
                "users on 13 January 2025.")
    axis = encoding[numeric[0]]
    return _data_problems(spec, axis.get("field"), str(axis.get("title") or "").lower())


def _share_upside_down(value: float) -> bool:
    """TikTok's figure divided by Xiaohongshu's: how many times bigger, not a share."""
    return value > 1 and answers_question("q00_share_of_tiktok", 100 / value)


def _units_mixed(question_id: str) -> Any:
    """The right division with one figure in people and the other in millions."""
    return lambda value: any(answers_question(question_id, value * factor)
                             for factor in (1e6, 1e-6))


def _a_fraction_of(question_id: str) -> Any:
    """A share left as a fraction of one (not multiplied by 100)."""
    return lambda value: answers_question(question_id, value * 100)


def _values_rescaled(table: Any) -> bool:
    """The right rows, with their values divided into thousands or millions."""
    return any(answers_question("q00_xhs_dau", table.assign(value=table["value"] * factor))
               for factor in (1e3, 1e6))


_MIXED_UNITS = ("The right division, but the two figures are in different units (one in "
                "people, the other in millions): write both the same way, then divide.")


def _is_days_answer(value: int) -> bool:
    """Whether ``value`` is question 5's answer, compared by its digest, never stated."""
    return answers_question("q00_days_to_deadline", int(value))


def _one_day_off(value: int) -> bool:
    return _is_days_answer(value - 1) or _is_days_answer(value + 1)


def _in_hours_or_seconds(value: int) -> bool:
    return any(value > 0 and value % per_day == 0 and _is_days_answer(value // per_day)
               for per_day in (24, 24 * 3600))


@cache
def _other_spans() -> frozenset[int]:
    """Days from the petition to each event of the law's story, or from each to the day the
    prohibitions took effect: what a student gets who looks up one wrong id."""
    from geopolitics.data import load

    events = load("events")
    dates = events.set_index("id")["date"]
    start, end = dates["2024-05-07-tiktok-petition"], dates["2025-01-19-prohibitions-effective"]
    story = dates[(dates >= "2024-03-01") & (dates <= "2025-01-31")]
    return frozenset({abs((d - start).days) for d in story} | {abs((end - d).days) for d in story})


def _span_to_another_event(value: int) -> bool:
    return value in _other_spans()


#: How many people one unit of the bars is, and the word the axis title must then use.
_SCALES = {1.0: None, 1e-3: "thousand", 1e-6: "million"}


def _data_problems(spec: dict[str, Any], measure: Any, title: str) -> str | None:
    """The bars must draw the data the question names (in people, thousands or millions),
    not numbers of the student's own."""
    from geopolitics.data import load

    metrics = load("app_metrics")
    on_13 = metrics[(metrics["metric"] == "us_daily_active_users")
                    & (metrics["date"] == "2025-01-13")]
    expected = {str(a): float(v) for a, v in zip(on_13["app"], on_13["value"], strict=True)}
    datasets = spec.get("datasets")
    tables = list(datasets.values()) if isinstance(datasets, dict) else [
        (spec.get("data") or {}).get("values")]
    drawn = {}
    for table in tables:
        for row in table if isinstance(table, list) else []:
            if isinstance(row, dict) and isinstance(row.get(measure), int | float):
                drawn[str(row.get("app"))] = float(row[measure])
    scales = {round(drawn[a] / v, 9) for a, v in expected.items() if a in drawn and v}
    scale = scales.pop() if len(scales) == 1 else None
    if set(drawn) != set(expected) or scale not in _SCALES:
        return ("The bars should draw the three apps' US daily active users on 13 January 2025 "
                "from the table on_13 (the 'value' column); your chart's data differ.")
    unit = _SCALES[scale]
    said = [word for word in ("thousand", "million") if word in title]
    if said != ([unit] if unit else []):
        bars = f"{unit}s of people" if unit else "people"
        return (f"Your bars count {bars}, but the axis title says "
                f"{' and '.join(said) + 's' if said else 'nothing of that'}: make the title "
                "name the unit the bars are in.")
    return None


register(
    Question(
        id="q00_xhs_dau",
        lesson="00",
        expects=Table(columns=["date", "value"], rows=3, decimals=0),
        digests=["f05d31a9c4672c4f8ea511310337032aca84e51c4c3e82b7b5e052176c804f99"],
        unordered_digest="f05d31a9c4672c4f8ea511310337032aca84e51c4c3e82b7b5e052176c804f99",
        hints=[
            (_values_rescaled, "These are the right rows, but your values are in thousands "
             "or millions: keep the value column as the table holds it (a count of people), "
             "as the question asks for the rows themselves."),
        ],
        wrong=("The rows or values are not the ones expected. Keep rows where app is "
               "'Xiaohongshu' AND metric is 'us_daily_active_users', then the two columns."),
        passed_message="Three points in time: that is all we have, so the lesson draws them "
                       "as points, not as a smooth line.",
    ),
    Question(
        id="q00_jump_multiple",
        lesson="00",
        expects=Number(decimals=1, unit="times"),
        digests=["a08d5a6fd635afaf5c02ea63c8bd8449d4e727705d2c9458796a9b6e430f3d19"],
        hints=[
            (_units_mixed("q00_jump_multiple"), _MIXED_UNITS),
            (lambda v: 0 < v < 1, "Your answer is below 1, which would mean the app shrank. "
             "Divide the later figure by the earlier one."),
            (lambda v: v > 1000, "That looks like a difference in users, not a multiple. "
             "Divide instead of subtracting."),
            (lambda v: 100 <= v <= 1000, "That looks like a percentage (or a percentage "
             "change), not a multiple: a multiple says how many times the earlier figure the "
             "later one is, with nothing multiplied by 100."),
            (_about(11.3, 0.3), "You divided by the figure from about a week earlier. "
             "The question asks about the day before, 12 January."),
        ],
        wrong="Take the 13 January value and divide it by the 12 January value.",
        passed_message="Right. And since the 12 January figure is 'less than' 0.7 million, "
                       "the real jump was at least this large.",
    ),
    Question(
        id="q00_share_of_tiktok",
        lesson="00",
        expects=Number(decimals=1, unit="percent"),
        digests=["ccd5cf12cb1a6b0b7b059218d4cdbe70dd6bfe05ab8ebd85d2852b49364406d7"],
        hints=[
            (_share_upside_down, "That is TikTok's figure divided by Xiaohongshu's: how many "
             "times bigger TikTok was. A share puts the part on top: Xiaohongshu's figure "
             "divided by TikTok's, then times 100 for a percent."),
            (_about(0.85, 0.01), "That uses Xiaohongshu's figure for 12 January (under 0.7 "
             "million), the day before: compare two figures of the same day."),
            (_about(2.07, 0.035), "That is Lemon8's figure for 13 January, not Xiaohongshu's: "
             "check the app in your filter."),
            (_units_mixed("q00_share_of_tiktok"), _MIXED_UNITS),
            (_a_fraction_of("q00_share_of_tiktok"), "This looks like a fraction. Multiply by "
             "100 to give a percent."),
            (lambda v: 0 < v < 1, "That is below 1%: check that both figures are in the same "
             "units and of the same day, Xiaohongshu's on top."),
            (_about(2.0, 0.04), "You compared with TikTok's 170 million, the company's own "
             "count of all its US users. Compare like with like: Similarweb's daily estimate "
             "for TikTok on the same day."),
            (lambda v: v > 100, "Above 100% would mean Xiaohongshu had more US users than "
             "TikTok. Put Xiaohongshu's figure on top of the fraction."),
        ],
        wrong="Use the two Similarweb US daily-user figures for 13 January 2025.",
        passed_message="Right: the app everyone talked about had a small fraction of "
                       "TikTok's US audience.",
    ),
    Question(
        id="q00_company_claim",
        lesson="00",
        expects=Choice(options=["a", "b", "c", "d"]),
        digests=["c7e943b0231b304e8151248aa3cfc4185cc2786f18349aabed54a1bbcb4f4c10"],
        hints=[
            (lambda v: v == "a", "That looks like taking an outside firm's estimate for the "
             "company's own word: a firm that models use from a panel of phones produced it, "
             "not the app. Ask of each figure who produced it, and how."),
            (lambda v: v == "c", "That looks like taking a survey for a company claim: a "
             "polling firm asked a sample of adults and reports a share of them. Ask of each "
             "figure who produced it, and how."),
            (lambda v: v == "d", "That looks like taking a ranking for a claim: the app store "
             "publishes the chart, from its own downloads, and a rank says nothing about how "
             "many people use the app."),
        ],
        wrong="Ask of each figure who produced it, and how: which one did the company publish "
              "about itself?",
        passed_message="Yes: the company says it about itself. It may be true, but no one "
                       "outside the company measured it, and it does not say how often those "
                       "users open the app.",
    ),
    Question(
        id="q00_days_to_deadline",
        lesson="00",
        expects=WholeNumber(),
        digests=["b7336df72285b94fac94241748328aa084ec526c0de70fededa37ef515556146"],
        hints=[
            (lambda v: 269 <= v <= 271, "That is the lecture's case: the days from the Act's "
             "signing to its deadline. The question asks about the court challenge, from "
             "TikTok and ByteDance's petition to the D.C. Circuit to the day the prohibitions "
             "took effect."),
            (lambda v: v < 0, "Negative: either the dates are the wrong way round, or one "
                              "of them is not a date the question names."),
            (lambda v: v == 0, "Zero: a time span's `.seconds` holds only the part of a day "
             "left over after the whole days, and you may have subtracted a date from itself. "
             "Take `.days` of the later date minus the earlier one."),
            (_in_hours_or_seconds, "That looks like hours or seconds, not days: "
             "`.total_seconds()` counts seconds. Take `.days` of the time span instead."),
            (_one_day_off, "Off by one. Subtracting two pandas dates already counts the days "
             "between them; do not add or remove one. Check too that each date is the one "
             "its id names, not an event of the day before or after."),
            (_span_to_another_event, "One of your two dates belongs to another event of the "
             "timeline. Look each date up by the id the question gives: the petition to the "
             "D.C. Circuit and the day the prohibitions took effect."),
        ],
        wrong="Find the two dates in the events table by the ids the question gives, and "
              "subtract the earlier from the later.",
        passed_message="Right: the court challenge ran through almost all of the time the Act "
                       "allowed for a sale.",
    ),
    Question(
        id="q00_dau_chart",
        lesson="00",
        expects=ChartAnswer(mark="bar", fields=("app",)),
        extra_check=_chart_problems,
        passed_message="A chart anyone can read: a title, units, a description for screen "
                       "readers, and no colour needed to tell the bars apart.",
    ),
)
