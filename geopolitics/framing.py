"""The frames of the kit's framing codebook (``docs/framing-codebook.md``), defined once.

The ``framing`` table has one 0/1 column per frame; lesson 03's explorer draws them and its
checked questions accept them. This module imports nothing, so a question bank can use the
list without loading widgets or charts.
"""

from __future__ import annotations

#: In the codebook's order, which is also the order charts list them in.
FRAMES: tuple[str, ...] = ("national_security", "free_speech", "cultural_exchange",
                           "soft_power", "censorship", "commerce")
