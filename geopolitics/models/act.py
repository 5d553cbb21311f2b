"""The Act's numbers and section labels, each with the section of the Act it comes from.

These are the statute's own figures (270 days, 1,000,000 users, 20%, $5,000 per user) and the
labels that every reason cites. They are written once, here, and read by both halves of the
law model: :mod:`geopolitics.models.law`, which re-exports the public ones (a lesson writes
``law.USER_THRESHOLD`` as before), and :mod:`geopolitics.models.law_findings`, the Act's tests.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

__all__ = [
    "DATE_OF_ENACTMENT",
    "DAYS_TO_PROHIBITION",
    "EXCLUDED_PURPOSES",
    "MAX_EXTENSION_DAYS",
    "OWNERSHIP_THRESHOLD",
    "PENALTY_PER_USER",
    "PURPOSES",
    "STATUSES",
    "USER_THRESHOLD",
    "Coverage",
]


DATE_OF_ENACTMENT = date(2024, 4, 24)
"""Public Law 118-50 signed; for the apps the Act names, the 270 days run from here."""

USER_THRESHOLD = 1_000_000
"""§2(g)(2)(A): a covered company's app has *more than* this many monthly active users."""

OWNERSHIP_THRESHOLD = 0.20
"""§2(g)(1)(B): a stake of *at least* 20% held by foreign-adversary persons means control."""

DAYS_TO_PROHIBITION = 270
"""§2(a)(2): the prohibitions take effect this many days after designation (or enactment)."""

MAX_EXTENSION_DAYS = 90
"""§2(a)(3): the President's one-time extension is at most this many days."""

PENALTY_PER_USER = 5_000
"""§2(d): dollars per US user, for an app store or host that breaks the prohibition."""

EXCLUDED_PURPOSES: tuple[str, ...] = (
    "product reviews",
    "business reviews",
    "travel information and reviews",
    "travel reviews",
)
"""§2(g)(2)(B): primary purposes the Act excludes ("travel reviews" is a short form)."""

PURPOSES: tuple[str, ...] = (
    "social media",
    "video sharing",
    "lifestyle",
    "messaging",
    "shopping",
    "games",
    "search",
    "news",
    *EXCLUDED_PURPOSES,
)
"""Suggested values for ``App.primary_purpose``; any short phrase is accepted."""

#: How the Act reaches an app (named, designable or not covered); not a check's status.
Coverage = Literal["named", "designable", "not_covered"]
STATUSES: tuple[Coverage, ...] = ("named", "designable", "not_covered")

# Section labels, cited by the reasons and by law.rules().
ROUTE_NAMED = "§2(g)(3)(A)"
ROUTE_DESIGNATED = "§2(g)(3)(B)"
COVERED = "§2(g)(2)(A)"
EXCLUSION = "§2(g)(2)(B)"
HEADQUARTERS = "§2(g)(1)(A)"
STAKE = "§2(g)(1)(B)"
DIRECTION = "§2(g)(1)(C)"
COUNTRY_LIST = "§2(g)(4), pointing to 10 U.S.C. §4872(d)(2)"
TIMING = "§2(a)(2)"
EXTENSION = "§2(a)(3)"
PENALTY = "§2(d)(1)(A)"
