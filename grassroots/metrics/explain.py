"""Why a rate moved: its change against the comparison period split into each unit's (street's or
category's) contribution, whose parts sum to the total change.

The overall rate is a weighted mean of the units' rates, R = sum_i w_i r_i, with w_i = n_i / N the
unit's share of the denominator and r_i = k_i / n_i its rate. A unit's contribution to the change is
w1_i r1_i - w0_i r0_i, and these sum to R1 - R0 exactly (the arithmetic is done in fractions of the
integer counts, so nothing is lost to rounding before the parts are written out). Each contribution
splits exactly (the midpoint, or Bennet, decomposition) into
- a rate effect, (w0_i + w1_i) / 2 x (r1_i - r0_i): the unit did better or worse, and
- a mix effect, (r0_i + r1_i) / 2 x (w1_i - w0_i): the unit carries more or less of the weight.
A unit present in one period only has the rate it had there in both (its change is all mix). For a
rate the overall volume cancels out (only the shares matter), so there is no separate volume effect.
"""

from __future__ import annotations

from fractions import Fraction

import pandas as pd

from grassroots.metrics.funnel import TICKET_RATES
from grassroots.metrics.ticket_config import load as ticket_config


def _counts(frame: pd.DataFrame, numerator: str, denominator: str, code: str, label: str) -> dict:
    out = {}
    for _, r in frame.iterrows():
        d = pd.to_numeric(r[denominator], errors="coerce")
        if pd.isna(d) or d <= 0:
            continue
        k = pd.to_numeric(r[numerator], errors="coerce")
        out[str(r[code])] = (str(r[label]), Fraction(int(round(0 if pd.isna(k) else k))), Fraction(int(round(d))))
    return out


def decompose(
    current: pd.DataFrame,
    previous: pd.DataFrame,
    numerator: str,
    denominator: str,
    code: str = "grp",
    label: str = "label",
    exact: bool = False,
) -> dict | None:
    """{previous, current, total_change, parts[{code, name, contribution, rate_effect, mix_effect}]}
    (rates as fractions of 1, parts largest first by size; with `exact`, as Fractions); None when
    either period has no cases."""
    now = _counts(current, numerator, denominator, code, label)
    before = _counts(previous, numerator, denominator, code, label)
    n1, n0 = sum(v[2] for v in now.values()), sum(v[2] for v in before.values())
    if not n1 or not n0:
        return None
    r1_all, r0_all = sum(v[1] for v in now.values()) / n1, sum(v[1] for v in before.values()) / n0
    parts = []
    for c in sorted(set(now) | set(before)):
        name = (now[c] if c in now else before[c])[0]
        k1, d1 = now[c][1:] if c in now else (Fraction(0), Fraction(0))
        k0, d0 = before[c][1:] if c in before else (Fraction(0), Fraction(0))
        # a group absent on one side takes the other side's rate (its weight there is 0)
        r1 = k1 / d1 if d1 else (k0 / d0 if d0 else Fraction(0))
        r0 = k0 / d0 if d0 else r1
        w1, w0 = d1 / n1, d0 / n0
        rate = (w0 + w1) / 2 * (r1 - r0)
        mix = (r0 + r1) / 2 * (w1 - w0)
        parts.append({"code": c, "name": name, "contribution": rate + mix, "rate_effect": rate, "mix_effect": mix})
    parts.sort(key=lambda p: (-abs(p["contribution"]), p["code"]))
    num = (lambda v: v) if exact else float
    return {
        "previous": num(r0_all),
        "current": num(r1_all),
        "total_change": num(r1_all - r0_all),
        "parts": [{**p, **{k: num(p[k]) for k in ("contribution", "rate_effect", "mix_effect")}} for p in parts],
    }


def explain(
    current: pd.DataFrame,
    previous: pd.DataFrame,
    rates: tuple[str, ...] = tuple(TICKET_RATES),
    code: str = "grp",
    label: str = "label",
) -> dict:
    """The report's `explain`: {rate: decompose(...)} for each tickets/rates rate (a TICKET_RATES key)
    over the group rows of both periods (e.g. tickets/rates with dim 'street'); a rate with no cases
    in either period is left out."""
    out = {}
    for rate in rates:
        numerator, denominator = TICKET_RATES[rate]
        d = decompose(current, previous, numerator, denominator, code, label)
        if d is not None:
            out[rate] = d
    return out


def report_section(fetch, params: dict, context: dict) -> dict:
    """The report's `explain`: each ticket rate's change against the comparison period by street
    (tickets/rates with dim 'street', as the tickets page counts); {} when there is no comparison
    period (a year's report)."""
    previous = context.get("previous")
    if previous is None:
        return {}
    p = {
        **params,
        "category": None,
        "grain": "month",
        "dim": "street",
        "escalated_only": False,
        "own_due_only": False,
        "response_hours": ticket_config().response_hours,
    }
    now = fetch("tickets/rates", p)
    before = fetch("tickets/rates", {**p, **previous.params()})
    return explain(now[~now["is_total"]], before[~before["is_total"]])
