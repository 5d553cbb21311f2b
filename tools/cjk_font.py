"""Maintainers: write the kit's Chinese font, a subset of Noto Sans CJK SC (SIL Open Font
License 1.1) holding every Chinese character the kit's lectures, data and code contain.

Decks and pages embed it (``geopolitics/course/fonts.py``), so 走出去 reads on a computer with
no Chinese font, offline. Run it after adding Chinese text anywhere in the kit; the export
tests fail, naming the characters, when a deck or page shows one the font lacks:

    .venv/bin/python tools/cjk_font.py [--source /path/to/NotoSansCJK-Regular.ttc]

It needs fontTools (in the test extras) and the Noto CJK font (Debian: fonts-noto-cjk).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geopolitics.course.fonts import FONT, LICENSE, chinese_in  # noqa: E402

SOURCE = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
#: Where Chinese text can come from: what a deck or a page shows is a lecture, its outputs
#: (made from the data and the package), the catalogue and the glossary.
PLACES = ("notebooks/*.ipynb", "data/*.csv", "geopolitics/**/*.py", "lessons.toml")
DEBIAN_RECORD = Path("/usr/share/doc/fonts-noto-cjk/copyright")


def license_text(font_copyright: str) -> str:
    """The notice the OFL asks to travel with the font, and the license itself, from
    Debian's record of fonts-noto-cjk."""
    record = DEBIAN_RECORD.read_text(encoding="utf-8").split("\nLicense: SIL-1.1\n")[-1]
    body = []
    for line in record.splitlines():
        if line and not line.startswith(" "):
            break
        body.append("" if line.strip() == "." else line[1:])
    return ("Kit CJK: a subset of Noto Sans CJK SC Regular, made by tools/cjk_font.py and\n"
            "renamed as the license asks of a modified version.\n\n"
            f"{font_copyright}\n\n" + "\n".join(body).strip()
            + "\n")


def characters() -> str:
    """Every character in the CJK ranges found in the kit's texts, sorted."""
    found: set[str] = set()
    for place in PLACES:
        for path in ROOT.glob(place):
            found |= chinese_in(path.read_text(encoding="utf-8"))
    return "".join(sorted(found))


def face_of(source: Path, family: str = "Noto Sans CJK SC") -> int:
    """The number of the font called ``family`` in a collection (.ttc)."""
    from fontTools.ttLib import TTCollection

    for number, font in enumerate(TTCollection(str(source)).fonts):
        if font["name"].getDebugName(1) == family:
            return number
    raise SystemExit(f"{source} holds no {family!r}")


def write(source: Path, text: str) -> int:
    from fontTools import subset

    options = subset.Options()
    options.flavor = "woff"  # zlib: no brotli needed to write or to read it
    options.font_number = face_of(source)
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 13, 14]  # keep the copyright and license
    options.layout_features = ["*"]
    options.hinting = False
    options.desubroutinize = True  # smaller once compressed
    font = subset.load_font(str(source), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=text)
    subsetter.subset(font)
    for record in font["name"].names:  # a modified version takes another name (OFL 1.1, 3)
        if record.nameID in (1, 3, 4, 6, 16):
            record.string = "Kit CJK" if record.nameID != 6 else "KitCJK-Regular"
    FONT.parent.mkdir(parents=True, exist_ok=True)
    subset.save_font(font, str(FONT), options)
    LICENSE.write_text(license_text(font["name"].getDebugName(0)), encoding="utf-8")
    return FONT.stat().st_size


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--source", type=Path, default=SOURCE)
    args = parser.parse_args()
    if not args.source.is_file():
        print(f"{args.source} is missing: install Debian's fonts-noto-cjk or give --source",
              file=sys.stderr)
        return 2
    text = characters()
    size = write(args.source, text)
    print(f"wrote {FONT.relative_to(ROOT)}: {len(text)} characters, {size / 1024:.0f} KB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
