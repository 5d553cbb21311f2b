"""The tests the Act applies to one app, each returning a sentence that cites its section.

:func:`geopolitics.models.law.assess` runs these tests and combines them into a verdict; they
live here so that ``law`` stays short enough to read as the statute's outline (its numbers,
the :class:`~geopolitics.models.law.App`, the verdict, the clock). Each test reads the numbers
from :mod:`geopolitics.models.act`, so a threshold is written once. Private to the law model.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Protocol

from geopolitics.models import countries
from geopolitics.models.act import (
    COUNTRY_LIST,
    COVERED,
    DATE_OF_ENACTMENT,
    DAYS_TO_PROHIBITION,
    DIRECTION,
    EXCLUDED_PURPOSES,
    EXCLUSION,
    HEADQUARTERS,
    OWNERSHIP_THRESHOLD,
    ROUTE_NAMED,
    STAKE,
    TIMING,
    USER_THRESHOLD,
)
from geopolitics.text import name_key, squeezed_name


class AppFacts(Protocol):
    """The facts of an :class:`~geopolitics.models.law.App` that the tests read.

    Named here rather than imported, so that ``law`` imports this module and never the other
    way round.
    """

    operator: str
    parent: str
    headquarters: str
    adversary_ownership: float
    monthly_active_users: int
    shares_user_content: bool
    primary_purpose: str
    directed_by_adversary: bool

    @property
    def country(self) -> str: ...


@dataclass(frozen=True)
class Finding:
    """One test of the Act applied to one app: whether it holds, and the sentence saying so."""

    holds: bool
    text: str
    cites: tuple[str, ...]

    @property
    def sentence(self) -> str:
        return f"{self.text} ({'; '.join(self.cites)})."


_NAMED_MARKERS = ("bytedance", "tiktok", "字节跳动")
_EXACTLY_NAMED = {"bytedance", "bytedanceltd", "tiktok"}


def named_by_act(company: str) -> bool:
    squeezed = squeezed_name(company)
    return any(marker in squeezed for marker in _NAMED_MARKERS)


def named_test(app: AppFacts, controlled: bool) -> Finding:
    """§2(g)(3)(A): ByteDance Ltd. and TikTok themselves, a subsidiary or successor of either
    *that is controlled by a foreign adversary*, and a company one of them owns or controls
    (read here through ``parent``)."""
    operator = app.operator.strip()
    if squeezed_name(operator) in _EXACTLY_NAMED:
        return Finding(True, f"Operated by {operator}, which the Act names", (ROUTE_NAMED,))
    if app.parent.strip() and named_by_act(app.parent):
        return Finding(
            True,
            f"Operated by {operator}, a subsidiary of {app.parent.strip()}; the Act names "
            "companies that ByteDance Ltd. or TikTok own or control",
            (ROUTE_NAMED,),
        )
    if named_by_act(operator):
        if controlled:
            return Finding(
                True,
                f"Operated by {operator}, whose name shows it is part of ByteDance or TikTok; "
                "the Act names their subsidiaries and successors that are controlled by a "
                "foreign adversary, as this one is",
                (ROUTE_NAMED,),
            )
        return Finding(
            False,
            f"Operated by {operator}, whose name suggests a subsidiary of or successor to "
            "ByteDance or TikTok; the Act names those only if they are controlled by a "
            "foreign adversary, and this one is not",
            (ROUTE_NAMED,),
        )
    return Finding(
        False,
        f"Not named by the Act: it is operated by {operator}, not by ByteDance Ltd., TikTok "
        "or a subsidiary of theirs",
        (ROUTE_NAMED,),
    )


def content_test(app: AppFacts) -> Finding:
    if app.shares_user_content:
        return Finding(True, "Users can create, share and view content, as the app of a "
                        "covered company must let them", (COVERED,))
    return Finding(False, "Users cannot create, share and view each other's content, so it is "
                    "not the kind of app a covered company runs", (COVERED,))


def users_test(app: AppFacts) -> Finding:
    users = app.monthly_active_users
    if users > USER_THRESHOLD:
        return Finding(True, f"More than {USER_THRESHOLD:,} monthly active users ({users:,}), "
                        "so it meets the covered-company user test", (COVERED,))
    if users == USER_THRESHOLD:
        return Finding(False, f"Exactly {users:,} monthly active users: the Act needs more "
                        f"than {USER_THRESHOLD:,}, so it fails the covered-company user test",
                        (COVERED,))
    return Finding(False, f"Only {users:,} monthly active users, not more than "
                    f"{USER_THRESHOLD:,}, so it fails the covered-company user test", (COVERED,))


def purpose_key(purpose: str) -> str:
    words = purpose.casefold().replace("&", " and ").strip().rstrip(".").split()
    return " ".join(words)


def exclusion_test(app: AppFacts) -> Finding:
    """Holds when the review exclusion applies (so the app is *not* a covered company)."""
    purpose = app.primary_purpose.strip()
    key = purpose_key(purpose)
    if key in EXCLUDED_PURPOSES:
        return Finding(True, f"Its primary purpose is {key}, which the Act excludes",
                        (EXCLUSION,))
    if "review" in key:
        return Finding(
            False,
            f"Its primary purpose, '{purpose}', is not one of the phrases this kit treats as "
            "excluded (product reviews, business reviews, travel information and reviews); "
            "whether the Act's exclusion covers it is a judgement to discuss",
            (EXCLUSION,),
        )
    return Finding(False, f"Its primary purpose is {purpose}, not one of the review purposes "
                    "the Act excludes", (EXCLUSION,))


def headquarters_test(app: AppFacts) -> Finding:
    country = app.country
    same = name_key(app.headquarters) == name_key(country)
    written = "" if same else f" (given as '{app.headquarters}')"
    place = countries.with_article(country) + written
    if country in countries.places().adversaries:
        return Finding(True, f"Headquartered in {place}, a foreign adversary country, so "
                        "controlled by a foreign adversary", (HEADQUARTERS, COUNTRY_LIST))
    if country in countries.places().kept_apart:
        return Finding(
            False,
            f"Headquartered in {place}, which this kit does not count as China: our sources do "
            f"not settle whether the Act's list treats {country} as part of China, so this is "
            "a simplification to discuss",
            (HEADQUARTERS, COUNTRY_LIST),
        )
    return Finding(False, f"Headquartered in {place}, which is not a foreign adversary country",
                    (HEADQUARTERS, COUNTRY_LIST))


def percent(share: float) -> str:
    """The share as a percentage with just enough decimals not to blur the 20% line."""
    above = share >= OWNERSHIP_THRESHOLD
    for decimals in range(8):
        shown = f"{share * 100:.{decimals}f}"
        on_the_line = float(shown) == OWNERSHIP_THRESHOLD * 100
        hides_a_stake = float(shown) == 0 and share > 0  # 0.1% must not read as 0%
        if (float(shown) >= OWNERSHIP_THRESHOLD * 100) == above and not hides_a_stake and (
                not on_the_line or share == OWNERSHIP_THRESHOLD):
            return f"{shown}%"
    return f"{share * 100}%"  # pragma: no cover - nine decimals always separate the sides


def stake_test(app: AppFacts) -> Finding:
    share = percent(app.adversary_ownership)
    if app.adversary_ownership >= OWNERSHIP_THRESHOLD:
        return Finding(True, f"20% or more owned ({share}) by persons from foreign adversary "
                        "countries, directly or indirectly, so controlled by a foreign adversary",
                        (STAKE,))
    return Finding(False, f"Owned {share} by persons from foreign adversary countries, below "
                    "the 20% threshold", (STAKE,))


def direction_test(app: AppFacts) -> Finding:
    if app.directed_by_adversary:
        return Finding(True, "Subject to the direction or control of persons or companies from "
                        "a foreign adversary country, so controlled by a foreign adversary",
                        (DIRECTION,))
    return Finding(False, "Not marked as subject to the direction or control of persons or "
                    "companies from a foreign adversary country: directed_by_adversary is False",
                    (DIRECTION,))


def named_reasons(app: AppFacts, named: Finding, excluded: Finding) -> list[Finding]:
    found = [
        named,
        Finding(True, f"It has {app.monthly_active_users:,} monthly active users, but that "
                 "does not matter here: the named route has no user threshold", (ROUTE_NAMED,)),
    ]
    if excluded.holds:
        found.append(Finding(
            True,
            f"Its primary purpose is {purpose_key(app.primary_purpose)}, but the review "
            "exclusion only narrows the covered-company route, not the apps the Act names",
            (EXCLUSION, ROUTE_NAMED),
        ))
    end = DATE_OF_ENACTMENT + timedelta(days=DAYS_TO_PROHIBITION)
    found.append(Finding(
        True,
        f"For the apps the Act names, the {DAYS_TO_PROHIBITION} days ran from enactment "
        f"({DATE_OF_ENACTMENT:%d %B %Y}), so the prohibitions took effect on {end:%d %B %Y}",
        (TIMING,),
    ))
    return found
