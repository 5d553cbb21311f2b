"""The glossary and the reading lists: complete, sourced, findable, and safe to show."""

from __future__ import annotations

import html
import re
import shutil
import unicodedata
from pathlib import Path

import pandas as pd
import pytest
from explorer_support import values_a_student_can_give

from geopolitics import catalogue, data
from geopolitics.catalogue import CatalogueError
from geopolitics.explorers.lesson00 import SHOWN_AT_MOST, glossary_explorer, glossary_table_html
from geopolitics.explorers.panel import Form
from geopolitics.glossary import GlossaryError, fold, glossary, lookup
from geopolitics.sources import KINDS, further_reading

LESSONS = catalogue.ids()

GLOSSARY = glossary()
READING = data.load("further_reading")
SOURCE_IDS = set(data.load("sources")["id"])

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
TONE_MARKED = re.compile("[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜĀÁǍÀĒÉĚÈĪÍǏÌŌÓǑÒŪÚǓÙ]")
PINYIN_LETTERS = re.compile(r"[A-Za-z0-9āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüĀÁǍÀĒÉĚÈĪÍǏÌŌÓǑÒŪÚǓÙ ·'\-]*")

# The terms issue 8 asks a self-learner to be able to look up, with their Chinese form where
# the issue names one.
REQUIRED = {
    "tiktok-refugee": "TikTok难民", "xiaohongshu": "小红书", "cat-tax": "猫税",
    "foreign-adversary": None, "foreign-adversary-controlled-application": None,
    "qualified-divestiture": None, "divest-or-ban": None, "pafaca": None,
    "bytedance": "字节跳动", "douyin": "抖音", "lemon8": None, "content-moderation": None,
    "keyword-filtering": None, "great-firewall": None, "real-name-registration": None,
    "soft-power": "软实力", "public-diplomacy": None, "framing": None, "cac": None,
    "national-security": None, "first-amendment": None, "intermediate-scrutiny": None,
    "margin-of-error": None, "daily-active-users": None, "monthly-active-users": None,
    "app-intelligence-estimate": None, "network-effect": None, "switching-cost": None,
    "fanqiang": "翻墙", "weibo": "微博", "wechat": "微信",
}


def _text(value: object) -> str:
    return "" if value is None or (isinstance(value, float) and value != value) else str(value)


def _said(explorer: Form) -> str:
    """The status line as a person reads it (the widget escapes it for HTML)."""
    return html.unescape(explorer.status.value)


def _rows_shown(html_text: str) -> int:
    return html_text.count("<tr><th scope='row'>")


# --- the glossary table ----------------------------------------------------------------------

def test_every_term_the_issue_names_is_in_the_glossary() -> None:
    by_id = GLOSSARY.set_index("id")
    missing = sorted(set(REQUIRED) - set(by_id.index))
    assert not missing, f"missing glossary terms: {missing}"
    for term_id, chinese in REQUIRED.items():
        if chinese:
            assert by_id.loc[term_id, "term_zh"] == chinese, term_id


def test_the_glossary_has_between_30_and_45_terms() -> None:
    assert 30 <= len(GLOSSARY) <= 45


def test_every_glossary_source_is_a_row_of_the_sources_table() -> None:
    unknown = set(GLOSSARY["source_id"]) - SOURCE_IDS
    assert not unknown, f"glossary cites sources that do not exist: {sorted(unknown)}"


@pytest.mark.parametrize("term_id", list(GLOSSARY["id"]))
def test_each_character_has_one_tone_mark_or_a_neutral_tone_dot(term_id: str) -> None:
    row = GLOSSARY.set_index("id").loc[term_id]
    pinyin = unicodedata.normalize("NFC", _text(row["pinyin"]))
    characters = len(CJK.findall(row["term_zh"]))
    assert PINYIN_LETTERS.fullmatch(pinyin), f"{term_id}: pinyin has stray characters"
    if characters == 0:
        assert pinyin == "", f"{term_id}: pinyin without Chinese characters"
        return
    marked = len(TONE_MARKED.findall(pinyin)) + pinyin.count("·")
    assert marked == characters, (
        f"{term_id}: {characters} characters but {marked} tone marks or neutral-tone dots "
        f"in '{pinyin}'")
    # pinyin spells the same syllables whatever the marks: no digits for tones
    assert not re.search(r"\d", pinyin), term_id


def test_no_term_appears_twice() -> None:
    english = GLOSSARY["term_en"].map(fold)
    assert not english.duplicated().any(), list(GLOSSARY["term_en"][english.duplicated()])
    chinese = GLOSSARY["term_zh"]
    assert not chinese.duplicated().any(), list(chinese[chinese.duplicated()])


def test_see_also_names_other_entries_of_the_glossary() -> None:
    ids = set(GLOSSARY["id"])
    for row in GLOSSARY.itertuples():
        related = [x.strip() for x in _text(row.see_also).split(";") if x.strip()]
        assert set(related) <= ids, (row.id, set(related) - ids)
        assert row.id not in related, f"{row.id} lists itself"


def test_definitions_are_one_or_two_sentences() -> None:
    ends = re.compile(r"(?<![A-Z])[.!?](?=\s+[A-Z\"(]|$)")
    for row in GLOSSARY.itertuples():
        definition = row.definition
        assert definition.endswith("."), row.id
        assert 1 <= len(ends.findall(definition)) <= 2, (row.id, definition)


def test_our_own_translations_are_labelled_as_such() -> None:
    descriptive = GLOSSARY[GLOSSARY["zh_basis"] == "descriptive"]
    assert not descriptive.empty
    shown = glossary_table_html(descriptive.assign(url=None), caption="test")
    assert shown.count("(our translation)") == len(descriptive)


# --- looking terms up ------------------------------------------------------------------------

@pytest.mark.parametrize(("query", "first"), [
    ("soft power", "soft-power"),
    ("SOFT POWER", "soft-power"),
    ("软实力", "soft-power"),
    ("ruan shili", "soft-power"),
    ("ruǎn shílì", "soft-power"),
    ("Xiǎohóngshū", "xiaohongshu"),
    ("xiao hong shu", "xiaohongshu"),
    ("RedNote", "xiaohongshu"),
    ("小红书 RedNote", "xiaohongshu"),
    ("fanqiang", "fanqiang"),
    ("翻墙", "fanqiang"),
    ("PAFACA", "pafaca"),
    ("网信办", "cac"),
    ("guolu", "keyword-filtering"),  # ü typed as u
    ("What is the Great Firewall?", "great-firewall"),
    ("maoshui", "cat-tax"),
    ("Dì-yī Xiūzhèng'àn", "first-amendment"),
])
def test_lookup_finds_a_term_in_english_chinese_or_pinyin(query: str, first: str) -> None:
    found = lookup(query)
    assert not found.empty, query
    assert found.iloc[0]["id"] == first


def test_lookup_puts_an_exact_match_before_a_partial_one() -> None:
    found = lookup("foreign adversary")
    assert list(found["id"][:2]) == ["foreign-adversary",
                                     "foreign-adversary-controlled-application"]


def test_lookup_can_keep_to_one_lesson() -> None:
    found = lookup("a", lesson="02")
    assert not found.empty and (found["lesson"] == "02").all()
    assert len(lookup("a")) > len(found)


@pytest.mark.parametrize("query", ["zzzz", "x" * 300, "<script>alert(1)</script>",
                                   "tank + photo; 六 + 四; +"])
def test_lookup_with_nothing_to_find_gives_an_empty_table(query: str) -> None:
    found = lookup(query)
    assert found.empty and list(found.columns) == list(GLOSSARY.columns)


@pytest.mark.parametrize("value", [None, 42, 3.5, ["soft power"], b"soft power", True])
def test_lookup_refuses_a_value_that_is_not_text(value: object) -> None:
    with pytest.raises(GlossaryError, match=r"lookup\(\) takes a word"):
        lookup(value)


@pytest.mark.parametrize("value", ["", "   ", "?!", "·", "\n\t"])
def test_lookup_refuses_text_with_nothing_to_look_up(value: str) -> None:
    with pytest.raises(GlossaryError, match="Give lookup"):
        lookup(value)


@pytest.mark.parametrize(("given", "code"), [(0, "00"), (5, "05"), ("2", "02"), ("02", "02"),
                                             (" 03 ", "03"), ("Lesson 04", "04")])
def test_lessons_can_be_named_as_numbers_or_text(given: object, code: str) -> None:
    assert catalogue.lesson(given).id == code


NOT_A_LESSON = f"{int(LESSONS[-1]) + 1:02d}"  # the first id after the catalogue's last


@pytest.mark.parametrize("given", [NOT_A_LESSON, str(int(NOT_A_LESSON)), "abc", "", None, True,
                                   3.5, -1, 100, "0 2"])
def test_a_lesson_that_does_not_exist_is_refused(given: object) -> None:
    span = f"{LESSONS[0]} to {LESSONS[-1]}"
    with pytest.raises(CatalogueError, match=span):
        catalogue.lesson(given)
    with pytest.raises(CatalogueError, match=span):
        further_reading(given)


# --- where to go next ------------------------------------------------------------------------

@pytest.mark.parametrize("lesson", list(LESSONS))
def test_every_lesson_has_three_to_six_items_to_read_next(lesson: str) -> None:
    items = READING[READING["lesson"] == lesson]
    assert 3 <= len(items) <= 6, f"lesson {lesson} has {len(items)} items"
    assert not items["source_id"].duplicated().any(), lesson
    assert set(items["source_id"]) <= SOURCE_IDS


@pytest.mark.parametrize("lesson", list(LESSONS))
def test_a_reading_list_cites_every_item_grouped_by_kind(lesson: str) -> None:
    listing = further_reading(lesson)
    items = READING[READING["lesson"] == lesson]
    sources = data.load("sources").set_index("id")
    text, markdown, page = str(listing), listing._repr_markdown_(), listing._repr_html_()
    for source_id in items["source_id"]:
        url = sources.loc[source_id, "url"]
        assert source_id in text and url in text
        assert f"`{source_id}`" in markdown and f"(<{url}>)" in markdown
        assert f"href='{url}'" in page
    headings = [KINDS[k] for k in KINDS if k in set(items["kind"])]
    positions = [markdown.index(f"**{h}**") for h in headings]
    assert positions == sorted(positions), "kinds are not in the order primary, reading, data"
    assert [h for h, _ in listing.groups()] == headings


def test_a_copy_is_flagged_in_the_reading_list() -> None:
    listing = further_reading("00")
    medium = listing.items[listing.items["confidence"] == "medium"]
    assert not medium.empty
    assert str(listing).count("Medium confidence") == len(medium)


@pytest.fixture
def marked_up_sources(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A copy of data/ in which one reading-list source has markup in its title."""
    folder = tmp_path / "data"
    shutil.copytree(data.data_dir(), folder)
    sources = pd.read_csv(folder / "sources.csv", dtype=str, keep_default_na=False)
    target = READING[READING["lesson"] == "03"].iloc[0]["source_id"]
    sources.loc[sources["id"] == target, "title"] = "<b>Bold</b> *star* [x](javascript:y)"
    sources.to_csv(folder / "sources.csv", index=False)
    monkeypatch.setenv("GEOPOLITICS_DATA", str(folder))
    return target


def test_markup_in_a_source_is_shown_as_text(marked_up_sources: str) -> None:
    listing = further_reading("03")
    page, markdown = listing._repr_html_(), listing._repr_markdown_()
    assert "<b>Bold</b>" not in page and "&lt;b&gt;Bold&lt;/b&gt;" in page
    assert r"\*star\*" in markdown and r"\[x\]\(javascript:y\)" in markdown
    assert "<b>" not in markdown.replace(r"\<b\>", "")


# --- the widget ------------------------------------------------------------------------------

@pytest.fixture
def explorer() -> Form:
    return glossary_explorer()


def test_every_value_a_student_can_give_is_answered(explorer: Form) -> None:
    for name, control in explorer.controls.items():
        for value in values_a_student_can_give(control, limit=40):
            control.value = value
            status, result = explorer.status.value, explorer.result.value
            assert status, f"{name}={value!r} left the status empty"
            assert "<script>" not in status and "<script>" not in result
            assert _rows_shown(result) <= SHOWN_AT_MOST


def test_a_match_is_shown_as_an_accessible_table(explorer: Form) -> None:
    assert explorer.set(text="soft power")
    shown = explorer.result.value
    for part in ("<caption", "<th scope='col'>English</th>", "<th scope='row'>soft power</th>",
                 "<td lang='zh-Hans'>软实力</td>", "<td lang='zh-Latn-pinyin'>ruǎn shílì</td>",
                 "href='https://www.nature.com/articles/palcomms20178'"):
        assert part in shown, part
    assert "1 term matches 'soft power'" in _said(explorer)


def test_a_lesson_alone_lists_the_terms_it_introduces(explorer: Form) -> None:
    assert explorer.set(lesson="03")
    terms = glossary("03")
    assert _rows_shown(explorer.result.value) == min(len(terms), SHOWN_AT_MOST)
    for term in terms["term_en"]:
        assert f"<th scope='row'>{term}</th>" in explorer.result.value
    assert f"{len(terms)} terms are introduced in lesson 03" in _said(explorer)


def test_text_and_lesson_narrow_together(explorer: Form) -> None:
    assert explorer.set(text="scrutiny", lesson="01")
    assert _rows_shown(explorer.result.value) == 2
    assert explorer.set(lesson="02")
    assert "No terms match 'scrutiny' in lesson 02" in _said(explorer)
    assert "⚠" not in explorer.status.value


def test_a_long_list_is_cut_to_one_screen(explorer: Form) -> None:
    assert explorer.set(text="a")
    assert _rows_shown(explorer.result.value) == SHOWN_AT_MOST
    assert f"the first {SHOWN_AT_MOST} are shown" in _said(explorer)


def test_a_change_of_control_changes_result_and_status(explorer: Form) -> None:
    before = (explorer.result.value, explorer.status.value)
    assert explorer.set(text="TikTok")
    assert explorer.result.value != before[0] and explorer.status.value != before[1]


@pytest.mark.parametrize(("control", "nonsense"), [
    ("text", 42), ("text", None), ("text", ["soft power"]),
    ("lesson", "07"), ("lesson", None), ("lesson", "<script>alert(1)</script>"),
])
def test_nonsense_set_from_code_is_explained_and_the_table_kept(
        explorer: Form, control: str, nonsense: object) -> None:
    assert explorer.set(text="soft power")
    kept = explorer.result.value
    explorer.set(**{control: nonsense})  # refused by the control, or taken and explained
    assert "⚠" in explorer.status.value and "<script>" not in explorer.status.value
    assert explorer.result.value == kept
    assert not explorer.set(no_such_control=1)
    assert "no control called" in explorer.status.value


def test_a_broken_value_keeps_the_last_table(explorer: Form) -> None:
    assert explorer.set(text="cat tax")
    kept = explorer.result.value
    explorer.controls["text"]._trait_values["value"] = object()  # as a broken front end might
    explorer.update()
    assert "⚠" in explorer.status.value and "last valid choice" in explorer.status.value
    assert explorer.result.value == kept
