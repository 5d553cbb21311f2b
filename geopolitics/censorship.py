"""The old home of :mod:`geopolitics.models.censorship`, kept so that older sheets still run.

Exercise sheets a student has edited are never rewritten, and a class's submissions may have
been written months earlier: their set-up cells say ``from geopolitics import censorship``.
This name is the very same module object as the model's new home, not a copy of it.
"""

import sys

from geopolitics.models import censorship

sys.modules[__name__] = censorship
