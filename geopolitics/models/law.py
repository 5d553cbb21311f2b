"""The US divest-or-ban law as code: which apps does it reach, when, and at what price?

The Protecting Americans from Foreign Adversary Controlled Applications Act (PAFACA) is
Division H of Public Law 118-50, signed on 24 April 2024. This module turns its tests into
small functions so a lesson can try them on TikTok, Lemon8, Xiaohongshu (RedNote) or an app
a student invents, and read *why* each answer comes out as it does: every reason names the
section it applies.

**This is a teaching simplification of the statute, not legal advice.** It models:

- the two routes to a "foreign adversary controlled application" (§2(g)(3)): apps the Act
  names (operated by ByteDance Ltd. or TikTok, by a subsidiary or successor of either that is
  controlled by a foreign adversary, or by a company they own or control) and apps of a
  covered company controlled by a foreign adversary, which the President *could* designate;
- the covered-company tests (§2(g)(2)): users create, share and view content, more than
  1,000,000 monthly active users, and the exclusion of review apps;
- "controlled by a foreign adversary" (§2(g)(1)): headquarters, a 20% stake, or direction;
- the clock (§2(a)(2), §2(a)(3)) and the app-store and hosting penalty (§2(d)).

It leaves out, among other things: the President's procedure and judgement (public notice,
the report to Congress, the finding of a significant threat to national security), the
Attorney General's role as sole enforcer, the data-portability duty and its penalty,
qualified divestitures (§2(g)(6)), judicial review, and the "2 of the 3 months before the
determination" wording of the user test (one monthly figure stands in for it here).

Choices made where the statute meets a dataclass, so that results are predictable:

- **Named operators.** The Act names ByteDance Ltd. and TikTok, companies they own or
  control, and their subsidiaries and successors *that are controlled by a foreign adversary*
  (§2(g)(3)(A); the qualifier is in the text and the CRS summary, though the Supreme Court's
  summary leaves it out). An app counts as named when its ``operator`` is ByteDance Ltd. or
  TikTok, when its optional ``parent`` contains "ByteDance", "TikTok" or "字节跳动" (ignoring
  case, spaces and punctuation), or when its operator's name contains one of those and the
  operator is controlled by a foreign adversary. A subsidiary with another name is recognised
  through ``parent``: ``App("Lark", "Lark Technologies", ..., parent="ByteDance Ltd.")``.
  So the 2026 TikTok USDS Joint Venture (US-based, 19.9% ByteDance) is not named: whether
  ByteDance's stake makes it "owned" by ByteDance, or a licence amounts to "direction", is a
  judgement the model leaves to discussion.
- **The review exclusion.** ``primary_purpose`` is free text, but only the phrases in
  :data:`EXCLUDED_PURPOSES` ("product reviews", "business reviews", "travel information and
  reviews", and the short form "travel reviews") count as excluded, ignoring case, repeated
  spaces and "&" for "and". Any other phrase, even "restaurant reviews", is not excluded; the
  reason then says that whether the Act would exclude it is a judgement to discuss.
- **Countries.** Foreign adversary countries are those listed in 10 U.S.C. 4872(d)(2):
  China, Russia, Iran and North Korea, under common names and aliases ("PRC", "Russian
  Federation", "DPRK"...). Any other UN member, observer or common territory in
  :data:`COUNTRIES` is accepted and is not an adversary. **Hong Kong and Macau** are kept
  apart from China: our sources do not verify whether the Act's list treats them as part of
  China, so this is a simplification to discuss, and the reasons say so.
- **Floating point.** Ownership is compared after rounding to 9 decimal places, so noise such
  as ``1 - 0.8 == 0.19999999999999996`` does not decide a legal test.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pandas as pd

from geopolitics.models import act, countries
from geopolitics.models import law_findings as findings
from geopolitics.models.act import (
    DATE_OF_ENACTMENT,
    DAYS_TO_PROHIBITION,
    EXCLUDED_PURPOSES,
    MAX_EXTENSION_DAYS,
    OWNERSHIP_THRESHOLD,
    PENALTY_PER_USER,
    PURPOSES,
    STATUSES,
    USER_THRESHOLD,
    Coverage,
)
from geopolitics.models.law_inputs import (
    LawInputError,
    as_date,
    check_country,
    check_flag,
    check_text,
    fraction,
    whole_number,
)
from geopolitics.models.messages import describe

__all__ = [
    "ADVERSARY_COUNTRIES",
    "COUNTRIES",
    "DATE_OF_ENACTMENT",
    "DAYS_TO_PROHIBITION",
    "EXCLUDED_PURPOSES",
    "MAX_EXTENSION_DAYS",
    "OTHER_TERRITORIES",
    "OWNERSHIP_THRESHOLD",
    "PENALTY_PER_USER",
    "PURPOSES",
    "STATUSES",
    "UN_MEMBERS",
    "USER_THRESHOLD",
    "App",
    "Assessment",
    "LawInputError",
    "assess",
    "canonical_country",
    "is_adversary_country",
    "max_penalty",
    "prohibition_date",
    "rules",
]


# --- the places the Act's country tests know, from data/countries.csv ---------------------

_PLACES = countries.places()

UN_MEMBERS: tuple[str, ...] = _PLACES.un_members
"""The 193 member states of the United Nations, by their common English short names."""

OTHER_TERRITORIES: tuple[str, ...] = _PLACES.other_territories
"""Places that are not UN members but may be an app company's home."""

COUNTRIES: tuple[str, ...] = _PLACES.names
"""Every country or territory name ``App.headquarters`` accepts (aliases aside)."""

ADVERSARY_COUNTRIES: tuple[str, ...] = _PLACES.adversaries
"""Foreign adversary countries: those listed in 10 U.S.C. 4872(d)(2)."""

_NOT_ON_THE_LIST: tuple[str, ...] = _PLACES.kept_apart
"""Hong Kong and Macau: kept apart from China, a simplification the reasons point out."""


def canonical_country(name: str) -> str:
    """The kit's name for a country or territory ("PRC" -> "China"), or a LawInputError.

    Unknown names are refused rather than guessed, because a typo in "China" would otherwise
    quietly turn an adversary-controlled app into one the Act does not reach.
    """
    return check_country(name, "The name")


def is_adversary_country(name: str) -> bool:
    """Whether 10 U.S.C. 4872(d)(2) lists this country (Hong Kong and Macau: no, see above)."""
    return canonical_country(name) in ADVERSARY_COUNTRIES


def rules() -> pd.DataFrame:
    """The Act's numbers in one table, with their sections, for a lesson to show."""
    rows = [
        ("DATE_OF_ENACTMENT", DATE_OF_ENACTMENT, "P.L. 118-50",
         "the President signs the Act; the named apps' 270 days start here"),
        ("USER_THRESHOLD", USER_THRESHOLD, act.COVERED,
         "a covered company's app has more than this many monthly active users"),
        ("OWNERSHIP_THRESHOLD", OWNERSHIP_THRESHOLD, act.STAKE,
         "a stake of at least this share held by foreign-adversary persons means control"),
        ("DAYS_TO_PROHIBITION", DAYS_TO_PROHIBITION, act.TIMING,
         "days from designation to the prohibitions taking effect"),
        ("MAX_EXTENSION_DAYS", MAX_EXTENSION_DAYS, act.EXTENSION,
         "longest one-time extension the President may grant"),
        ("PENALTY_PER_USER", PENALTY_PER_USER, act.PENALTY,
         "maximum dollars per US user for an app store or host that breaks the ban"),
        ("ADVERSARY_COUNTRIES", ", ".join(ADVERSARY_COUNTRIES), act.COUNTRY_LIST,
         "the foreign adversary countries"),
        ("EXCLUDED_PURPOSES", ", ".join(EXCLUDED_PURPOSES[:3]), act.EXCLUSION,
         "primary purposes that keep an app out of the covered-company route"),
    ]
    return pd.DataFrame(rows, columns=["name", "value", "provision", "meaning"])


# --- the app ------------------------------------------------------------------------------

@dataclass(frozen=True)
class App:
    """An app and the facts the Act asks about it; impossible values are refused at once.

    ``adversary_ownership`` is the share (0 to 1) held, directly or indirectly, by persons from
    foreign adversary countries. ``headquarters`` is a country or territory name from
    :data:`COUNTRIES` or a common alias. ``primary_purpose`` is a short phrase, ideally from
    :data:`PURPOSES`. ``parent`` (optional) names a parent company, so a subsidiary whose own
    name does not say ByteDance or TikTok can still be recognised.
    """

    name: str
    operator: str
    headquarters: str
    adversary_ownership: float
    monthly_active_users: int
    shares_user_content: bool
    primary_purpose: str
    directed_by_adversary: bool = False
    parent: str = ""

    def __post_init__(self) -> None:
        check_text(self.name, "name", "TikTok")
        check_text(self.operator, "operator", "ByteDance Ltd.")
        check_text(self.primary_purpose, "primary_purpose", "social media")
        if not isinstance(self.parent, str):
            raise LawInputError(f"parent must be a company name as text, or left out; you gave "
                                f"{describe(self.parent)}.")
        check_country(self.headquarters, "headquarters")
        # Store plain Python numbers and booleans, so equal apps compare and print alike.
        normal = {
            "adversary_ownership": fraction(self.adversary_ownership, "adversary_ownership"),
            "monthly_active_users": whole_number(
                self.monthly_active_users, "monthly_active_users", "users"),
            "shares_user_content": check_flag(self.shares_user_content, "shares_user_content"),
            "directed_by_adversary": check_flag(
                self.directed_by_adversary, "directed_by_adversary"),
        }
        for field, value in normal.items():
            object.__setattr__(self, field, value)

    @property
    def country(self) -> str:
        """The headquarters under the kit's own name ("PRC" -> "China")."""
        return canonical_country(self.headquarters)


# --- the verdict --------------------------------------------------------------------------

_LABELS: dict[str, str] = {
    "named": "named by the Act",
    "designable": "could be designated by the President",
    "not_covered": "not covered by the Act",
}
_MARKS = {"named": "■", "designable": "▲", "not_covered": "○"}
_COLOURS = {"named": "#D55E00", "designable": "#E69F00", "not_covered": "#009E73"}


@dataclass(frozen=True)
class Assessment:
    """What the Act says about one app, and why, sentence by sentence with sections cited."""

    app: App
    status: Coverage
    reasons: tuple[str, ...]
    provisions: tuple[str, ...]
    covered_company: bool
    controlled_by_adversary: bool

    @property
    def label(self) -> str:
        """The status in words, e.g. "could be designated by the President"."""
        return _LABELS[self.status]

    def __str__(self) -> str:
        lines = [f"{self.app.name}: {self.status} ({self.label})"]
        lines += [f"  - {reason}" for reason in self.reasons]
        return "\n".join(lines)

    __repr__ = __str__

    def _repr_html_(self) -> str:
        # The mark and the words carry the status; the colour only repeats it.
        items = "".join(f"<li>{html.escape(reason)}</li>" for reason in self.reasons)
        return (
            f'<div role="status" style="border-left:5px solid {_COLOURS[self.status]};'
            f'padding:0.3em 0.8em"><strong>{_MARKS[self.status]} '
            f"{html.escape(self.app.name)}: {html.escape(self.label)}</strong> "
            f"(<code>{html.escape(self.status)}</code>)<ul>{items}</ul></div>"
        )


def assess(app: App) -> Assessment:
    """Apply the Act to one app: is it named, designable, or out of reach, and why?

    ``named``: the Act itself names the operator (§2(g)(3)(A)); no user threshold applies.
    ``designable``: a covered company controlled by a foreign adversary, which the President
    could designate after the Act's procedure (§2(g)(3)(B)). ``not_covered``: neither; the
    reasons say which test failed.
    """
    if not isinstance(app, App):
        raise LawInputError(f"assess() needs an App, e.g. assess(App('TikTok', ...)); you gave "
                            f"{describe(app)}.")
    content, users = findings.content_test(app), findings.users_test(app)
    excluded = findings.exclusion_test(app)
    controls = [findings.headquarters_test(app), findings.stake_test(app),
                findings.direction_test(app)]
    covered = content.holds and users.holds and not excluded.holds
    controlled = any(test.holds for test in controls)
    named = findings.named_test(app, controlled)

    if named.holds:
        status: Coverage = "named"
        found = findings.named_reasons(app, named, excluded)
    else:
        shown = [t for t in controls if t.holds or not controlled]
        if app.country in _NOT_ON_THE_LIST and controls[0] not in shown:
            shown.insert(0, controls[0])  # the Hong Kong/Macau caveat is always worth saying
        found = [named, content, users, excluded, *shown]
        if covered and controlled:
            status = "designable"
            found.append(findings.Finding(
                True,
                "So it is a covered company controlled by a foreign adversary: the President "
                "could designate it, after public notice and a report to Congress, by finding "
                "that it is a significant threat to US national security",
                (act.ROUTE_DESIGNATED,),
            ))
        else:
            status = "not_covered"
            failed = [part for part, ok in (("it is not a covered company", covered),
                                            ("it is not controlled by a foreign adversary",
                                             controlled)) if not ok]
            found.append(findings.Finding(
                False, "So the Act does not reach it: " + " and ".join(failed),
                (act.ROUTE_DESIGNATED,)))

    provisions = tuple(dict.fromkeys(cite for finding in found for cite in finding.cites))
    return Assessment(
        app=app,
        status=status,
        reasons=tuple(finding.sentence for finding in found),
        provisions=provisions,
        covered_company=covered,
        controlled_by_adversary=controlled,
    )


# --- the clock and the penalty -------------------------------------------------------------

def _extension(value: Any) -> int:
    if isinstance(value, timedelta):  # includes pandas.Timedelta
        if value % timedelta(days=1):
            raise LawInputError(f"extension_days must be a whole number of days; {value} is not.")
        value = value.days
    days = whole_number(value, "extension_days", "days")
    if days > MAX_EXTENSION_DAYS:
        raise LawInputError(f"extension_days is {days}, but the Act allows one extension of at "
                            f"most {MAX_EXTENSION_DAYS} days (§2(a)(3)).")
    return days


def prohibition_date(designated_on: Any, extension_days: Any = 0) -> date:
    """The day the prohibitions take effect: designation + 270 days + any extension.

    ``designated_on`` may be a ``datetime.date``, a ``datetime``/``pandas.Timestamp`` or an ISO
    string; for the apps the Act names it is the date of enactment, 2024-04-24, which gives
    2025-01-19 (§2(a)(2)). ``extension_days`` is the President's one-time extension, a whole
    number from 0 to 90 (§2(a)(3)).
    """
    start = as_date(designated_on, "designated_on")
    if start < DATE_OF_ENACTMENT:
        raise LawInputError(f"designated_on is {start}, before the Act was enacted on "
                            f"{DATE_OF_ENACTMENT}: nothing can be designated under a law that "
                            "does not exist yet.")
    return start + timedelta(days=DAYS_TO_PROHIBITION + _extension(extension_days))


def max_penalty(users: Any) -> int:
    """The largest civil penalty, in dollars, for an app store or host that breaks the ban.

    §2(d): $5,000 multiplied by the number of US users who accessed, maintained or updated the
    app as a result of the violation. 170,000,000 users gives $850,000,000,000.
    """
    return PENALTY_PER_USER * whole_number(users, "users", "users")
