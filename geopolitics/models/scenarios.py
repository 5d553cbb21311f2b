"""Will the TikTok refugees stay on Xiaohongshu (RedNote)? A small model to argue with.

A daily choice model of the people TikTok counted as its US users. Each day a share
``attention`` of them reconsider where they watch (TikTok, Xiaohongshu, or elsewhere/none) and
choose by a logit rule on each platform's pull; the rest keep their habit. With no shock it sits
still at the measured levels. ``window`` days before the law's deadline (19 January 2025, from
:mod:`geopolitics.models.law`) the ban becomes salient and Xiaohongshu gains ``anticipation`` as a
refuge. A dark TikTok has no pull (14 hours on 19 January; for good if enforced). Xiaohongshu's
pull grows with the share that moved there (``network``) and, for newcomers, falls with a
language cost (cut by translation) and a moderation cost. :data:`ASSUMPTIONS` lists every
assumption and why (``assumptions()`` as a table); :func:`fit` says how far the January figures
pin it down and :func:`band` what they leave open. ``run(Params(network=10), "enforced")`` gives
a tidy table (date, platform, share, users); ``compare`` several scenarios at once.
"""

from __future__ import annotations

import math
import numbers
import time
from dataclasses import asdict, dataclass, replace
from datetime import date, timedelta
from typing import Any

import numpy as np
import pandas as pd

from geopolitics.errors import KitError
from geopolitics.models import law

__all__ = [
    "ASSUMPTIONS", "BANS", "DEFAULT_FREE", "FIT_GRIDS", "MODERATION_LEVELS", "PLATFORMS",
    "SCENARIOS", "FitResult", "Params", "Scenario", "ScenarioError", "assumptions", "band",
    "benchmark", "compare", "fit", "fit_table", "retained_share", "run",
]


class ScenarioError(KitError, ValueError):
    """A parameter or scenario the model cannot use; the message says what would work."""


START = date(2025, 1, 1)
US_TIKTOK_USERS = 170_000_000  # TikTok's own count (tiktok-us-users-claim-2025-01-17)
TIKTOK_DAILY_BEFORE = 82_200_000 / (1 - 0.021)  # Similarweb, 13 January, and its -2.1% w/w
XHS_DAILY_BEFORE = 300_000  # Similarweb, about a week before 13 January
DEADLINE = law.prohibition_date(law.DATE_OF_ENACTMENT)  # 19 January 2025, §2(a)(2)
PAUSE_END = date(2025, 1, 20) + timedelta(days=75)  # EO 14166: 75 days without enforcement
OUTAGE_HOURS = 14  # TikTok dark from about 9 p.m. ET on 18 January, back on 19 January
TRANSLATION_LAG = 6  # in-app translation about 19 January, 6 days after the influx began
PLATFORMS = ("TikTok", "Xiaohongshu", "elsewhere or none")
BANS = ("as_happened", "enforced", "delayed", "never")
MODERATION_LEVELS = {"looser": 0.5, "as_reported": 1.0, "stricter": 2.0}
LEVEL_ERROR_FACTOR = 1.5  # a panel's estimate of a level: within a factor of 1.5
CHANGE_ERROR_POINTS = {"high": 5.0, "medium": 15.0}  # a change: within these many points

_POP = US_TIKTOK_USERS + XHS_DAILY_BEFORE
_T0 = TIKTOK_DAILY_BEFORE / US_TIKTOK_USERS  # share of TikTok's US users on it each day
_E0 = 1.0 - _T0

_ASSUMED = (  # topic, assumption, why
    ("population", "TikTok's 170 million US users (its own claim) and Xiaohongshu's 300,000 US "
     "daily users; nobody joins or leaves.", "The claim is the only count of these people."),
    ("a share", "Each day each person is on TikTok, on Xiaohongshu or elsewhere/none.",
     "Daily users are what Similarweb and Sensor Tower estimate."),
    ("before the shock", "TikTok about 84.0 million daily users (82.2 million on 13 January, "
     "2.1% below the week before), Xiaohongshu 300,000. No shock: nothing moves.",
     "Calibrated to sit still at the measured levels."),
    ("habit", "Each day a share `attention` reconsider; the rest keep yesterday's choice.",
     "The switching cost: people do not re-choose their apps every day."),
    ("choice", "Those who reconsider choose by a logit rule on each platform's pull: each "
     "step of 1 in pull multiplies a platform's odds by about 2.7.",
     "The simplest rule where more pull means more, but not all, choosers."),
    ("the law's clock", "Deadline 19 January 2025 (the Act's 270 days), salient `window` days "
     "before (6: 13 January, the first day above the 12 January bound). 'delayed' enforces on "
     "5 April 2025, the end of EO 14166's 75 days.", "Dates from geopolitics.models.law and "
     "data/events.csv; EO 14258 in fact moved the date again."),
    ("awareness", "TikTok users consider Xiaohongshu from the first salient day, for good.",
     "Few of them knew the app before 13 January."),
    ("appeal", "Once aware, newcomers weigh Xiaohongshu's lasting `appeal` (log-odds, before "
     "frictions) against TikTok and elsewhere.", "It decides who stays; the January "
     "figures barely pin it down (see fit())."),
    ("anticipation", "While the ban looms or holds, Xiaohongshu gains `anticipation` log-odds.",
     "Newcomers said they came as a refuge and in protest."),
    ("outage", "A dark TikTok has no pull: counted as 14 of the 24 hours of 19 January (it was "
     "dark from about 9 p.m. ET on 18 January to about midday on 19 January; a "
     "simplification), for good if enforced. While dark, its users count as elsewhere.",
     "TikTok came back the same day. If enforced, we assume it goes dark for good, as it chose "
     "to on 18 January. The Act bars app stores and hosts, not users (lesson 01), so a slower "
     "fade is also possible."),
    ("network effects", "Xiaohongshu's pull grows by `network` log-odds per unit share of the "
     "population on it; TikTok's pull stays as calibrated.", "Value grows with the share of "
     "one's group there; TikTok's users came straight back, Xiaohongshu's are the question."),
    ("language", "Newcomers pay `language` log-odds; translation removes the share "
     "`translation_relief` of it from 6 days after the influx.", "A staged roll-out around "
     "18-19 January 2025 (data/README.md: no exact day), so also a lever."),
    ("moderation", "Newcomers pay `moderation` log-odds, halved ('looser') or doubled "
     "('stricter').", "Removed posts were reported (data/moderation_incidents.csv)."),
    ("measurement error", "A panel's level: within a factor of 1.5. A change from one panel: "
     "within 5 points (high confidence) or 15 (medium: baseline or window unstated). 'less "
     "than'/'more than' are one-sided: a run misses only on the far side of the bound.",
     "Our judgement: panels scale a sample of phones up, "
     "an error that largely cancels in a change measured by the same panel."),
    ("fixed by hand", "`network` 5, `language` 1, `translation_relief` 0.5 and `moderation` "
     "0.5: chosen, not fitted.", "No January figure measures them; the band holds only for "
     "these values."),
    ("the 54% fall", "Read as 20 January against 19 January.", "The report's baseline is a "
     "peak of 32.5 million on 19 January (Similarweb's blog: 32.5 to 14.9 million), nearly "
     "ten times the same firm's 13 January level, so the kit fits the fall, not the levels."),
)
ASSUMPTIONS = tuple({"topic": t, "assumption": a, "why": w} for t, a, w in _ASSUMED)

_LIMITS = {  # name: (lowest, highest, what it means)
    "attention": (0.01, 1.0, "the share of people who reconsider each day"),
    "network": (0.0, 50.0, "log-odds Xiaohongshu gains per unit share of people on it"),
    "appeal": (-20.0, 10.0, "Xiaohongshu's lasting pull for a newcomer before frictions"),
    "anticipation": (0.0, 20.0, "Xiaohongshu's extra pull as a refuge while the ban looms"),
    "language": (0.0, 10.0, "the language cost for a newcomer, in log-odds"),
    "translation_relief": (0.0, 1.0, "the share of the language cost translation removes"),
    "moderation": (0.0, 10.0, "the moderation cost for a newcomer, in log-odds"),
}


@dataclass(frozen=True)
class Params:
    """The model's knobs (see ``_LIMITS`` for ranges).

    The defaults of attention, appeal and anticipation are the best fit; ``window`` is set by
    the data (13 January); the others are the kit's choices, which no figure measures.
    """

    attention: float = 0.9
    network: float = 5.0
    appeal: float = -3.0
    anticipation: float = 0.75
    window: int = 6
    language: float = 1.0
    translation_relief: float = 0.5
    moderation: float = 0.5

    def __post_init__(self) -> None:
        if isinstance(self.window, bool) or not isinstance(self.window, numbers.Integral) \
                or not 1 <= self.window <= 60:
            raise ScenarioError(f"window must be a whole number of days from 1 to 60, e.g. 6; "
                                f"you gave {self.window!r}.")
        for name, (low, high, meaning) in _LIMITS.items():
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, numbers.Real):
                raise ScenarioError(f"{name} must be a number, e.g. {getattr(Params, name)}; "
                                    f"you gave {value!r}.")
            if not (math.isfinite(value) and low <= value <= high):
                raise ScenarioError(f"{name} is {value}, but it must lie between {low} and "
                                    f"{high} ({meaning}).")


@dataclass(frozen=True)
class Scenario:
    """One story of the law (``ban``, one of :data:`BANS`) and two levers.

    ``deadline`` moves the day the ban bites: the outage day ('as_happened'), the first dark
    day ('enforced') or the enforcement day after the January episode ('delayed').
    """

    ban: str = "as_happened"
    translation: bool = True
    moderation: str = "as_reported"
    deadline: date | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.ban, str) or self.ban not in BANS:
            raise ScenarioError(f"There is no ban {self.ban!r}; choose one of {', '.join(BANS)}.")
        if not isinstance(self.translation, bool):
            raise ScenarioError(f"translation must be True or False, not {self.translation!r}.")
        if not isinstance(self.moderation, str) or self.moderation not in MODERATION_LEVELS:
            raise ScenarioError(f"moderation must be one of {', '.join(MODERATION_LEVELS)}; "
                                f"you gave {self.moderation!r}.")
        if self.deadline is not None and (type(self.deadline) is not date
                                          or self.deadline <= START):
            raise ScenarioError(f"deadline must be a datetime.date after {START:%d %B %Y} "
                                f"(or None for the law's date); you gave {self.deadline!r}.")
        if self.ban == "delayed" and self.deadline is not None and self.deadline <= DEADLINE:
            raise ScenarioError(f"A delayed ban must bite after {DEADLINE:%d %B %Y}; "
                                f"{self.deadline:%d %B %Y} is not later.")


SCENARIOS: dict[str, Scenario] = {
    **{ban: Scenario(ban) for ban in BANS}, "no_translation": Scenario(translation=False),
    "stricter_moderation": Scenario(moderation="stricter"),
    "looser_moderation": Scenario(moderation="looser")}


def _scenario(scenario: Scenario | str) -> Scenario:
    if isinstance(scenario, Scenario):
        return scenario
    if isinstance(scenario, str) and scenario in SCENARIOS:
        return SCENARIOS[scenario]
    raise ScenarioError(f"Unknown scenario {scenario!r}; use one of {', '.join(SCENARIOS)} "
                        "or a Scenario(...).")


def _params(params: Params | None) -> Params:
    if params is None or isinstance(params, Params):
        return params or Params()
    raise ScenarioError(f"params must be a Params(...), e.g. Params(network=8); you gave "
                        f"{type(params).__name__}.")


def _days(days: Any, name: str = "days") -> int:
    if isinstance(days, bool) or not isinstance(days, numbers.Integral) or not 1 <= days <= 1500:
        raise ScenarioError(f"{name} must be a whole number from 1 to 1500; you gave {days!r}.")
    return int(days)


def _timeline(sc: Scenario, window: int, days: int) -> tuple[int, dict[str, np.ndarray]]:
    """Quiet run-up days before 1 January, then per day: looming, dark (share of the day),
    aware and translated. The run-up lets a long ``window`` begin from a still baseline, so
    moving the deadline moves events in time and changes nothing else."""
    first = DEADLINE if sc.ban == "delayed" else (sc.deadline or DEADLINE)
    pre = 0 if sc.ban == "never" else max(0, window + 1 - (first - START).days)
    plan = {key: np.zeros(pre + days) for key in ("looming", "dark", "aware", "translated")}
    if sc.ban == "never":
        return pre, plan
    k = (first - START).days + pre
    end = None if sc.ban == "enforced" else k + 1  # dark for good, or for one day
    plan["looming"][k - window:end] = 1.0
    plan["dark"][k:end] = 1.0 if end is None else OUTAGE_HOURS / 24
    if sc.ban == "delayed":
        e = ((sc.deadline or PAUSE_END) - START).days + pre
        plan["looming"][e - window:] = 1.0
        plan["dark"][e:] = 1.0
    plan["aware"][k - window:] = 1.0
    if sc.translation:
        plan["translated"][k - window + TRANSLATION_LAG:] = 1.0
    return pre, plan


def _simulate(v: dict[str, Any], plan: dict[str, np.ndarray], level: float) -> np.ndarray:
    """Habit shares (day, platform, *grid), vectorised over any parameter given as an array."""
    rho, net, appeal, antic, lang, relief, mod = np.broadcast_arrays(  # in _LIMITS' order
        *(np.asarray(v[n], dtype=float) for n in _LIMITS))
    tik, xhs = np.full(rho.shape, _T0), np.zeros(rho.shape)
    out = np.empty((len(plan["dark"]), 3, *rho.shape))
    out[0] = tik, xhs, 1.0 - tik - xhs
    for k in range(1, len(plan["dark"])):
        w_tik = _T0 * (1.0 - plan["dark"][k])
        pull = (appeal + antic * plan["looming"][k] + net * xhs - mod * level
                - lang * (1.0 - relief * plan["translated"][k]))
        w_xhs = plan["aware"][k] * np.exp(pull)
        total = w_tik + w_xhs + _E0
        tik = (1 - rho) * tik + rho * w_tik / total
        xhs = (1 - rho) * xhs + rho * w_xhs / total
        out[k] = tik, xhs, 1.0 - tik - xhs
    return out


def _model_users(values: dict[str, Any], window: int, sc: Scenario, days: int) -> np.ndarray:
    """Daily users (day, platform, *grid) from 1 January; dark TikTok counts as elsewhere."""
    pre, plan = _timeline(sc, window, days)
    shares = _simulate(values, plan, MODERATION_LEVELS[sc.moderation])[pre:]
    dark = plan["dark"][pre:].reshape((-1,) + (1,) * (shares.ndim - 2))
    return np.stack([shares[:, 0] * (1 - dark) * US_TIKTOK_USERS,
                     shares[:, 1] * US_TIKTOK_USERS + XHS_DAILY_BEFORE,
                     (shares[:, 2] + shares[:, 0] * dark) * US_TIKTOK_USERS], axis=1)


def _tidy(days: int, **columns: np.ndarray) -> pd.DataFrame:
    dates = pd.date_range(START, periods=days, freq="D")
    return pd.DataFrame({"date": np.repeat(dates, 3), "platform": np.tile(PLATFORMS, days),
                         **{name: col.ravel() for name, col in columns.items()}})


def run(params: Params | None = None, scenario: Scenario | str = "as_happened",
        days: int = 120) -> pd.DataFrame:
    """One scenario day by day from 1 January 2025: date, platform, share, users (tidy)."""
    p, sc = _params(params), _scenario(scenario)
    users = _model_users(asdict(p), p.window, sc, _days(days))
    frame = _tidy(days, share=users / _POP, users=users)
    frame.attrs.update(scenario=sc, params=p)
    return frame


def compare(params: Params | None = None,
            scenarios: tuple[str | Scenario, ...] = ("as_happened", "enforced", "delayed",
                                                     "never"),
            days: int = 120) -> pd.DataFrame:
    """Several scenarios in one tidy table, with a ``scenario`` column for colour or facet."""
    if isinstance(scenarios, str | Scenario) or not scenarios:
        raise ScenarioError("scenarios must be a non-empty list, e.g. ['as_happened', 'never'].")
    return pd.concat([run(params, s, days).assign(scenario=str(s)) for s in scenarios],
                     ignore_index=True)


def retained_share(params: Params | None = None, days_after: int = 30,
                   scenario: Scenario | str = "as_happened") -> float:
    """Xiaohongshu's share of the population ``days_after`` days after TikTok came back."""
    sc = _scenario(scenario)
    if sc.ban not in ("as_happened", "delayed"):
        raise ScenarioError(f"TikTok never comes back in the {sc.ban!r} scenario; use "
                            "'as_happened' or 'delayed'.")
    back = ((sc.deadline if sc.ban == "as_happened" and sc.deadline else DEADLINE) - START).days
    frame = run(params, sc, back + _days(days_after, "days_after") + 1)
    return float(frame["share"].to_numpy()[3 * (back + days_after) + 1])


# --- fitting to the measured points ----------------------------------------------------------

_JAN = {d: (date(2025, 1, d) - START).days for d in range(1, 32)}
_POINTS: dict[str, tuple[int, tuple[int, ...], tuple[int, ...]]] = {
    # id: (platform index, January days measured, base days of a change; empty for a level)
    "xhs-us-dau-2025-01-06": (1, (6,), ()),
    "xhs-us-dau-2025-01-12": (1, (12,), ()),
    "xhs-us-dau-2025-01-13": (1, (13,), ()),
    "tiktok-us-dau-2025-01-13": (0, (13,), ()),
    "tiktok-us-dau-change-wow-2025-01-13": (0, (13,), (6,)),
    "xhs-us-dau-change-2025-01-20": (1, (20,), (19,)),
    "xhs-us-dau-change-vs-prev-week-2025-01-22": (1, (20, 21, 22), tuple(range(13, 20))),
}
_CALIBRATION = "xhs-us-dau-2025-01-06"
_FIT_DAYS = _JAN[22] + 1  # the last measured day is 22 January
_NOT_MODELLED = {
    "xhs-us-downloads-wow-2025-01-14": "downloads are installs, which the model does not have",
    "xhs-us-new-users-week-2025-01-17": "sign-ups, not daily users (and probably a restatement "
    "of the 13 January jump)",
}
FIT_GRIDS: dict[str, np.ndarray] = {
    "attention": np.round(np.arange(0.05, 1.0001, 0.05), 2),
    "network": np.arange(0.0, 20.01, 1.0), "appeal": np.arange(-10.0, 0.01, 0.25),
    "anticipation": np.arange(0.0, 10.01, 0.25),
}
DEFAULT_FREE = ("attention", "appeal", "anticipation")


def _measured(metrics: pd.DataFrame | None) -> pd.DataFrame:
    if metrics is None:
        from geopolitics.data import load
        metrics = load("app_metrics")
    missing = sorted(set(_POINTS) - set(metrics["id"]))
    if missing:
        raise ScenarioError(f"app_metrics has no row {missing[0]!r}, which the fit needs.")
    return metrics.set_index("id")


def _modelled(users: np.ndarray) -> dict[str, np.ndarray]:
    """The model's value for each measured point, in the point's unit (users or percent)."""
    out = {}
    for pid, (i, when, base) in _POINTS.items():
        level = users[[_JAN[d] for d in when], i].mean(axis=0)
        out[pid] = ((level / users[[_JAN[d] for d in base], i].mean(axis=0) - 1) * 100
                    if base else level)
    return out


def _error(row: pd.Series, change: bool) -> float:
    return CHANGE_ERROR_POINTS.get(row["confidence"], 15.0) if change else LEVEL_ERROR_FACTOR


def _z(pid: str, model: np.ndarray, row: pd.Series) -> np.ndarray:
    """Residual in units of the stated error; one-sided for 'less than' and 'more than'."""
    change = bool(_POINTS[pid][2])
    z = ((model - row["value"]) / _error(row, True) if change
         else np.log(model / row["value"]) / math.log(_error(row, False)))
    if row["qualifier"] == "less_than":
        return np.maximum(z, 0.0)
    return np.minimum(z, 0.0) if row["qualifier"] == "more_than" else z


def fit_table(params: Params | None = None, metrics: pd.DataFrame | None = None
              ) -> pd.DataFrame:
    """Measured against modelled for every point, with its error and whether it fits."""
    p, rows = _params(params), _measured(metrics)
    model = _modelled(_model_users(asdict(p), p.window, Scenario(), _FIT_DAYS))
    table = []
    for pid in [*_POINTS, *(k for k in _NOT_MODELLED if k in rows.index)]:
        row, used = rows.loc[pid], pid in _POINTS
        change = used and bool(_POINTS[pid][2])
        z = float(_z(pid, model[pid], row)) if used else math.nan
        table.append({
            "id": pid, "date": row["date"], "app": row["app"], "metric": row["metric"],
            "qualifier": row["qualifier"], "measured": row["value"], "unit": row["unit"],
            "modelled": float(model[pid]) if used else math.nan,
            "error": (f"±{_error(row, True):g} points" if change else
                      f"×÷{_error(row, False):g}") if used else "",
            "z": z, "within_error": abs(z) <= 1 if used else pd.NA,
            "role": ("calibration" if pid == _CALIBRATION else "fitted") if used
            else "not modelled: " + _NOT_MODELLED[pid]})
    return pd.DataFrame(table)


@dataclass(frozen=True)
class FitResult:
    """What :func:`fit` found: the best parameters, the ranges the data allow, the check."""

    params: Params
    free: tuple[str, ...]
    ranges: pd.DataFrame
    accepted: pd.DataFrame
    tried: int
    table: pd.DataFrame


def fit(free: tuple[str, ...] = DEFAULT_FREE, params: Params | None = None,
        metrics: pd.DataFrame | None = None) -> FitResult:
    """Grid least squares of 1 to 3 free parameters on the measured points (numpy only).

    Each grid point is scored by its residuals in units of each point's stated error; the
    best has the least sum of squares. *Accepted* are all grid points where every fitted
    measurement lies within its error: their spread is the honest range, and a range that
    reaches the grid's end is flagged as not bounded by the data.
    """
    base, rows = _params(params), _measured(metrics)
    if isinstance(free, str) or not 1 <= len(free) <= 3 or len(set(free)) != len(free) \
            or not set(free) <= set(FIT_GRIDS):
        raise ScenarioError(f"free must name 1 to 3 different parameters from "
                            f"{', '.join(FIT_GRIDS)}; you gave {free!r}.")
    mesh = np.meshgrid(*(FIT_GRIDS[n] for n in free), indexing="ij")
    values = asdict(base) | dict(zip(free, mesh, strict=True))
    model = _modelled(_model_users(values, base.window, Scenario(), _FIT_DAYS))
    z = np.stack([_z(pid, model[pid], rows.loc[pid]) for pid in _POINTS if pid != _CALIBRATION])
    ok = np.all(np.abs(z) <= 1.0, axis=0)
    best = np.unravel_index(np.argmin((z ** 2).sum(axis=0)), ok.shape)
    found = replace(base, **{n: float(m[best]) for n, m in zip(free, mesh, strict=True)})
    accepted = pd.DataFrame({n: m[ok] for n, m in zip(free, mesh, strict=True)})
    ranges = []
    for n in free:
        low, high, grid = accepted[n].min(), accepted[n].max(), FIT_GRIDS[n]
        loose = [side for side, v, edge, limit in (("below", low, grid[0], _LIMITS[n][0]),
                                                   ("above", high, grid[-1], _LIMITS[n][1]))
                 if v == edge and edge != limit]
        ranges.append({"parameter": n, "best": getattr(found, n), "low": low, "high": high,
                       "note": f"not bounded {' or '.join(loose)} by the data (the grid's "
                       "end still fits)" if loose else ""})
    return FitResult(found, tuple(free), pd.DataFrame(ranges), accepted, int(ok.size),
                     fit_table(found, metrics))


def band(result: FitResult, scenario: Scenario | str = "as_happened",
         days: int = 120) -> pd.DataFrame:
    """Lowest, best and highest daily users per day over every accepted parameter set."""
    if not isinstance(result, FitResult) or result.accepted.empty:
        raise ScenarioError("band() needs the result of fit() with at least one accepted set.")
    sc, p, days = _scenario(scenario), result.params, _days(days)
    values = asdict(p) | {n: result.accepted[n].to_numpy() for n in result.free}
    users = _model_users(values, p.window, sc, days)
    return _tidy(days, low=users.min(axis=2),
                 best=_model_users(asdict(p), p.window, sc, days), high=users.max(axis=2))


def assumptions() -> pd.DataFrame:
    """The model's assumptions as a table (topic, assumption, why) for a notebook to show."""
    return pd.DataFrame(ASSUMPTIONS)


def benchmark(repeats: int = 100) -> dict[str, float]:
    """Milliseconds for one 120-day :func:`run` (median and slowest), for ``make bench``."""
    seconds = []
    for _ in range(_days(repeats, "repeats")):
        began = time.perf_counter()
        run(Params(), "as_happened", 120)
        seconds.append(time.perf_counter() - began)
    return {"median_ms": 1000 * float(np.median(seconds)), "max_ms": 1000 * max(seconds)}
