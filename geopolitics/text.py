"""The kit's text normalisers, in one place, each named for what it compares.

Three parts of the kit compare text that a student typed with text the kit holds, and each
needs a different idea of "the same":

* the glossary search should find *Xiǎohóngshū* when a student types "xiao hongshu", so it
  drops accents, case and everything that is not a letter or digit (:func:`search_key`);
* the law model must recognise "the People's Republic of China" and "Côte d'Ivoire" however they
  are typed, but must not run words together, so it keeps word breaks (:func:`name_key`); it
  spots "ByteDance Ltd." inside "Bytedance-Ltd" by dropping them too (:func:`squeezed_name`);
* the censorship model imitates a censor who undoes spelling tricks: full-width letters and
  compatibility forms are unified and spaces, punctuation and invisible characters deleted,
  but accents are *kept*, because a censor's keyword list is exact about them
  (:func:`squeezed_post`).

They were three private functions, two of them called ``_squeezed`` with different meanings;
here each has a name that says which comparison it serves, so a change to one cannot
silently change another.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["casefold_nfkc", "name_key", "search_key", "squeezed_name", "squeezed_post"]


# --- search: the glossary -------------------------------------------------------------------

def search_key(text: str) -> str:
    """Text reduced to what a search should compare: 'Xiǎohóng-shū' and 'xiao hongshu' agree.

    Accents and tone marks go (ü becomes u), capitals go, and so does everything that is not a
    letter, digit or character (spaces, hyphens, apostrophes, the neutral-tone dot). A student
    rarely types pinyin with tone marks, so a search that needed them would find nothing.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return "".join(c for c in bare.casefold() if c.isalnum())


# --- names: countries and companies in the law model ------------------------------------------

def name_key(text: str) -> str:
    """A name reduced for matching: no accents, case, apostrophes, punctuation or leading 'the'.

    "The People's Republic of China" and "peoples republic of china" give the same key, so a
    country can be typed as a student writes it; words stay apart (one space between them), so
    a close-match suggestion can still be made from the key for a misspelt name.
    """
    plain = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in plain if not unicodedata.combining(c)).casefold()
    plain = re.sub(r"['’`]", "", plain)
    plain = re.sub(r"[^\w]+", " ", plain).strip()
    return plain.removeprefix("the ")


def squeezed_name(text: str) -> str:
    """:func:`name_key` with every space, punctuation mark and underscore removed as well.

    Company names are written many ways ("ByteDance Ltd.", "Bytedance-Ltd", "BYTEDANCE LTD"),
    and the Act names companies, not spellings: with nothing between the letters, one
    substring test finds "bytedance" in all of them.
    """
    return re.sub(r"[\W_]+", "", name_key(text))


# --- posts: the censorship model's "normalised" mode -------------------------------------------

_DELETED_CATEGORIES = frozenset({
    "Zs", "Zl", "Zp",  # spaces and line breaks
    "Cc", "Cf",  # control characters and invisible formatting (zero-width space, soft hyphen)
    "Pc", "Pd", "Ps", "Pe", "Pi", "Pf", "Po",  # punctuation of every kind
})
_VARIATION_SELECTORS = range(0xFE00, 0xFE10)


class _Squeeze(dict[int, int | None]):
    """A ``str.translate`` table that deletes spaces, punctuation and invisible characters.

    It fills itself in as characters are met, so no table of all of Unicode is built.
    """

    def __missing__(self, code: int) -> int | None:
        deleted = code in _VARIATION_SELECTORS or (
            unicodedata.category(chr(code)) in _DELETED_CATEGORIES)
        value = None if deleted else code
        self[code] = value
        return value


_SQUEEZE = _Squeeze()


def casefold_nfkc(text: str) -> str:
    """Compatibility forms unified and case folded (NFKC_Casefold, in effect).

    Full-width ｔａｎｋ becomes tank and ﬁ becomes fi, so the look of a character cannot hide
    a keyword; accents are kept, unlike :func:`search_key`.
    """
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())


def squeezed_post(text: str) -> str:
    """:func:`casefold_nfkc`, then every space, punctuation mark and invisible character deleted.

    "六 四", "t.a.n.k m.a.n" and a word split by a zero-width space close up, as a censor's
    normaliser would close them up; words that only happen to meet are joined too, which is
    part of what lesson 02 measures.
    """
    return casefold_nfkc(text).translate(_SQUEEZE)


def one_line(text: str, limit: int = 160) -> str:
    """Text flattened to one line of at most ``limit`` characters, for a table cell, a log
    line or a note: a traceback or a flood of printing must not break the row it lands in."""
    flat = " ".join(text[: 4 * limit + 1].split())  # no need to split megabytes
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
