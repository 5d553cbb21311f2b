"""The toy censor matches literally and predictably, measures itself honestly, and its corpus is
reproducible: every mode, combination, metric and error, on hand-made posts and on the corpus."""

from __future__ import annotations

import csv
import math
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tool_scripts import load_tool

from geopolitics import data
from geopolitics.errors import KitError
from geopolitics.models.censorship import (
    DEFAULT_KEYWORDS,
    EQUIVALENTS,
    EVASIONS,
    MODES,
    Evaluation,
    Filter,
    FilterInputError,
    evaluate,
    load_posts,
    normalise,
)

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "tools" / "make_synthetic_posts.py"
CORPUS = ROOT / "data" / "synthetic_posts.csv"
COLUMNS = ["id", "language", "text", "label", "topic", "evasion", "synthetic", "generator"]
METACHARACTERS = [".", "*", "+", "?", "[", "]", "(", ")", "{", "}", "|", "\\", "^", "$",
                  ".*", "a|b", "(?i)", "[a-z]+", "\\d", "$^"]


generator = load_tool("make_synthetic_posts")


# --- the three modes ------------------------------------------------------------------------------

def test_substring_finds_a_keyword_inside_other_words_ignoring_case() -> None:
    tank = Filter(["tank"])
    assert tank.mode == "substring"
    assert tank.blocks("My fish tank is clean")
    assert tank.blocks("fish tanks")
    assert tank.blocks("TANK")
    assert not tank.blocks("a tan kitten")


def test_exact_word_needs_the_whole_word() -> None:
    tank = Filter(["tank"], mode="exact_word")
    assert tank.blocks("My fish tank is clean")
    assert tank.blocks("Tank!")
    assert not tank.blocks("fish tanks")
    assert not tank.blocks("think-tankers")
    manager = "My sister is a think tank manager"
    assert Filter(["tank man"]).blocks(manager)
    assert not Filter(["tank man"], mode="exact_word").blocks(manager)


def test_exact_word_falls_back_to_substring_for_chinese() -> None:
    """Chinese is written without spaces, so there is no word edge to look for."""
    sixty_four = Filter(["六四"], mode="exact_word")
    assert sixty_four.blocks("今天是六四纪念日")
    assert sixty_four.blocks("这个项目我们六四开")  # the price of falling back: a 60/40 split
    assert Filter(["tank man"], mode="exact_word").blocks("看到有人发tank man的照片")
    assert not Filter(["tank"], mode="exact_word").blocks("看到有人发tankman的照片")


@pytest.mark.parametrize(("keyword", "text"), [
    ("六四", "今天是六 四"),
    ("六四", "六.四 那年"),
    ("六四", "六\u200b四"),  # a zero-width space
    ("tank man", "t a n k m a n"),
    ("tank man", "T.a.n.k M.a.n"),
    ("tank man", "ｔａｎｋ ｍａｎ"),  # full-width letters
    ("六四", "Is liusi a sensitive word?"),
    ("六四", "LIU-SI"),
    ("六四", "又到了五月三十五日"),
    ("六四", "Happy May 35th"),
    ("和谐", "又被河蟹了"),
    ("维尼", "weini 的表情包"),
    ("protest", "p.r.o.t.e.s.t"),
])
def test_normalised_catches_what_substring_misses(keyword: str, text: str) -> None:
    assert Filter([keyword], mode="normalised").blocks(text)
    assert not Filter([keyword]).blocks(text)


def test_normalising_also_joins_words_that_only_happen_to_meet() -> None:
    """The cost of normalising, which the lesson measures as over-blocking."""
    assert Filter(["tank man"], mode="normalised").blocks("a think tank manager")
    assert Filter(["六四"], mode="normalised").blocks("租的房间只有8平方")
    assert normalise("T.a.n.k  M.a.n") == "tankman"
    assert normalise("今天是五月三十五日") == "今天是六四"


def test_equivalents_are_a_small_read_only_table() -> None:
    assert 5 <= len(EQUIVALENTS) <= 20
    assert EQUIVALENTS["河蟹"] == "和谐" and EQUIVALENTS["liusi"] == "六四"
    with pytest.raises(TypeError):
        EQUIVALENTS["new"] = "六四"  # type: ignore[index]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("keyword", METACHARACTERS)
def test_keywords_are_literal_text_never_regular_expressions(mode: str, keyword: str) -> None:
    censor = Filter([keyword], mode=mode)
    assert not censor.blocks("今天吃火锅")  # a regular expression such as .* would match it
    assert censor.blocks(f"x {keyword} y") or not normalise(keyword)  # "..." normalises to ""
    if mode != "normalised":  # normalising deletes the punctuation, leaving "(?i)" as "i"
        assert not censor.blocks("an ordinary post about hot pot")


def test_a_keyword_of_punctuation_only_is_ignored_when_normalising() -> None:
    censor = Filter(["...", "六四"], mode="normalised")
    assert censor.ignored == ("...",)
    assert not censor.blocks("Well...")
    assert censor.blocks("六四")


@pytest.mark.parametrize("mode", MODES)
def test_emoji_and_mixed_scripts_match(mode: str) -> None:
    censor = Filter(["🐻🍯", "Pooh维尼"], mode=mode)
    assert censor.why("look 🐻🍯 here") == "🐻🍯"
    assert censor.why("pooh维尼!") == "Pooh维尼"
    assert not censor.blocks("🐻 and 🍯")


def test_keywords_are_cleaned_but_kept_in_order() -> None:
    censor = Filter([" 六四 ", "", "   ", "六四", "tank man", "\t"])
    assert censor.keywords == ("六四", "tank man")
    assert repr(censor) == "Filter(['六四', 'tank man'], mode='substring')"


def test_any_iterable_of_text_is_a_keyword_list() -> None:
    assert Filter(pd.Series(["六四"])).blocks("六四")
    assert Filter(k for k in ["六四"]).blocks("六四")
    assert Filter(["六四"], mode="normalized").mode == "normalised"


@pytest.mark.parametrize("mode", MODES)
def test_an_empty_filter_blocks_nothing(mode: str) -> None:
    censor = Filter([], mode=mode)
    assert censor.is_empty
    assert not censor.blocks("六四 tank man protest 维尼")
    assert censor.why("") is None


def test_why_names_the_keyword_as_written() -> None:
    assert Filter(["Tank Man"]).why("the TANK MAN photo") == "Tank Man"
    assert Filter(["六四"], mode="normalised").why("liusi") == "六四"
    assert Filter(["tank", "tank man"]).why("tank man") == "tank man"  # longest at one place
    assert Filter(["protest", "六四"]).why("六四 and a protest") == "六四"  # first in the post
    assert Filter(["六四"]).why("hot pot") is None


# --- combinations ---------------------------------------------------------------------------------

def test_a_combination_blocks_only_when_every_keyword_appears() -> None:
    censor = Filter([], combinations=[["tank", "photo"]])
    assert censor.why("the famous tank photo") == "tank + photo"
    assert censor.blocks("PHOTO of a tank")
    assert not censor.blocks("a fish tank")
    assert not censor.blocks("a photo of my cat")
    assert censor.combinations == (("tank", "photo"),)


def test_single_keywords_are_tried_before_combinations() -> None:
    censor = Filter(["photo"], combinations=[["tank", "photo"], ["1989", "square"]])
    assert censor.why("tank photo") == "photo"
    assert censor.why("the square, 1989") == "1989 + square"
    assert "tank + photo" in censor.describe()


def test_combinations_follow_the_mode() -> None:
    words = [["tank", "photo"]]
    assert not Filter([], mode="exact_word", combinations=words).blocks("tanks and photos")
    assert Filter([], mode="substring", combinations=words).blocks("tanks and photos")
    assert Filter([], mode="normalised", combinations=words).blocks("t.a.n.k p-h-o-t-o")


def test_no_combinations_may_be_written_as_none() -> None:
    assert Filter(["六四"], combinations=None).combinations == ()


# --- errors a student can act on ------------------------------------------------------------------

@pytest.mark.parametrize(("call", "words"), [
    (lambda: Filter(["六四"], mode="regex"), "'exact_word', 'substring' or 'normalised'"),
    (lambda: Filter(["六四"], mode="exact"), "Did you mean 'exact_word'?"),
    (lambda: Filter(["六四"], mode=3), "you gave 3 (int)"),
    (lambda: Filter("六四"), "square brackets"),
    (lambda: Filter(42), "list of keywords"),
    (lambda: Filter(None), "list of keywords"),
    (lambda: Filter(["六四", 64]), "item 2 of keywords is 64 (int)"),
    (lambda: Filter([float("nan")]), "NaN"),
    (lambda: Filter([], combinations=[["tank"]]), "at least two"),
    (lambda: Filter([], combinations=[["tank", " tank "]]), "1 different keyword"),
    (lambda: Filter([], combinations=["tank", "photo"]), "combination 1 is the single text"),
    (lambda: Filter([], combinations="tank"), "list of keyword groups"),
    (lambda: Filter([], combinations=[["tank", 1]]), "item 2 of combination 1"),
    (lambda: Filter(["六四"]).blocks(None), "a post must be text"),
    (lambda: Filter(["六四"]).why(3), "a post must be text"),
    (lambda: normalise(None), "normalise() needs text"),
])
def test_bad_input_raises_one_readable_sentence(call: Callable[[], object], words: str) -> None:
    with pytest.raises(FilterInputError) as caught:
        call()
    assert isinstance(caught.value, ValueError) and isinstance(caught.value, KitError)
    message = str(caught.value)
    assert words in message
    assert "\n" not in message and message.endswith((".", "?"))


def _posts(rows: list[tuple[str, str, str, str]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["id", "text", "label", "evasion"])


TINY = _posts([
    ("p1", "六四 anniversary", "target", "none"),
    ("p2", "今天是六 四", "target", "spacing"),
    ("p3", "Join the protest on Saturday", "target", "none"),
    ("p4", "Our fish tank man comes on Tuesdays", "benign", "none"),
    ("p5", "Cat tax: this is Mochi 🐱", "benign", "none"),
    ("p6", "Hot pot tonight", "benign", "none"),
])


@pytest.mark.parametrize(("posts", "words"), [
    ("posts.csv", "must be a DataFrame"),
    (TINY.drop(columns="label"), "no 'label' column"),
    (TINY.drop(columns=["label", "text"]), "no 'text' and 'label' columns"),
    (TINY.assign(label=["target", "benign", "spam", "target", None, "benign"]), "'spam'"),
    (TINY.assign(text=["a", None, "c", "d", "e", "f"]), "1 post (id p2) has a missing value"),
    (TINY.assign(text=[1, 2, 3, 4, 5, 6]), "6 posts"),
])
def test_evaluate_refuses_posts_it_cannot_read(posts: object, words: str) -> None:
    with pytest.raises(FilterInputError, match=re.escape(words)):
        evaluate(Filter(DEFAULT_KEYWORDS), posts)  # type: ignore[arg-type]


def test_evaluate_needs_a_filter_first() -> None:
    with pytest.raises(FilterInputError, match="needs a Filter first"):
        evaluate(TINY, Filter(DEFAULT_KEYWORDS))  # type: ignore[arg-type]


# --- metrics, checked by hand ---------------------------------------------------------------------

def test_metrics_on_six_hand_made_posts() -> None:
    # Substring on the default list blocks p1 (六四), p3 (protest) and p4 (tank man):
    # 3 targets, 3 benign; 3 blocked, of which 2 targets; p2's spacing gets through.
    result = evaluate(Filter(DEFAULT_KEYWORDS), TINY)
    assert (result.n_posts, result.n_target, result.n_benign) == (6, 3, 3)
    assert (result.n_blocked, result.n_caught) == (3, 2)
    assert result.blocked_share == pytest.approx(3 / 6)
    assert result.caught == pytest.approx(2 / 3)
    assert result.missed == 1
    assert result.over_blocked == 1
    assert result.over_block_rate == pytest.approx(1 / 3)
    assert result.precision == pytest.approx(2 / 3)

    assert result.examples_missed["id"].tolist() == ["p2"]
    assert result.examples_missed["why"].tolist() == [None]
    assert result.examples_over_blocked[["id", "why"]].values.tolist() == [["p4", "tank man"]]
    assert result.examples_caught[["id", "why"]].values.tolist() == [
        ["p1", "六四"], ["p3", "protest"]]
    for frame in (result.examples_missed, result.examples_over_blocked, result.examples_caught):
        assert list(frame.columns) == ["id", "language", "text", "evasion", "why"]

    table = result.by_evasion()
    assert list(table.columns) == ["evasion", "n_target", "caught_share"]
    assert table.values.tolist() == [["none", 2, 1.0], ["spacing", 1, 0.0]]


def test_normalising_catches_the_spaced_post_on_the_same_posts() -> None:
    result = evaluate(Filter(DEFAULT_KEYWORDS, mode="normalised"), TINY)
    assert (result.n_caught, result.missed, result.over_blocked) == (3, 0, 1)
    assert result.caught == 1.0 and result.precision == pytest.approx(3 / 4)
    assert result.by_evasion()["caught_share"].tolist() == [1.0, 1.0]


def test_an_empty_filter_catches_nothing_and_has_no_precision() -> None:
    result = evaluate(Filter([]), TINY)
    assert (result.n_blocked, result.caught, result.missed) == (0, 0.0, 3)
    assert (result.over_blocked, result.over_block_rate) == (0, 0.0)
    assert result.blocked_share == 0.0
    assert result.precision is None
    assert any("blocks nothing" in note for note in result.notes)
    assert any("precision" in note for note in result.notes)


def test_no_posts_means_no_shares_and_a_message() -> None:
    result = evaluate(Filter(DEFAULT_KEYWORDS), TINY.iloc[0:0])
    assert (result.n_posts, result.n_target, result.n_benign, result.n_blocked) == (0, 0, 0, 0)
    assert (result.missed, result.over_blocked) == (0, 0)
    shares = (result.blocked_share, result.caught, result.over_block_rate, result.precision)
    assert shares == (None, None, None, None)
    assert any("no posts" in note for note in result.notes)
    assert "no posts" in str(result) and "no posts" in result._repr_html_()
    assert result.by_evasion().empty
    assert list(result.by_evasion().columns) == ["evasion", "n_target", "caught_share"]


def test_only_target_posts_leaves_the_over_block_rate_undefined() -> None:
    result = evaluate(Filter(DEFAULT_KEYWORDS), TINY[TINY["label"] == "target"])
    assert result.n_benign == 0 and result.over_block_rate is None
    assert any("benign" in note for note in result.notes)


def test_only_text_and_label_are_required() -> None:
    posts = pd.DataFrame({"text": ["六四", "hot pot"], "label": ["Target", " benign "]})
    result = evaluate(Filter(DEFAULT_KEYWORDS), posts)
    assert result.caught == 1.0 and result.over_blocked == 0
    assert result.examples_caught["id"].tolist() == ["1"]
    assert result.by_evasion()["evasion"].tolist() == ["unknown"]


def test_examples_are_capped_and_vary_by_evasion() -> None:
    rows = [(f"m{i}", f"post {i}", "target", evasion)
            for i, evasion in enumerate(["spacing"] * 6 + ["pinyin"] * 3 + ["wordplay"] * 3)]
    result = evaluate(Filter(["nothing matches this"]), _posts(rows))
    assert result.missed == 12
    examples = result.examples_missed
    assert len(examples) == 5
    assert examples["evasion"].tolist()[:3] == ["spacing", "pinyin", "wordplay"]


def test_posts_and_keywords_are_escaped_in_html() -> None:
    posts = _posts([
        ("<b>1</b>", "<script>alert('hi')</script> 六四", "target", "none"),
        ("2", "<img src=x onerror=alert(1)>", "target", "<i>spacing</i>"),
        ("3", "a <script> tag & more", "benign", "none"),
    ])
    result = evaluate(Filter(["<script>", "六四"]), posts)
    shown = result._repr_html_()
    assert "<script>" not in shown and "<img" not in shown and "<b>1" not in shown
    assert "<i>spacing" not in shown
    assert "&lt;script&gt;" in shown and "&lt;img src=x" in shown and "&amp; more" in shown
    assert "<script>alert('hi')</script>" in str(result)  # plain text stays as written


def test_the_evaluation_prints_its_findings() -> None:
    result = evaluate(Filter(DEFAULT_KEYWORDS), TINY)
    text = str(result)
    assert "Caught 2 of 3 target posts (66.7%); 1 slipped through." in text
    assert "Over-blocked 1 of 3 benign posts (33.3%)." in text
    assert "Caught by evasion: none 100.0% of 2; spacing 0.0% of 1." in text
    assert "fish tank man" in text and "(tank man)" in text
    assert isinstance(result, Evaluation) and "6 posts" in repr(result)


# --- the corpus -----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def corpus() -> pd.DataFrame:
    """The committed corpus, read as strings so its properties are checked as written."""
    return pd.read_csv(CORPUS, dtype=str, keep_default_na=False, encoding="utf-8")


def test_the_corpus_script_is_deterministic(tmp_path: Path) -> None:
    assert generator.render() == generator.render()
    copy = tmp_path / "posts.csv"
    assert generator.main(["--output", str(copy)]) == 0
    assert copy.read_bytes() == CORPUS.read_bytes()


def test_the_committed_corpus_is_what_the_script_writes() -> None:
    run = subprocess.run([sys.executable, str(SCRIPT), "--check"], capture_output=True,
                         text=True, check=False)
    assert run.returncode == 0, run.stderr


def test_check_mode_reports_a_changed_or_missing_file(tmp_path: Path) -> None:
    changed = tmp_path / "posts.csv"
    changed.write_bytes(CORPUS.read_bytes().replace(b"syn-0001", b"syn-9999"))
    assert generator.main(["--check", "--output", str(changed)]) == 1
    assert generator.main(["--check", "--output", str(tmp_path / "missing.csv")]) == 1


def test_the_corpus_file_is_plain_utf8_with_lf() -> None:
    raw = CORPUS.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf") and b"\r" not in raw and raw.endswith(b"\n")
    with CORPUS.open(encoding="utf-8", newline="") as handle:
        assert next(csv.reader(handle)) == COLUMNS


def test_the_corpus_has_the_agreed_shape(corpus: pd.DataFrame) -> None:
    assert list(corpus.columns) == COLUMNS
    assert 240 <= len(corpus) <= 400
    assert corpus["id"].tolist() == [f"syn-{n:04d}" for n in range(1, len(corpus) + 1)]
    assert corpus["text"].is_unique
    assert corpus["text"].str.len().max() <= 140
    assert (corpus["text"].str.strip() == corpus["text"]).all()
    assert (corpus["synthetic"] == "true").all()
    assert (corpus["generator"] == "tools/make_synthetic_posts.py seed 2025").all()
    assert set(corpus["label"]) == {"target", "benign"}
    assert set(corpus["topic"]) == {"june_fourth", "protest", "leader_nickname", "everyday"}
    assert set(corpus["evasion"]) == set(EVASIONS)
    languages = corpus["language"].value_counts()
    assert set(languages.index) == {"en", "zh"}
    assert abs(languages["en"] - languages["zh"]) <= len(corpus) // 10


def test_the_codes_agree_with_the_codebook(corpus: pd.DataFrame) -> None:
    target = corpus[corpus["label"] == "target"]
    benign = corpus[corpus["label"] == "benign"]
    assert set(target["evasion"]) == set(EVASIONS), "every evasion among target posts"
    assert "everyday" not in set(target["topic"])
    assert (benign["evasion"] == "none").all()
    for topic in ("june_fourth", "protest", "leader_nickname"):
        for language in ("en", "zh"):
            traps = benign[(benign["topic"] == topic) & (benign["language"] == language)]
            assert len(traps) >= 3, f"too few {language} traps for {topic}"
        for evasion in ("none", "spacing", "pinyin", "wordplay"):
            assert ((target["topic"] == topic) & (target["evasion"] == evasion)).any()


@pytest.mark.parametrize(("topic", "pattern"), [
    ("june_fourth", r"fish tank"),
    ("june_fourth", r"think tank manager"),
    ("june_fourth", r"birthday is June 4th"),
    ("june_fourth", r"第一盘六四|六四开|六四分成"),  # 六四 as a score or a split
    ("june_fourth", r"8平方"),
    ("june_fourth", r"Tiananmen Square|天安门"),
    ("protest", r"referee|裁判"),
    ("protest", r"绝食抗议|protests loudly"),
    ("protest", r"游行"),
    ("leader_nickname", r"zoo|动物园"),
    ("leader_nickname", r"Winnie the Pooh|小熊维尼"),
    ("leader_nickname", r"puppy Winnie|狗狗叫维尼"),
])
def test_every_trap_is_among_the_benign_posts(corpus: pd.DataFrame, topic: str,
                                              pattern: str) -> None:
    benign = corpus[(corpus["label"] == "benign") & (corpus["topic"] == topic)]
    assert benign["text"].str.contains(pattern).any(), pattern


def test_everyday_posts_borrow_no_policy_keyword(corpus: pd.DataFrame) -> None:
    everyday = corpus[corpus["topic"] == "everyday"]
    for mode in MODES:
        censor = Filter([*DEFAULT_KEYWORDS, "抗议", "游行", "June 4", "Winnie"], mode=mode)
        assert not any(censor.blocks(text) for text in everyday["text"]), mode


def test_the_default_list_shows_the_trade_offs_the_lesson_discusses(corpus: pd.DataFrame) -> None:
    found = {mode: evaluate(Filter(DEFAULT_KEYWORDS, mode=mode), corpus) for mode in MODES}
    assert found["normalised"].n_caught > found["substring"].n_caught
    assert found["exact_word"].over_blocked < found["substring"].over_blocked
    assert found["substring"].over_blocked <= found["normalised"].over_blocked
    for result in found.values():
        wordplay = result.by_evasion().set_index("evasion").loc["wordplay", "caught_share"]
        assert wordplay == 0.0  # no keyword list catches a description
        assert 0 < result.over_blocked < result.n_benign


def test_the_loader_reads_the_corpus_once_it_is_described(corpus: pd.DataFrame) -> None:
    if "synthetic_posts" not in data.table_names():
        pytest.skip("data/datapackage.json does not describe synthetic_posts yet; the other "
                    "corpus tests read the CSV with pandas instead")
    loaded = load_posts()
    assert list(loaded.columns) == COLUMNS
    assert loaded["text"].tolist() == corpus["text"].tolist()
    assert evaluate(Filter(DEFAULT_KEYWORDS), loaded).n_posts == len(corpus)


# --- nothing a student types breaks it ------------------------------------------------------------

TRICKY = [*METACHARACTERS, "", "   ", "\t\n", "🐻", "🍯🐻", "六四", "tank man", "維尼", "ß",
          "İ", "\u200b", "\x02", "\x03", "a" * 2000, "六" * 500, "...", "😀👍🏽", "(?P<x>"]
KEYWORD = st.one_of(st.text(max_size=30), st.sampled_from(TRICKY))
SAMPLE_POSTS = pd.DataFrame({
    "id": [str(i) for i in range(8)],
    "text": ["今天是六 四", "the famous tank photo", "Our fish tank man", "Cat tax 🐱",
             "", "ℌ𝔢𝔩𝔩𝔬 ｔａｎｋ", "\u200b\x02\x03", "a.*b [x] (y) $z^ \\"],
    "label": ["target", "target", "benign", "benign", "benign", "benign", "target", "benign"],
    "evasion": ["spacing", "wordplay", "none", "none", "none", "none", "spacing", "none"],
})


def _is_share(value: float | None) -> bool:
    return value is None or (0.0 <= value <= 1.0 and not math.isnan(value))


@settings(max_examples=150, deadline=None)
@given(keywords=st.lists(KEYWORD, max_size=8), mode=st.sampled_from(MODES),
       pairs=st.lists(st.tuples(KEYWORD, KEYWORD), max_size=3), text=st.text(max_size=60))
def test_any_keywords_in_any_mode_never_raise(keywords: list[str], mode: str,
                                              pairs: list[tuple[str, str]], text: str) -> None:
    groups = [list(pair) for pair in pairs if len({p.strip() for p in pair} - {""}) == 2]
    censor = Filter(keywords, mode=mode, combinations=groups)
    assert isinstance(censor.blocks(text), bool)
    why = censor.why(text)
    assert why is None or why in censor.keywords or " + " in why
    posts = pd.concat([SAMPLE_POSTS, pd.DataFrame({
        "id": ["x"], "text": [text], "label": ["target"], "evasion": ["pinyin"]})])
    result = evaluate(censor, posts)
    for share in (result.blocked_share, result.caught, result.over_block_rate, result.precision):
        assert _is_share(share)
    assert result.n_caught + result.missed == result.n_target
    assert result.n_caught + result.over_blocked == result.n_blocked
    assert result.by_evasion()["caught_share"].between(0, 1).all()
    assert isinstance(str(result), str) and isinstance(result._repr_html_(), str)


@settings(max_examples=150, deadline=None)
@given(keywords=st.lists(st.text(alphabet=st.characters(blacklist_characters="\x02\x03"),
                                 max_size=12), max_size=6),
       text=st.text(alphabet=st.characters(blacklist_characters="\x02\x03"), max_size=60))
def test_a_whole_word_match_is_always_a_substring_match(keywords: list[str], text: str) -> None:
    if Filter(keywords, mode="exact_word").blocks(text):
        assert Filter(keywords, mode="substring").blocks(text)
