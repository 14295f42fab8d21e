"""Drill-down on the tickets page: from a clicked chart mark or a selected table row to the ticket
(or wish) records behind it, masked for the viewer's role, first rows shown, all of them (up to
a limit) downloadable as CSV and .xlsx.

Every clickable chart and selectable table registers with `Picks` what its current selection
points at (a spec: a title, a ticket_drill kind and query parameters); an area's drill-down shows
the selection clicked last. Widget keys carry a signature of the page's filters, so a selection
made under other filters is never applied to the numbers now on screen.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

import pandas as pd
import streamlit as st

from grassroots import codes, markup, privacy
from grassroots.metrics.ticket_config import TicketConfig
from grassroots.ui import data, downloads, filters, session
from grassroots.ui.text import default_for, in_language, lang, tr
from grassroots.views.tickets import DRILL_DEFAULTS

RECORD_WORDS = (
    "tickets.yes",
    "tickets.no",
    *(f"tickets.status.{k}" for k in ("open", "closed", "cancelled", "duplicate")),
    *(f"tickets.deadline.{k}" for k in ("on_time", "late", "overdue", "pending", "no_due", "void")),
    *(f"tickets.due_source.{k}" for k in ("ticket", "sla")),
)
WISH_KINDS = ("all", "claimed", "unclaimed", "fulfilled")


class Picks:
    """The selections of one page run, by area (a tab)."""

    def __init__(self, signature: str, prefix: str = "tk"):
        self.sig = hashlib.sha1(signature.encode()).hexdigest()[:8]
        self.prefix = prefix
        self.found: dict[str, list[tuple[str, dict | None]]] = {}

    def key(self, area: str, name: str) -> str:
        gen = st.session_state.get(f"{self.prefix}_gen_{area}", 0)
        return f"{self.prefix}_{name}_{gen}_{self.sig}"

    def _clicked(self, area: str, key: str) -> None:
        st.session_state[f"{self.prefix}_last_{area}"] = key

    def close(self, area: str) -> None:
        """A new generation of the area's widgets: every selection in it is gone."""
        k = f"{self.prefix}_gen_{area}"
        st.session_state[k] = st.session_state.get(k, 0) + 1

    def chart(self, fig, name: str, area: str, to_spec: Callable[[dict], dict | None]) -> None:
        """A plotly chart whose clicked point (its customdata) becomes a drill-down spec."""
        key = self.key(area, name)
        event = st.plotly_chart(
            markup.plain_figure(filters.mark_running_month(fig)),
            key=key,
            on_select=lambda: self._clicked(area, key),
            selection_mode="points",
        )
        points = markup.unplain(list(event.selection.points)) if event else []  # as the data has them
        self.found.setdefault(area, []).append((key, to_spec(points[0]) if points else None))

    def table(self, frame: pd.DataFrame, name: str, area: str, specs: list[dict], column_config=None) -> None:
        """A table whose selected row's spec (specs[row]) becomes the drill-down."""
        key = self.key(area, name)
        event = st.dataframe(
            frame,
            hide_index=True,
            key=key,
            on_select=lambda: self._clicked(area, key),
            selection_mode="single-row",
            column_config=column_config,
        )
        rows = event.selection.rows if event else []
        self.found.setdefault(area, []).append((key, specs[rows[0]] if rows and rows[0] < len(specs) else None))

    def picked(self, area: str) -> dict | None:
        """The area's drill-down spec: the selection clicked last, else any selection."""
        live = [(k, spec) for k, spec in self.found.get(area, []) if spec]
        last = st.session_state.get(f"{self.prefix}_last_{area}")
        return next((spec for k, spec in live if k == last), live[0][1] if live else None)


def record_words(columns) -> dict[str, str]:
    """The strings record_view needs, in the session's language (under "lang", the language itself)."""
    return {"lang": lang(), **{k: tr(k) for k in (*RECORD_WORDS, *(f"tickets.col.{c}" for c in columns))}}


def record_view(records: pd.DataFrame, words: dict[str, str]) -> pd.DataFrame:
    """Ticket records as the viewer reads them: values in words, columns labelled. `words` comes
    from record_words beforehand, because a download is built outside the session."""
    out = records.copy()

    def say(prefix):
        return lambda v: words.get(f"{prefix}.{v}", v) if isinstance(v, str) else v

    out = codes.frame_values(out, "tickets", words.get("lang", "zh"))
    out["deadline_state"] = out["deadline_state"].map(say("tickets.deadline"))
    out["due_source"] = out["due_source"].map(say("tickets.due_source"))
    out["escalated"] = out["escalated"].map(lambda b: words["tickets.yes"] if b else words["tickets.no"])
    out["hours_to_close"] = out["hours_to_close"].round(1)
    out["age_days"] = out["age_days"].round(1)
    return out.rename(columns=lambda c: words.get(f"tickets.col.{c}", c))


def panel(
    picks: Picks, area: str, base: dict, cfg: TicketConfig, kinds: tuple[str, ...] = (), spec: dict | None = None
) -> None:
    """The tickets behind the area's selection (or behind `spec`): count, the first
    cfg.show_rows records, and CSV/.xlsx of up to cfg.download_rows, fetched when clicked."""
    closable = spec is None  # a selection can be closed; a spec the area sets itself cannot
    spec = spec or picks.picked(area)
    if not spec:
        st.caption(tr("tickets.drill.hint"))
        return
    with st.container(border=True):
        head, close = st.columns([6, 1])
        kind = spec["kind"]
        if kinds:
            kind = (
                st.segmented_control(
                    tr("tickets.drill.which"),
                    list(kinds),
                    default=default_for(f"{picks.prefix}_kind_{area}", kind),
                    key=f"{picks.prefix}_kind_{area}",
                    required=True,
                    format_func=in_language(lambda k, tr: tr(f"tickets.kind.{k}")),
                )
                or kind
            )
        params = {**base, **DRILL_DEFAULTS, **spec["params"], "kind": kind}
        n = int(data.query("tickets/records_count", params)["matched"].iloc[0])
        head.markdown(
            f"**{markup.md(spec['title'])} · {tr('tickets.kind.' + kind)}** — {tr('tickets.drill.count', n=f'{n:,}')}"
        )
        if closable:
            close.button(
                tr("tickets.drill.close"), key=f"{picks.prefix}_close_{area}", on_click=picks.close, args=(area,)
            )
        if n == 0:
            st.info(tr("tickets.drill.none"))
            return
        shown = data.query("tickets/records", {**params, "max_rows": cfg.show_rows})
        shown = privacy.mask_frame(shown, may_see_personal=session.may_see_personal())
        words = record_words(shown.columns)
        st.dataframe(record_view(shown, words), hide_index=True, key=f"{picks.prefix}_records_{area}")
        if n > cfg.show_rows:
            st.caption(
                tr(
                    "tickets.drill.capped",
                    shown=f"{cfg.show_rows:,}",
                    n=f"{n:,}",
                    limit=f"{min(n, cfg.download_rows):,}",
                )
            )
        if n > cfg.download_rows:
            st.warning(tr("tickets.drill.download_capped", limit=f"{cfg.download_rows:,}", n=f"{n:,}"))
        load = data.deferred("tickets/records", {**params, "max_rows": cfg.download_rows})
        downloads.buttons(lambda: record_view(load(), words), f"tickets_{area}", key=f"{picks.prefix}_dl_{area}")


def wish_view(wishes: pd.DataFrame) -> pd.DataFrame:
    """Wish records as the viewer may see them: a claiming person's name keeps the surname unless
    the role may see personal data; a claiming organisation is named (grassroots/schema/personal.toml)."""
    out = privacy.mask_frame(wishes, session.may_see_personal())
    return codes.frame_values(out, "wishes", lang()).rename(columns=lambda c: tr(f"tickets.wcol.{c}"))


def wish_panel(picks: Picks, base: dict, cfg: TicketConfig, area: str = "wishes") -> None:
    """The wishes behind the wishes view's selection (wishes are few: fetched at once)."""
    spec = picks.picked(area)
    if not spec:
        st.caption(tr("tickets.wish.drill_hint"))
        return
    with st.container(border=True):
        head, close = st.columns([6, 1])
        kind = (
            st.segmented_control(
                tr("tickets.drill.which"),
                list(WISH_KINDS),
                default=default_for(f"{picks.prefix}_kind_{area}", spec["kind"]),
                key=f"{picks.prefix}_kind_{area}",
                required=True,
                format_func=in_language(lambda k, tr: tr(f"tickets.wkind.{k}")),
            )
            or spec["kind"]
        )
        found = data.query(
            "tickets/wishes_records", {**base, **spec["params"], "wish_kind": kind, "max_rows": cfg.download_rows + 1}
        )
        over = len(found) > cfg.download_rows
        found = found.head(cfg.download_rows)
        head.markdown(
            f"**{markup.md(spec['title'])} · {tr('tickets.wkind.' + kind)}** — "
            f"{tr('tickets.drill.count', n=f'{len(found):,}' + ('+' if over else ''))}"
        )
        close.button(tr("tickets.drill.close"), key=f"{picks.prefix}_close_{area}", on_click=picks.close, args=(area,))
        if over:
            st.warning(tr("tickets.drill.download_capped", limit=f"{cfg.download_rows:,}", n=f"{cfg.download_rows:,}+"))
        st.dataframe(wish_view(found.head(cfg.show_rows)), hide_index=True, key=f"{picks.prefix}_wish_records")
        if len(found) > cfg.show_rows:
            st.caption(
                tr("tickets.drill.capped", shown=f"{cfg.show_rows:,}", n=f"{len(found):,}", limit=f"{len(found):,}")
            )
        downloads.buttons(wish_view(found), "wishes", key=f"{picks.prefix}_dl_{area}")
