"""Each lesson's checked questions, one module per lesson, registered on first use.

Which modules exist is not listed here: the lesson catalogue (``lessons.toml``) names the
lessons, and each lesson's questions live in ``geopolitics.question_banks.lessonNN`` when it
has any. (The package is not called ``questions``: that name is the function listing ids.)
"""

from importlib import import_module
from importlib.util import find_spec

from geopolitics import catalogue


def load_all() -> None:
    """Import every catalogued lesson's question module; each registers its questions."""
    for lesson in catalogue.lessons():
        if find_spec(lesson.questions_module) is not None:
            import_module(lesson.questions_module)
