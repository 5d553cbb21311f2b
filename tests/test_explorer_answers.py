"""No explorer shows a student the answer to a checked question of its lesson (issue 19).

The static audit (``tests/test_export.py``) reads what the lectures print; an explorer shows
more as a student moves its controls. Every control of every lesson explorer is moved through
the values a student can give, and every number its status line, result and chart labels
show is typed as an answer to every numeric question of the explorer's lesson.
"""

from __future__ import annotations

import answer_audit


def test_no_explorer_shows_an_answer_to_its_lessons_questions() -> None:
    found = answer_audit.explorer_leaks()
    assert not found, "a student could pass by reading an explorer:\n" + answer_audit.said(found)


def test_the_explorer_audit_reads_status_lines_results_and_chart_labels() -> None:
    """The audit itself sees what a student sees: the lesson-02 index explorer's rank labels,
    the lesson-05 explorer's modelled fall on 20 January (with moderation stricter, it was
    once question 3's answer), and the filter playground's rates."""
    places = answer_audit.explorer_places()
    lesson, index = places["explorer index_explorer"]
    assert lesson == "02" and {175.0, 172.0} <= answer_audit.numbers_in(index)
    lesson, scenario = places["explorer scenario_explorer"]
    assert lesson == "05" and -51.0 in answer_audit.numbers_in(scenario)
    assert answer_audit.numbers_in(places["explorer filter_playground"][1])
