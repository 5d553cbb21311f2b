"""The deck's page: the sizes a slide is drawn at, shared by the plan and the style sheet.

reveal.js draws each slide in a box of ``SLIDE_PX`` and scales it to the screen; at 1280x720,
a projector's usual size, a box pixel is a screen pixel. The deck's style sheet
(:mod:`geopolitics.course.templates`) uses these sizes, the slide plan
(:mod:`geopolitics.course.structure`) and the shaping of outputs
(:mod:`geopolitics.course.slide_outputs`) estimate heights with them, and the export tests
measure every slide in Chromium to prove the estimates hold.
"""

from __future__ import annotations

SLIDE_PX = (1280, 720)
#: Body text, tables and any code shown: legible from the back of a room of sixty.
TEXT_PX = 24
LINE_PX = 33  # a line of body text (line-height 1.35)
#: Characters of body text on one line of the slide's text column (1180 px), kept low: a
#: line of wide letters holds fewer, and an estimate that errs must err towards more slides.
CHARS_PER_LINE = 88
#: Height a slide holds for its cells, below its top margin and above the slide number.
BUDGET_PX = 640
#: A chart is drawn as wide as the slide allows, up to this height (a tall chart narrower).
CHART_PX = 590
TABLE_ROW_PX = 40
#: Rows of a table a slide shows; the rest are on the lesson's page, and the slide says so.
DECK_TABLE_ROWS = 8
#: Code is hidden on slides, unless its cell carries this tag: the code is the lesson there.
SHOW_CODE_TAG = "slide-code"
HEADING_PX = {1: 76, 2: 64, 3: 54}
#: Height estimated for each kind of output (see ``structure._output_kind``): a panel or a list
#: of sources takes a slide below its heading.
OUTPUT_PX = {"widget": BUDGET_PX - HEADING_PX[2], "chart": CHART_PX + 24,
             "sources": BUDGET_PX - HEADING_PX[2], "text": 8 * 30 + 24, "value": 60}
