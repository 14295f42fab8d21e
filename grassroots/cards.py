"""Metric cards as data: what a card says (label, value, change, help), built from a subject's
declarative list of cards and its summary rows; grassroots/ui/stat_cards.py draws them (one way for
every page), the tests read them without a page.

    SPECS = (Spec("services", "kpi.services", "count", metric="services"), ...)
    cards = build(SPECS, now, prev, tr, help_args={"svc.per_staff_help": {...}})

A spec names the column of the summary row that holds the value, the label's and the help's string
keys (the metric catalogue's definition when the help is not given) and the unit (grassroots.fmt).
The change is against the comparison period's row: percent for counts, percentage points for shares.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from grassroots import fmt, periods


@dataclass(frozen=True)
class Card:
    label: str
    value: str
    help: str | None = None
    delta: str | None = None  # +3.2% / +1.5 pp against the comparison period
    higher_is_better: bool | None = True  # None: neither, the change is not coloured
    compared: bool = False  # whether a comparison period was given (its note is shown beneath)
    arrow: bool = True  # False: the delta line is a note (12 / 20 communities), drawn without an arrow


@dataclass(frozen=True)
class Spec:
    column: str  # the column of the subject's summary row
    label: str  # string key of the label
    unit: str  # grassroots.fmt unit (the catalogue's, or an alias)
    help: str | None = None  # string key of the tooltip; None: the catalogue's definition of `metric`
    metric: str | None = None  # the metric catalogue's key
    higher_is_better: bool | None = True
    compare: bool = True  # False: a stock at the period's end, shown without a change
    help_args: Mapping[str, str] = field(default_factory=dict)  # fixed arguments of the help text


def change_text(unit: str, value, previous) -> str | None:
    """The change of `value` against `previous` as a card says it, or None when there is none."""
    now, base = fmt.number(value), fmt.number(previous)
    return fmt.change(unit, periods.change(now, base, fmt.unit_of(unit) == "percent"))


def card(
    label: str, value, unit: str, previous=None, help: str | None = None, higher_is_better: bool | None = True
) -> Card:
    """One card of a figure in `unit`, with its change against `previous` when that is given."""
    return Card(
        label,
        fmt.value(unit, value),
        help,
        change_text(unit, value, previous) if previous is not None else None,
        higher_is_better,
        previous is not None,
    )


def build(
    specs, now, previous, tr: Callable[..., str], help_args: Mapping[str, Mapping[str, str]] | None = None
) -> list[Card]:
    """The cards of `specs` from the summary row `now` (a pandas row or a mapping) and the comparison
    period's row `previous` (None: no changes); `help_args` fills the help texts' placeholders."""
    from grassroots.metrics import catalogue

    help_args = help_args or {}
    out = []
    for s in specs:
        help_text: str | None
        if s.help:
            help_text = tr(s.help, **{**s.help_args, **help_args.get(s.help, {})})
        else:
            help_text = catalogue.get(s.metric).help() if s.metric else None
        before = previous[s.column] if previous is not None and s.compare else None
        out.append(card(tr(s.label), now[s.column], s.unit, before, help_text, s.higher_is_better))
    return out
