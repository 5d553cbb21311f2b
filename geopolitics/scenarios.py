"""The old home of :mod:`geopolitics.models.scenarios`, kept so that older sheets still run.

Exercise sheets a student has edited are never rewritten, and a class's submissions may have
been written months earlier: their set-up cells say ``from geopolitics import scenarios``.
This name is the very same module object as the model's new home, not a copy of it.
"""

import sys

from geopolitics.models import scenarios

sys.modules[__name__] = scenarios
