"""Each lesson's checked questions, one module per lesson, registered on first use."""

from importlib import import_module

LESSON_MODULES = ["lesson00", "lesson01", "lesson02", "lesson03", "lesson04", "lesson05"]


def load_all() -> None:
    """Import every lesson module; each registers its questions with the checker."""
    for name in LESSON_MODULES:
        import_module(f"geopolitics.questions.{name}")
