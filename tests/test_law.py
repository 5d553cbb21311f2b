"""The statute as code walks the Act's edges: thresholds, exclusions, names, dates, penalties."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geopolitics.errors import KitError
from geopolitics.models.law import (
    ADVERSARY_COUNTRIES,
    COUNTRIES,
    DATE_OF_ENACTMENT,
    DAYS_TO_PROHIBITION,
    EXCLUDED_PURPOSES,
    MAX_EXTENSION_DAYS,
    OWNERSHIP_THRESHOLD,
    PENALTY_PER_USER,
    PURPOSES,
    STATUSES,
    UN_MEMBERS,
    USER_THRESHOLD,
    App,
    Assessment,
    LawInputError,
    assess,
    canonical_country,
    is_adversary_country,
    max_penalty,
    prohibition_date,
    rules,
)

CITES_A_SECTION = re.compile(r"§\s?\d")


def make(**changes: object) -> App:
    """A plain content app run from the United States, owned by nobody in an adversary country.

    Tests change one fact at a time, so each one shows which test of the Act moves the result.
    """
    base = App(
        name="Example",
        operator="Example Co.",
        headquarters="United States",
        adversary_ownership=0.0,
        monthly_active_users=5_000_000,
        shares_user_content=True,
        primary_purpose="social media",
    )
    return replace(base, **changes)


def status(**changes: object) -> str:
    return assess(make(**changes)).status


def text_of(assessment: Assessment) -> str:
    return " ".join(assessment.reasons)


# --- the numbers ---------------------------------------------------------------------------

def test_the_acts_numbers() -> None:
    assert USER_THRESHOLD == 1_000_000
    assert OWNERSHIP_THRESHOLD == 0.20
    assert DAYS_TO_PROHIBITION == 270
    assert MAX_EXTENSION_DAYS == 90
    assert PENALTY_PER_USER == 5_000
    assert date(2024, 4, 24) == DATE_OF_ENACTMENT
    assert ADVERSARY_COUNTRIES == ("China", "Russia", "Iran", "North Korea")
    assert set(EXCLUDED_PURPOSES) >= {"product reviews", "business reviews",
                                      "travel information and reviews"}
    assert set(EXCLUDED_PURPOSES) <= set(PURPOSES)


def test_rules_table_gives_every_number_a_section() -> None:
    table = rules()
    assert list(table.columns) == ["name", "value", "provision", "meaning"]
    assert {"USER_THRESHOLD", "OWNERSHIP_THRESHOLD", "DAYS_TO_PROHIBITION",
            "MAX_EXTENSION_DAYS", "PENALTY_PER_USER", "ADVERSARY_COUNTRIES"} <= set(table["name"])
    assert table["provision"].str.contains("§|P.L.", regex=True).all()


def test_country_list_has_every_un_member_and_the_special_places() -> None:
    assert len(UN_MEMBERS) == len(set(UN_MEMBERS)) == 193
    for place in ("Taiwan", "Hong Kong", "Macau", "Palestine", "Kosovo", "Holy See",
                  "Cayman Islands", *ADVERSARY_COUNTRIES):
        assert place in COUNTRIES
    assert len(COUNTRIES) == len(set(COUNTRIES))


# --- §2(g)(1)(B): the 20% stake --------------------------------------------------------------

@pytest.mark.parametrize(("share", "expected"), [
    (0.0, "not_covered"),
    (0.1999, "not_covered"),
    (0.20, "designable"),
    (0.2001, "designable"),
    (1.0, "designable"),
])
def test_ownership_threshold_is_at_least_20_percent(share: float, expected: str) -> None:
    assessment = assess(make(adversary_ownership=share))
    assert assessment.status == expected
    assert assessment.controlled_by_adversary is (expected == "designable")
    assert "§2(g)(1)(B)" in assessment.provisions


def test_ownership_reasons_show_enough_decimals_to_see_the_line() -> None:
    below = text_of(assess(make(adversary_ownership=0.1999)))
    assert "19.99%" in below and "below the 20% threshold" in below
    just_above = text_of(assess(make(adversary_ownership=0.2001)))
    assert "20.01%" in just_above and "20% or more owned" in just_above
    exactly = text_of(assess(make(adversary_ownership=0.2)))
    assert "(20%)" in exactly


def test_floating_point_noise_does_not_decide_the_stake() -> None:
    share = 1 - 0.8  # 0.19999999999999996 in binary floating point
    assert share < 0.2
    assert status(adversary_ownership=share) == "designable"


# --- §2(g)(2)(A): more than 1,000,000 users -------------------------------------------------

@pytest.mark.parametrize(("users", "expected"), [
    (0, "not_covered"),
    (999_999, "not_covered"),
    (1_000_000, "not_covered"),
    (1_000_001, "designable"),
])
def test_user_threshold_is_strictly_more_than_a_million(users: int, expected: str) -> None:
    assessment = assess(make(headquarters="China", monthly_active_users=users))
    assert assessment.status == expected
    assert assessment.covered_company is (expected == "designable")


def test_exactly_a_million_is_explained() -> None:
    text = text_of(assess(make(headquarters="China", monthly_active_users=1_000_000)))
    assert "Exactly 1,000,000" in text and "more than 1,000,000" in text
    assert "not a covered company" in text


def test_apps_that_do_not_share_user_content_are_not_covered_companies() -> None:
    assessment = assess(make(headquarters="China", shares_user_content=False,
                             monthly_active_users=500_000_000))
    assert assessment.status == "not_covered"
    assert not assessment.covered_company and assessment.controlled_by_adversary
    assert "cannot create, share and view" in text_of(assessment)


# --- §2(g)(2)(B): the review exclusion -------------------------------------------------------

@pytest.mark.parametrize("purpose", [
    "product reviews", "business reviews", "travel information and reviews",
    "travel reviews", "Product Reviews", "  business   reviews ", "Travel information & reviews",
])
def test_review_apps_are_excluded(purpose: str) -> None:
    assessment = assess(make(primary_purpose=purpose))
    assert assessment.status == "not_covered"
    assert "which the Act excludes (§2(g)(2)(B))" in text_of(assessment)


@pytest.mark.parametrize("purpose", ["product reviews", "business reviews",
                                     "travel information and reviews"])
def test_excluded_even_when_controlled_by_an_adversary(purpose: str) -> None:
    assessment = assess(make(headquarters="China", adversary_ownership=1.0,
                             directed_by_adversary=True, primary_purpose=purpose))
    assert assessment.status == "not_covered"
    assert assessment.controlled_by_adversary and not assessment.covered_company
    assert "it is not a covered company" in text_of(assessment)
    assert "not controlled" not in text_of(assessment)


def test_other_review_phrases_are_not_excluded_but_flagged_for_discussion() -> None:
    assessment = assess(make(headquarters="China", primary_purpose="restaurant reviews"))
    assert assessment.status == "designable"
    assert "judgement to discuss" in text_of(assessment)


def test_a_named_app_is_named_whatever_its_purpose_or_size() -> None:
    assessment = assess(make(name="Lemon8", operator="ByteDance Ltd.",
                             primary_purpose="product reviews", monthly_active_users=10,
                             shares_user_content=False))
    assert assessment.status == "named"
    text = text_of(assessment)
    assert "only narrows the covered-company route" in text
    assert "no user threshold" in text


# --- §2(g)(3)(A): the apps the Act names ------------------------------------------------------

@pytest.mark.parametrize("operator", ["TikTok", "ByteDance Ltd.", "Bytedance", "tik tok"])
def test_bytedance_and_tiktok_themselves_are_named_whoever_owns_them(operator: str) -> None:
    assessment = assess(make(operator=operator, headquarters="Singapore"))
    assert assessment.status == "named"
    assert assessment.reasons[0] == f"Operated by {operator}, which the Act names (§2(g)(3)(A))."


SUBSIDIARIES = [
    ("TikTok", "TikTok Pte. Ltd."),
    ("TikTok", "TikTok Inc."),
    ("CapCut", "Bytedance Pte. Ltd."),
    ("CapCut", "Byte Dance (Singapore) Ltd."),
    ("Douyin", "北京字节跳动科技有限公司"),
]


@pytest.mark.parametrize(("name", "operator"), SUBSIDIARIES)
def test_subsidiaries_and_successors_are_named_when_an_adversary_controls_them(
        name: str, operator: str) -> None:
    assessment = assess(make(name=name, operator=operator, headquarters="Singapore",
                             adversary_ownership=0.6))
    assert assessment.status == "named"
    assert assessment.reasons[0].startswith(f"Operated by {operator}")
    assert "controlled by a foreign adversary, as this one is" in assessment.reasons[0]
    assert assessment.reasons[0].endswith("(§2(g)(3)(A)).")


@pytest.mark.parametrize(("name", "operator"), SUBSIDIARIES)
def test_a_name_alone_does_not_make_a_successor_named(name: str, operator: str) -> None:
    assessment = assess(make(name=name, operator=operator, headquarters="Singapore"))
    assert assessment.status == "not_covered"
    assert "only if they are controlled by a foreign adversary" in assessment.reasons[0]


def test_the_2026_joint_venture_is_not_named() -> None:
    venture = make(name="TikTok", operator="TikTok USDS Joint Venture LLC",
                   adversary_ownership=0.199, monthly_active_users=170_000_000)
    assessment = assess(venture)
    assert assessment.status == "not_covered"
    assert "only if they are controlled by a foreign adversary" in assessment.reasons[0]
    assert assess(replace(venture, adversary_ownership=0.2)).status == "named"


def test_the_act_names_bytedance_in_so_many_words() -> None:
    lemon8 = assess(make(name="Lemon8", operator="ByteDance Ltd."))
    assert lemon8.reasons[0] == "Operated by ByteDance Ltd., which the Act names (§2(g)(3)(A))."


def test_a_subsidiary_with_another_name_is_recognised_through_its_parent() -> None:
    lark = make(name="Lark", operator="Lark Technologies Pte. Ltd.", headquarters="Singapore",
                parent="ByteDance Ltd.")
    assessment = assess(lark)
    assert assessment.status == "named"
    assert "a subsidiary of ByteDance Ltd." in assessment.reasons[0]
    assert assess(replace(lark, parent="")).status == "not_covered"


def test_tiktok_itself() -> None:
    tiktok = App("TikTok", "TikTok Pte. Ltd.", "Singapore", 0.6, 170_000_000, True,
                 "social media")
    assessment = assess(tiktok)
    assert assessment.status == "named"
    assert "170,000,000" in text_of(assessment)
    assert "19 January 2025" in text_of(assessment)
    assert assessment.provisions[0] == "§2(g)(3)(A)"


# --- Xiaohongshu (RedNote) -------------------------------------------------------------------

XIAOHONGSHU = App(
    name="Xiaohongshu (RedNote)",
    operator="Xingyin Information Technology (Shanghai)",
    headquarters="China",
    adversary_ownership=0.0,  # not in our sources; headquarters alone is enough
    monthly_active_users=300_000_000,
    shares_user_content=True,
    primary_purpose="social media",
)


@pytest.mark.parametrize("purpose", ["social media", "lifestyle"])
def test_xiaohongshu_is_designable_not_named(purpose: str) -> None:
    assessment = assess(replace(XIAOHONGSHU, primary_purpose=purpose))
    assert assessment.status == "designable"
    assert assessment.reasons[0].startswith("Not named by the Act")
    text = text_of(assessment)
    assert "Headquartered in China" in text and "300,000,000" in text
    assert "§2(g)(3)(B)" in assessment.provisions


def test_xiaohongshu_as_a_review_app_would_fall_outside() -> None:
    # The discussion point: if its primary purpose were product reviews, the Act excludes it.
    assert assess(replace(XIAOHONGSHU, primary_purpose="product reviews")).status == "not_covered"


# --- §2(g)(1): controlled by a foreign adversary ------------------------------------------

ALIASES = {
    "China": ["China", "china", "People's Republic of China", "Peoples Republic of China",
              "PRC", "P.R.C.", "the People’s Republic of China", "中国"],
    "Russia": ["Russia", "RUSSIA", "Russian Federation"],
    "Iran": ["Iran", "Islamic Republic of Iran", "Iran (Islamic Republic of)"],
    "North Korea": ["North Korea", "DPRK", "Democratic People's Republic of Korea",
                    "north-korea"],
}
ALIAS_CASES = [(canonical, alias) for canonical, names in ALIASES.items() for alias in names]


@pytest.mark.parametrize(("canonical", "alias"), ALIAS_CASES)
def test_each_adversary_country_and_its_aliases(canonical: str, alias: str) -> None:
    assert canonical_country(alias) == canonical
    assert is_adversary_country(alias)
    app = make(headquarters=alias)
    assert app.country == canonical
    assessment = assess(app)
    assert assessment.status == "designable"
    assert f"Headquartered in {canonical}" in text_of(assessment)


def test_headquarters_alone_is_control_even_with_no_foreign_stake() -> None:
    assessment = assess(make(headquarters="China", adversary_ownership=0.0))
    assert assessment.status == "designable"
    assert "§2(g)(1)(A)" in assessment.provisions
    assert "§2(g)(1)(B)" not in assessment.provisions  # only the tests that hold are listed


def test_direction_or_control_without_ownership() -> None:
    assessment = assess(make(directed_by_adversary=True))
    assert assessment.status == "designable"
    assert "direction or control" in text_of(assessment)
    assert "§2(g)(1)(C)" in assessment.provisions


@pytest.mark.parametrize("place", ["Taiwan", "Singapore", "United States", "Cayman Islands",
                                   "Hong Kong", "Macau", "Macao", "香港"])
def test_other_places_are_not_adversaries(place: str) -> None:
    assert not is_adversary_country(place)
    assert status(headquarters=place) == "not_covered"


@pytest.mark.parametrize("place", ["Hong Kong", "Hong Kong SAR", "Macau"])
def test_hong_kong_and_macau_are_a_simplification_said_aloud(place: str) -> None:
    for share in (0.0, 0.5):  # said whether or not the app is controlled another way
        text = text_of(assess(make(headquarters=place, adversary_ownership=share)))
        assert "simplification to discuss" in text


def test_an_ordinary_us_app_is_not_covered_and_says_why() -> None:
    instagram = App("Instagram", "Meta Platforms, Inc.", "USA", 0.0, 2_000_000_000, True,
                    "social media")
    assessment = assess(instagram)
    assert assessment.status == "not_covered"
    assert assessment.covered_company and not assessment.controlled_by_adversary
    text = text_of(assessment)
    assert "the United States (given as 'USA'), which is not a foreign adversary" in text
    assert "below the 20% threshold" in text and "directed_by_adversary is False" in text
    assert assessment.reasons[-1].startswith("So the Act does not reach it: it is not "
                                             "controlled by a foreign adversary")


# --- reading an assessment ----------------------------------------------------------------

SAMPLES = [
    make(),
    make(headquarters="China"),
    make(operator="ByteDance Ltd.", primary_purpose="travel reviews"),
    make(primary_purpose="business reviews", monthly_active_users=0, shares_user_content=False),
    make(headquarters="Hong Kong", adversary_ownership=0.3, directed_by_adversary=True),
    XIAOHONGSHU,
]


@pytest.mark.parametrize("app", SAMPLES, ids=lambda a: a.name + a.headquarters)
def test_every_reason_cites_a_section_and_provisions_match(app: App) -> None:
    assessment = assess(app)
    assert assessment.reasons
    for reason in assessment.reasons:
        assert CITES_A_SECTION.search(reason), reason
        assert reason.endswith(").")
    assert isinstance(assessment.provisions, tuple) and assessment.provisions
    for provision in assessment.provisions:
        assert any(provision in reason for reason in assessment.reasons)


def test_assessment_reads_well_as_text_and_html() -> None:
    assessment = assess(make(name="<script>alert(1)</script>", headquarters="China"))
    shown = str(assessment)
    assert shown.startswith("<script>alert(1)</script>: designable (could be designated")
    assert repr(assessment) == shown
    page = assessment._repr_html_()
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "could be designated by the President" in page  # words, not just a colour
    assert page.count("<li>") == len(assessment.reasons)


def test_apps_store_plain_values() -> None:
    app = make(monthly_active_users=np.int64(3_000_000), adversary_ownership=np.float64(0.25),
               shares_user_content=np.bool_(True))
    assert type(app.monthly_active_users) is int and type(app.shares_user_content) is bool
    assert make(monthly_active_users=3e8).monthly_active_users == 300_000_000
    assert make(monthly_active_users=3e8) == make(monthly_active_users=300_000_000)


# --- §2(a)(2) and §2(a)(3): the clock ------------------------------------------------------

@pytest.mark.parametrize("enacted", [
    date(2024, 4, 24), "2024-04-24", " 2024-04-24 ", pd.Timestamp("2024-04-24"),
    datetime(2024, 4, 24, 15, 30), "2024-04-24T15:30",
])
def test_tiktok_prohibitions_take_effect_on_19_january_2025(enacted: object) -> None:
    result = prohibition_date(enacted)
    assert result == date(2025, 1, 19)
    assert type(result) is date


def test_the_longest_extension_gives_19_april_2025() -> None:
    assert prohibition_date(DATE_OF_ENACTMENT, 90) == date(2025, 4, 19)
    assert prohibition_date(DATE_OF_ENACTMENT, extension_days=0) == date(2025, 1, 19)
    assert prohibition_date(DATE_OF_ENACTMENT, 30.0) == date(2025, 2, 18)
    assert prohibition_date(DATE_OF_ENACTMENT, np.int64(1)) == date(2025, 1, 20)
    assert prohibition_date(DATE_OF_ENACTMENT, pd.Timedelta(days=90)) == date(2025, 4, 19)


@pytest.mark.parametrize(("extension", "words"), [
    (91, "at most 90 days"),
    (365, "at most 90 days"),
    (-1, "cannot be negative"),
    (1.5, "whole number"),
    (True, "not True/False"),
    ("30", "without quotes"),
    (None, "number of days"),
    (float("nan"), "not a number"),
    (pd.Timedelta(hours=36), "whole number of days"),
])
def test_impossible_extensions_are_refused(extension: object, words: str) -> None:
    with pytest.raises(ValueError, match="extension_days") as caught:
        prohibition_date("2024-04-24", extension)
    assert words in str(caught.value)


@pytest.mark.parametrize(("designated", "words"), [
    ("24 April 2024", "YYYY-MM-DD"),
    ("2024-13-01", "YYYY-MM-DD"),
    (20240424, "must be a date"),
    (None, "missing"),
    (pd.NaT, "missing"),
    ("2023-01-01", "before the Act was enacted"),
])
def test_impossible_designation_dates_are_refused(designated: object, words: str) -> None:
    with pytest.raises(ValueError, match="designated_on") as caught:
        prohibition_date(designated)
    assert words in str(caught.value)


# --- §2(d): the penalty --------------------------------------------------------------------

@pytest.mark.parametrize(("users", "dollars"), [
    (170_000_000, 850_000_000_000),
    (0, 0),
    (1, 5_000),
    (np.int64(2), 10_000),
    (1.7e8, 850_000_000_000),
])
def test_penalty_is_5000_dollars_per_user(users: object, dollars: int) -> None:
    result = max_penalty(users)
    assert result == dollars and type(result) is int


@pytest.mark.parametrize(("users", "words"), [
    (-1, "cannot be negative"),
    (1.5, "fractional part"),
    ("170,000,000", "without quotes"),
    (True, "not True/False"),
    (None, "number of users"),
    (float("nan"), "not a number"),
    (float("inf"), "divided by zero"),
])
def test_impossible_user_counts_are_refused(users: object, words: str) -> None:
    with pytest.raises(ValueError, match="users") as caught:
        max_penalty(users)
    assert words in str(caught.value)


# --- impossible apps are refused when they are made -------------------------------------------

@pytest.mark.parametrize(("changes", "words"), [
    ({"adversary_ownership": -0.1}, "from 0 to 1"),
    ({"adversary_ownership": 1.01}, "from 0 to 1"),
    ({"adversary_ownership": 20}, "Did you mean 0.2?"),
    ({"adversary_ownership": float("nan")}, "NaN"),
    ({"adversary_ownership": True}, "not True/False"),
    ({"adversary_ownership": "20%"}, "without quotes"),
    ({"adversary_ownership": None}, "from 0 to 1"),
    ({"monthly_active_users": -1}, "cannot be negative"),
    ({"monthly_active_users": True}, "not True/False"),
    ({"monthly_active_users": 1.5}, "fractional part"),
    ({"monthly_active_users": "1,000,000"}, "without quotes"),
    ({"monthly_active_users": float("nan")}, "not a number"),
    ({"headquarters": "Chnia"}, "Did you mean 'China'"),
    ({"headquarters": "Korea"}, "'North Korea' or 'South Korea'"),
    ({"headquarters": "Atlantis"}, "not a country or territory"),
    ({"headquarters": ""}, "headquarters is empty"),
    ({"headquarters": 86}, "country name as text"),
    ({"name": ""}, "name is empty"),
    ({"name": "   "}, "name is empty"),
    ({"name": None}, "name must be text"),
    ({"operator": ""}, "operator is empty"),
    ({"primary_purpose": ""}, "primary_purpose is empty"),
    ({"shares_user_content": "yes"}, "True or False"),
    ({"directed_by_adversary": 1}, "True or False"),
    ({"parent": None}, "parent must be"),
])
def test_impossible_apps_are_refused_with_a_message_naming_the_problem(
    changes: dict[str, object], words: str
) -> None:
    field = next(iter(changes))
    with pytest.raises(ValueError, match=field) as caught:
        make(**changes)
    assert words in str(caught.value)
    assert isinstance(caught.value, KitError) and isinstance(caught.value, LawInputError)


def test_country_lookup_on_its_own_suggests_names() -> None:
    with pytest.raises(LawInputError, match=r"The name 'Rusia' is not .* Did you mean 'Russia'"):
        canonical_country("Rusia")
    with pytest.raises(LawInputError, match="The name is empty"):
        is_adversary_country(" ")


def test_assess_needs_an_app() -> None:
    with pytest.raises(LawInputError, match="needs an App"):
        assess("TikTok")  # type: ignore[arg-type]


# --- properties over many apps ------------------------------------------------------------

PLACES = st.sampled_from([*COUNTRIES, "PRC", "DPRK", "Russian Federation", "usa", "Macao"])
OPERATORS = st.one_of(
    st.sampled_from(["ByteDance Ltd.", "TikTok Pte. Ltd.", "Meta Platforms, Inc.",
                     "Xingyin Information Technology (Shanghai)", "Tencent"]),
    st.text(min_size=1, max_size=30).filter(str.strip),
)
APPS = st.builds(
    App,
    name=st.text(min_size=1, max_size=30).filter(str.strip),
    operator=OPERATORS,
    headquarters=PLACES,
    adversary_ownership=st.one_of(st.floats(0, 1), st.sampled_from([0.1999, 0.2, 0.2001])),
    monthly_active_users=st.one_of(st.integers(0, 10**10),
                                   st.sampled_from([999_999, 1_000_000, 1_000_001])),
    shares_user_content=st.booleans(),
    primary_purpose=st.one_of(st.sampled_from(PURPOSES), st.text(min_size=1).filter(str.strip)),
    directed_by_adversary=st.booleans(),
    parent=st.sampled_from(["", "ByteDance Ltd.", "Alphabet Inc."]),
)


@settings(max_examples=300, deadline=None)
@given(app=APPS)
def test_assess_never_raises_on_a_valid_app(app: App) -> None:
    assessment = assess(app)
    assert assessment.status in STATUSES
    assert assessment.reasons and all(CITES_A_SECTION.search(r) for r in assessment.reasons)
    assert assessment.provisions
    str(assessment)
    assessment._repr_html_()
    if assessment.status == "designable":
        assert assessment.covered_company and assessment.controlled_by_adversary


@settings(max_examples=300, deadline=None)
@given(app=APPS, more_share=st.floats(0, 1), more_users=st.integers(0, 10**10))
def test_more_ownership_or_users_never_takes_an_app_out_of_reach(
    app: App, more_share: float, more_users: int
) -> None:
    before = assess(app).status
    bigger = [
        replace(app, adversary_ownership=app.adversary_ownership
                + (1 - app.adversary_ownership) * more_share),
        replace(app, monthly_active_users=app.monthly_active_users + more_users),
    ]
    for changed in bigger:
        after = assess(changed).status
        if before == "designable":
            assert after == "designable"
        if before == "named":
            assert after == "named"  # the named route ignores both numbers
