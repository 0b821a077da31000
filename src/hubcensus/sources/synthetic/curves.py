"""When repos appear and how their counters grow.

Creation times follow a cumulative growth curve per kind (`_growth_times` over the `_*_GROWTH`
anchors). Counters follow a closed-form daily rate per repo (`_Curves`): a fast rise, a decay over
weeks and a long tail, evaluated at any date, so nothing is simulated day by day.

Calibration (docs/synthetic-calibration.md): the all-time downloads of models at the last snapshot
follow a fixed quantile function (`_MODEL_DL_KNOTS`: about half under 200, top 0.01% near half of
all downloads, as in SPEC C1) by assigning ranks of a popularity score to stratified quantiles
(`_calibrated_amp`); who gets which rank (base models of big labs, redistributors' quantisations,
individuals) is what the score models. Because quantiles are stratified, the shares hold at any
scale, from a few thousand repos up.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from hubcensus.sources.synthetic.sampling import _stoch_round
from hubcensus.sources.synthetic.schema import DAY_MS, _date_ms

# Cumulative counts (any unit; only the shape matters) of repos created by each date: roughly
# doubling a year recently, faster before (2022-10 matches the 75k models of the real sample
# models-2022-10.parquet at 2.2M models in 2026-03). Normalised so the last snapshot has the count.
_MODEL_GROWTH = (
    ("2018-11-01", 0.01),
    ("2020-01-01", 0.12),
    ("2021-01-01", 4.6),
    ("2022-01-01", 24.0),
    ("2022-10-01", 75.0),
    ("2023-01-01", 100.0),
    ("2024-01-01", 420.0),
    ("2024-10-01", 1000.0),
    ("2025-01-01", 1200.0),
    ("2026-01-01", 2050.0),
    ("2026-03-01", 2200.0),
)
_DATASET_GROWTH = (
    ("2020-06-01", 0.3),
    ("2021-01-01", 1.5),
    ("2022-01-01", 5.0),
    ("2023-03-16", 24.0),
    ("2024-01-01", 90.0),
    ("2025-01-01", 270.0),
    ("2026-01-01", 510.0),
    ("2026-03-01", 550.0),
)
_SPACE_GROWTH = (
    ("2021-10-15", 0.5),
    ("2022-01-01", 3.0),
    ("2023-01-01", 40.0),
    ("2024-01-01", 250.0),
    ("2025-01-01", 550.0),
    ("2026-01-01", 920.0),
    ("2026-03-01", 1000.0),
)
_PAPER_GROWTH = (
    ("2023-05-04", 0.02),
    ("2024-01-01", 2.0),
    ("2025-01-01", 6.4),
    ("2026-01-01", 13.7),
    ("2026-03-01", 15.0),
)


# All-time downloads at the last snapshot as a function of the probit of the popularity quantile:
# piecewise linear (z, log10 downloads). Median 200 and a tail that puts the top 0.01% of models near
# half of all downloads (SPEC C1); datasets are an order of magnitude lower in the body.
_MODEL_DL_KNOTS = (
    (-5.0, -0.6),
    (-1.28, 1.15),
    (-0.67, 1.78),
    (0.0, 2.3),
    (0.67, 2.9),
    (1.28, 3.6),
    (2.33, 5.08),
    (3.09, 6.48),
    (3.72, 7.85),
    (4.75, 9.15),
    (6.0, 10.2),
)
_DATASET_DL_KNOTS = (
    (-5.0, -1.5),
    (-1.28, 0.0),
    (-0.67, 0.6),
    (0.0, 1.3),
    (0.67, 2.0),
    (1.28, 2.8),
    (2.33, 4.3),
    (3.09, 6.0),
    (3.72, 7.5),
    (4.75, 9.0),
    (6.0, 9.8),
)
_SPACE_ENGAGEMENT_KNOTS = (
    (-5.0, -1.0),
    (-1.28, 0.6),
    (0.0, 1.6),
    (1.28, 2.9),
    (2.33, 4.2),
    (3.09, 5.3),
    (3.72, 6.2),
    (4.75, 7.3),
    (6.0, 8.0),
)

# Coefficients of Acklam's rational approximation of the inverse normal CDF (`_probit`).
_A = (
    -3.969683028665376e01,
    2.209460984245205e02,
    -2.759285104469687e02,
    1.383577518672690e02,
    -3.066479806614716e01,
    2.506628277459239e00,
)
_B = (-5.447609879822406e01, 1.615858368580409e02, -1.556989798598866e02, 6.680131188771972e01, -1.328068155288572e01)
_C = (
    -7.784894002430293e-03,
    -3.223964580411365e-01,
    -2.400758277161838e00,
    -2.549732539343734e00,
    4.374664141464968e00,
    2.938163982698783e00,
)
_D = (7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e00, 3.754408661907416e00)


def _probit(p: np.ndarray) -> np.ndarray:
    """Inverse standard normal CDF (Acklam's rational approximation, |error| < 1.2e-9): numpy has
    none and scipy is not a dependency."""
    p = np.asarray(p, dtype=np.float64)
    out = np.empty_like(p)
    lo, hi = p < 0.02425, p > 1 - 0.02425
    mid = ~(lo | hi)
    q = p[mid] - 0.5
    r = q * q
    out[mid] = (
        (((((_A[0] * r + _A[1]) * r + _A[2]) * r + _A[3]) * r + _A[4]) * r + _A[5])
        * q
        / (((((_B[0] * r + _B[1]) * r + _B[2]) * r + _B[3]) * r + _B[4]) * r + 1)
    )
    for sel, sign, x in ((lo, 1.0, p[lo]), (hi, -1.0, 1 - p[hi])):
        q = np.sqrt(-2 * np.log(x))
        out[sel] = sign * (
            (((((_C[0] * q + _C[1]) * q + _C[2]) * q + _C[3]) * q + _C[4]) * q + _C[5])
            / ((((_D[0] * q + _D[1]) * q + _D[2]) * q + _D[3]) * q + 1)
        )
    return out


def _year_frac(ms: np.ndarray) -> np.ndarray:
    return 1970.0 + np.asarray(ms, dtype=np.float64) / (365.2425 * DAY_MS)


_MID_YEARS = np.arange(2019, 2027) + 0.5


def _by_year(yf: np.ndarray, table: Sequence[float]) -> np.ndarray:
    """A yearly table (2019 … 2026, mid-year values) read at fractional years, linear in between."""
    return np.interp(yf, _MID_YEARS, np.asarray(table, dtype=np.float64))


def _growth_times(
    rng: np.random.Generator, n: int, anchors: Sequence[tuple[str, float]], end_ms: int, start_ms: int
) -> np.ndarray:
    """n creation times (ms, ascending) following a cumulative growth curve that is piecewise
    exponential between anchors (extrapolated past them), ending at `end_ms`. Uniforms are
    stratified so monthly counts are smooth at any n."""
    if n <= 0:
        return np.zeros(0, dtype=np.int64)
    at = np.array([_date_ms(dt.date.fromisoformat(a)) for a, _ in anchors], dtype=np.float64)
    lc = np.log(np.array([c for _, c in anchors], dtype=np.float64))
    start_ms = min(start_ms, end_ms - DAY_MS)

    def logcum(x: np.ndarray) -> np.ndarray:
        y = np.interp(x, at, lc)
        s0 = (lc[1] - lc[0]) / (at[1] - at[0])
        s1 = (lc[-1] - lc[-2]) / (at[-1] - at[-2])
        y = np.where(x < at[0], lc[0] + (x - at[0]) * s0, y)
        return np.where(x > at[-1], lc[-1] + (x - at[-1]) * s1, y)

    grid = np.linspace(float(start_ms), float(end_ms), 8192)
    lg = logcum(grid)
    u = (np.arange(n) + rng.random(n)) / n
    times = np.interp(lg[-1] + np.log(u), lg, grid)
    return np.minimum(np.floor(times).astype(np.int64), end_ms - 60_000)


def _shape_cum(
    age_days: np.ndarray, rho: np.ndarray, tau: np.ndarray, b: np.ndarray, tau_long: np.ndarray
) -> np.ndarray:
    """Integral from release to `age` of the daily rate (1 - e^{-a/rho}) (e^{-a/tau} + b e^{-a/tau_long}):
    a fast rise after release, a decay over weeks (SPEC A2) and a long tail for evergreen repos."""
    a = np.maximum(age_days, 0.0)
    k1 = rho * tau / (rho + tau)
    k2 = rho * tau_long / (rho + tau_long)
    return (
        tau * -np.expm1(-a / tau)
        - k1 * -np.expm1(-a / k1)
        + b * (tau_long * -np.expm1(-a / tau_long) - k2 * -np.expm1(-a / k2))
    )


def _shape_total(rho: np.ndarray, tau: np.ndarray, b: np.ndarray, tau_long: np.ndarray) -> np.ndarray:
    return (tau - rho * tau / (rho + tau)) + b * (tau_long - rho * tau_long / (rho + tau_long))


@dataclass
class _Curves:
    """Per-repo counter curves. `amp` scales the shape to downloads (all-time = amp * observed shape
    integral); likes follow the square root of the share of engagement realised, so they come early."""

    amp: np.ndarray
    rho: np.ndarray
    tau: np.ndarray
    b: np.ndarray
    tau_long: np.ndarray
    likes_final: np.ndarray
    u: np.ndarray  # per-repo rounding offsets in [0, 1)
    change_ms: int | None = None  # counting change (datasets): rates times `factor` from then on
    factor: float = 1.0

    def observed(self, rows: np.ndarray, created: np.ndarray, t_ms: np.ndarray | int) -> np.ndarray:
        """The shape integral as the counter shows it at time t (with the counting change)."""
        args = (self.rho[rows], self.tau[rows], self.b[rows], self.tau_long[rows])
        age = (np.asarray(t_ms, dtype=np.float64) - created) / DAY_MS
        s = _shape_cum(age, *args)
        if self.change_ms is None:
            return s
        sc = _shape_cum((self.change_ms - created) / DAY_MS, *args)
        return np.where(age * DAY_MS + created > self.change_ms, sc + self.factor * (s - sc), s)

    def downloads(self, rows: np.ndarray, created: np.ndarray, t_ms: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(30-day, all-time) integer downloads at t: differences of one floored cumulative, so the
        two agree and a later snapshot never shows fewer all-time downloads."""
        amp = self.amp[rows]
        now = np.floor(amp * self.observed(rows, created, t_ms)).astype(np.int64)
        before = np.floor(amp * self.observed(rows, created, t_ms - 30 * DAY_MS)).astype(np.int64)
        return now - before, now

    def likes(self, rows: np.ndarray, created: np.ndarray, t_ms: int) -> tuple[np.ndarray, np.ndarray]:
        """(likes, trendingScore) at t; trending is the recent week's likes, scaled like the Hub's."""
        args = (self.rho[rows], self.tau[rows], self.b[rows], self.tau_long[rows])
        total = _shape_total(*args)
        f_now = np.sqrt(np.clip(_shape_cum((t_ms - created) / DAY_MS, *args) / total, 0, 1))
        f_week = np.sqrt(np.clip(_shape_cum((t_ms - 7 * DAY_MS - created) / DAY_MS, *args) / total, 0, 1))
        lf = self.likes_final[rows]
        likes = _stoch_round(lf * f_now, self.u[rows])
        trend = np.floor(0.4 * lf * (f_now - f_week) + 0.1 * likes * np.exp(-(t_ms - created) / (120 * DAY_MS)))
        return likes, trend.astype(np.int64)


def _curve_params(
    rng: np.random.Generator, n: int, evergreen: np.ndarray, durable: np.ndarray | None = None
) -> tuple[np.ndarray, ...]:
    """Shape parameters: rise ~3 days, decay e-fold ~6 weeks on average (SPEC A2: mean engagement
    about six weeks), a small tail for most and a large, slow one for evergreen repos. `durable`
    evergreen repos (small encoders, speech and vision models that pipelines pull every day) keep
    a near-flat tail for years; evergreen LLMs fade within a year or two as newer ones arrive."""
    rho = np.exp(rng.normal(np.log(3.0), 0.4, n))
    tau = np.exp(rng.normal(np.log(36.0), 0.5, n))
    # most repos fall silent once the launch is over (the real 30-day counts are zero for ~45% of
    # models in 2022-10); the rest keep a trickle
    b = np.where(rng.random(n) < 0.5, 0.0, np.exp(rng.normal(np.log(0.008), 1.0, n)))
    tau_long = np.exp(rng.normal(np.log(300.0), 0.4, n))
    durable = np.zeros(n, dtype=bool) if durable is None else durable
    b = np.where(evergreen, np.where(durable, rng.uniform(0.8, 2.0, n), rng.uniform(0.05, 0.35, n)), b)
    tau_long = np.where(evergreen, np.exp(rng.normal(np.log(np.where(durable, 3000.0, 600.0)), 0.3, n)), tau_long)
    return rho, tau, b, tau_long


def _peak_realised(created: np.ndarray, end_ms: int, rho: np.ndarray, tau: np.ndarray) -> np.ndarray:
    """Share of its launch peak a repo has lived through by the end (the long tail left out, so an
    evergreen repo is not ranked down for the years of downloads still ahead of it)."""
    zero = np.zeros_like(rho)
    done = _shape_cum((end_ms - created) / DAY_MS, rho, tau, zero, np.ones_like(rho))
    return np.clip(done / _shape_total(rho, tau, zero, np.ones_like(rho)), 1e-4, 1.0)


def _calibrated_amp(score: np.ndarray, knots: Sequence[tuple[float, float]], observed_at_end: np.ndarray) -> np.ndarray:
    """Amplitudes such that the counter at the last snapshot follows the knots' quantile function.

    The popularity score is ranked; ranks go to stratified quantiles (so the marginal is exact at any
    n); the target is the count at the end, and the amplitude is target / observed shape at the end.
    The score should already include the log of how much of its curve a repo has lived through, so
    a repo a day old is not handed a top rank it cannot have reached yet."""
    n = len(score)
    if n == 0:
        return np.zeros(0)
    ranks = np.empty(n, dtype=np.int64)
    ranks[np.argsort(score, kind="stable")] = np.arange(n)
    u = (ranks + 0.5) / n  # midpoints: no jitter, so the very top is the same at every run and scale
    kz, kl = zip(*knots)
    target = 10 ** np.interp(_probit(np.clip(u, 1e-12, 1 - 1e-12)), kz, kl)
    return target / np.maximum(observed_at_end, 1e-3)
