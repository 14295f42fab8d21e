"""What every tab of the tickets page shares: the page's parameters, its queries, the headline row and
the drill-down registry (grassroots/ui/ticket_drill.py). The tabs are drawn by grassroots/ui/tickets_tabs.py
from the data grassroots/views/tickets.py assembles."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
import streamlit as st

from grassroots.metrics.ticket_config import TicketConfig
from grassroots.ui import data, ticket_drill
from grassroots.ui.filters import Filters
from grassroots.ui.text import segmented, tr
from grassroots.views import tickets as view


@dataclass
class Page:
    f: Filters
    tc: TicketConfig
    P: dict  # the parameters of queries/tickets/*.sql
    grain: str
    min_n: int
    words: view.Words
    picks: ticket_drill.Picks = field(init=False)
    h: pd.Series = field(init=False)  # the headline row of tickets/rates
    flow: pd.DataFrame = field(init=False)
    backlog: pd.DataFrame = field(init=False)

    def __post_init__(self):
        signature = repr(sorted((k, str(v)) for k, v in self.P.items() if k not in ("dim", "escalated_only")))
        self.picks = ticket_drill.Picks(signature)

    def q(self, name: str, **extra) -> pd.DataFrame:
        return data.query(f"tickets/{name}", {**self.P, **extra})

    def groups(self, dim: str, **extra) -> pd.DataFrame:
        """tickets/rates per group of `dim` (its total row is the headline's)."""
        found = self.q("rates", dim=dim, **extra)
        return found[~found["is_total"]].reset_index(drop=True)

    def labelled(self, dim: str, **extra) -> pd.DataFrame:
        return self.words.labelled(self.groups(dim, **extra), dim)

    def chart(self, fig, name: str, area: str, spec=None) -> None:
        self.picks.chart(fig, name, area, spec)

    def table(self, frame: pd.DataFrame, cols: list[str], name: str, area: str, specs: list[dict]) -> None:
        """A selectable group table of `cols` (rates in percent, durations in one unit per column)."""
        shown, rates = self.words.table(frame, cols)
        percent = {c: st.column_config.NumberColumn(format="percent") for c in rates}
        self.picks.table(shown, name, area, specs, percent)

    def drill(self, area: str, spec: dict | None = None) -> None:
        ticket_drill.panel(self.picks, area, self.P, self.tc, view.KINDS, spec)

    def pick_dim(self, key: str, options=view.DIMS, default: str = "category", word: str = "dim") -> str:
        return segmented(tr("tickets.by"), options, key, f"tickets.{word}", default)
