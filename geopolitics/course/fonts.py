"""Chinese on any computer: decks and pages carry the kit's own Chinese font.

A deck showing 走出去 on a computer with no Chinese font drew empty boxes (issue 20). Each
deck or page whose text holds Chinese now embeds "Kit CJK", a subset of Noto Sans CJK SC (SIL
Open Font License 1.1; ``assets/kit-cjk-LICENSE.txt``) written by ``tools/cjk_font.py``, as a
data URI: a font file beside the page would be refused by the browser from ``file://``.

The face covers only the CJK ranges (``unicode-range``), and a small script puts it first in
the font list of exactly the elements whose own text is Chinese; every other character keeps
the font it had, so no slide's layout moves.
"""

from __future__ import annotations

import base64
import functools
import re
from pathlib import Path

ASSETS = Path(__file__).resolve().parent / "assets"
FONT = ASSETS / "kit-cjk.woff"
LICENSE = ASSETS / "kit-cjk-LICENSE.txt"
FAMILY = "Kit CJK"

#: CJK punctuation, kana, ideographs and full-width forms: what the face is asked to draw.
CJK_RANGES = ((0x2E80, 0x2FFF), (0x3000, 0x30FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF),
              (0xF900, 0xFAFF), (0xFF00, 0xFFEF))
CJK = re.compile("[" + "".join(f"\\U{a:08x}-\\U{b:08x}" for a, b in CJK_RANGES) + "]")
#: The same class for a JavaScript RegExp (every range is in the Basic Multilingual Plane).
CJK_JS = "[" + "".join(f"\\u{a:04X}-\\u{b:04X}" for a, b in CJK_RANGES) + "]"

#: Puts the face first for elements whose own text is Chinese (HTML and SVG alike).
_FIRST_JS = """
document.addEventListener("DOMContentLoaded", () => {
  const cjk = /%s/;
  for (const element of document.querySelectorAll("body *")) {
    const own = [...element.childNodes].some((n) => n.nodeType === 3 && cjk.test(n.data));
    if (own) element.style.fontFamily = '"%s", ' + getComputedStyle(element).fontFamily;
  }
});
"""


def chinese_in(text: str) -> set[str]:
    return set(CJK.findall(text))


@functools.cache
def _head() -> str:
    data = base64.b64encode(FONT.read_bytes()).decode("ascii")
    ranges = ", ".join(f"U+{a:X}-{b:X}" for a, b in CJK_RANGES)
    return (f'<style type="text/css">@font-face {{ font-family: "{FAMILY}"; '
            f'src: url(data:font/woff;base64,{data}) format("woff"); '
            f"unicode-range: {ranges}; }}</style>\n"
            f"<script>{_FIRST_JS % (CJK_JS, FAMILY)}</script>\n")


def with_chinese_font(page: str) -> str:
    """The HTML page with the kit's Chinese font in its head, if its text has Chinese."""
    if not chinese_in(page) or "</head>" not in page:
        return page
    return page.replace("</head>", _head() + "</head>", 1)
