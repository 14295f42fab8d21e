"""Scoring rules and colours (pure functions), and how they read in words.

- linear (线性到目标): full points at or beyond the target; short of it, `minus` points per `per`
  (e.g. full 50 at >= 70%, minus 1 per percentage point below), or straight down to 0 at `zero_at`.
- bands (分档): the points of the first band reached (best band first), else `otherwise`.
- deduction (按件扣分): full points minus `per_case` for every case counted, at most `cap` lost.
Scores never fall below 0.
"""

from __future__ import annotations

from grassroots import i18n
from grassroots.assessment.system import Indicator, Lights

GREEN, YELLOW, RED = "green", "yellow", "red"
_EPS = 1e-9


def _given(x: float | None) -> float:
    """A rule parameter its kind requires (grassroots.assessment.system checks them when loading)."""
    if x is None:
        raise ValueError("a rule parameter its kind requires is missing")
    return x


def _clean(x: float) -> float:
    return round(x, 6) + 0.0  # no -0.0, no float noise such as 40.000000000000004


def shortfall(ind: Indicator, value: float) -> float:
    """How far the value falls short of the target on the side that loses points (>= 0)."""
    r = ind.rule
    target = _given(r.target)
    gap = (target - value) if ind.higher_is_better else (value - target)
    return max(0.0, gap)


def score(ind: Indicator, value: float | None) -> float | None:
    """Points scored by `value` (None: no value, left to the indicator's if_missing)."""
    if value is None or value != value:
        return None
    r, pts = ind.rule, ind.points
    if r.kind == "linear":
        short = shortfall(ind, value)
        if short <= _EPS:
            return _clean(pts)
        if r.zero_at is not None:
            span = abs(_given(r.target) - r.zero_at)
            return _clean(max(0.0, pts * (1.0 - short / span)))
        return _clean(max(0.0, pts - _given(r.minus) * short / _given(r.per)))
    if r.kind == "bands":
        for edge, pts_band in r.bands:
            if (ind.higher_is_better and value >= edge - _EPS) or (not ind.higher_is_better and value <= edge + _EPS):
                return _clean(pts_band)
        return _clean(r.otherwise)
    lost = min(_given(r.cap), _given(r.per_case) * value)
    return _clean(max(0.0, pts - lost))


def light(lights: Lights | None, value: float | None, higher_is_better: bool = True) -> str | None:
    """Red/yellow/green for a value against green/yellow thresholds (None: no thresholds or value)."""
    if lights is None or value is None or value != value:
        return None
    if higher_is_better:
        return GREEN if value >= lights.green - _EPS else YELLOW if value >= lights.yellow - _EPS else RED
    return GREEN if value <= lights.green + _EPS else YELLOW if value <= lights.yellow + _EPS else RED


# --- words ----------------------------------------------------------------------------------------


def fmt_value(ind: Indicator, v: float | None) -> str:
    if v is None or v != v:
        return "—"
    if ind.rule.kind == "deduction" or ind.format == "count":
        return f"{v:,.0f}"
    if ind.format == "percent":
        return f"{v * 100:.1f}%"
    if ind.format == "hours":
        return f"{v:.1f} h"
    return f"{v:,.2f}"


def fmt_points(v: float | None) -> str:
    if v is None or v != v:
        return "—"
    return f"{v:.2f}".rstrip("0").rstrip(".")


def fmt_step(ind: Indicator, v: float, lang: str) -> str:
    """A step of the value in words: 1 percentage point, 2 hours, 0.5 ..."""
    if ind.format == "percent":
        return i18n.t("asm.rule.pp", lang, n=fmt_points(v * 100))
    if ind.format == "hours":
        return i18n.t("asm.rule.hours", lang, n=fmt_points(v))
    return fmt_points(v)


def describe(ind: Indicator, lang: str = "zh") -> str:
    """The rule in a sentence, e.g. 满分 50 分；≥70.0% 得满分，每低 1 个百分点扣 1 分。"""
    r = ind.rule
    cmp = "≥" if ind.higher_is_better else "≤"
    full = i18n.t("asm.rule.full", lang, points=fmt_points(ind.points))
    if r.kind == "linear":
        side = "asm.rule.below" if ind.higher_is_better else "asm.rule.above"
        if r.zero_at is not None:
            body = i18n.t(
                "asm.rule.linear_zero", lang, cmp=cmp, target=fmt_value(ind, r.target), zero=fmt_value(ind, r.zero_at)
            )
        else:
            body = i18n.t(
                "asm.rule.linear",
                lang,
                cmp=cmp,
                target=fmt_value(ind, r.target),
                side=i18n.t(side, lang),
                step=fmt_step(ind, _given(r.per), lang),
                minus=fmt_points(r.minus),
            )
    elif r.kind == "bands":
        parts = [f"{cmp}{fmt_value(ind, t)} {i18n.t('asm.rule.points', lang, n=fmt_points(s))}" for t, s in r.bands]
        parts.append(i18n.t("asm.rule.otherwise", lang, n=fmt_points(r.otherwise)))
        body = "; ".join(parts) if lang == "en" else "；".join(parts)
    else:
        body = i18n.t("asm.rule.deduction", lang, per_case=fmt_points(r.per_case), cap=fmt_points(r.cap))
    return f"{full}{i18n.t('asm.rule.sep', lang)}{body}"


def explain(ind: Indicator, value: float | None, lang: str = "zh") -> str:
    """How `value` came to its points under the rule, in a sentence."""
    pts = score(ind, value)
    if pts is None or value is None:  # score is None exactly when value is None or NaN
        return i18n.t(f"asm.explain.missing_{ind.if_missing}", lang, points=fmt_points(ind.points))
    r = ind.rule
    if r.kind == "linear":
        short = shortfall(ind, value)
        if short <= _EPS:
            return i18n.t("asm.explain.linear_full", lang, value=fmt_value(ind, value), points=fmt_points(pts))
        lost = ind.points - pts
        return i18n.t(
            "asm.explain.linear_short",
            lang,
            value=fmt_value(ind, value),
            target=fmt_value(ind, r.target),
            short=fmt_step(ind, short, lang),
            lost=fmt_points(lost),
            points=fmt_points(pts),
        )
    if r.kind == "bands":
        for edge, _points in r.bands:
            if (ind.higher_is_better and value >= edge - _EPS) or (not ind.higher_is_better and value <= edge + _EPS):
                cmp = "≥" if ind.higher_is_better else "≤"
                return i18n.t(
                    "asm.explain.band",
                    lang,
                    value=fmt_value(ind, value),
                    cmp=cmp,
                    edge=fmt_value(ind, edge),
                    points=fmt_points(pts),
                )
        return i18n.t("asm.explain.no_band", lang, value=fmt_value(ind, value), points=fmt_points(pts))
    return i18n.t(
        "asm.explain.deduction",
        lang,
        n=fmt_value(ind, value),
        per_case=fmt_points(r.per_case),
        lost=fmt_points(ind.points - pts),
        points=fmt_points(pts),
    )
