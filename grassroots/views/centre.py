"""The centre profile's (中心画像) assembly without streamlit: the centre's facts, its metrics beside
its peers' median, its monthly trend and its items."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pandas as pd

from grassroots import codes, durations, fmt
from grassroots.metrics import centres
from grassroots.views.common import labelled

TREND_METRICS = ("activities", "person_visits", "services", "online_share", "satisfaction_rate", "volunteer_hours")
TREND_RATES = ("online_share", "satisfaction_rate")
ONLINE = ("网上办", "掌上办")


def facts(c: pd.Series, tr: Callable[..., str], lang: str) -> list[tuple[str, str]]:
    """(label, text) of the centre's facts (centre/facts), in the order they are shown."""
    text = {k: (str(v) if pd.notna(v) else "—") for k, v in c.items()}
    office = fmt.count(c.office_area_m2) + " m²"
    if pd.notna(c.office_share):
        office += f"（{fmt.percent(c.office_share)}）"
    served = tr(
        "centre.population_value",
        area=c.served_name or "—",
        residents=fmt.count(c.residents),
        floating=fmt.count(c.floating),
    )
    batch = text["pilot_batch"] + (f" · {text['programme']}" if pd.notna(c.programme) else "")
    return [
        (tr("centre.status"), codes.label("centre_status", text["status"], lang)),
        (tr("centre.floor_area"), fmt.count(c.floor_area_m2) + " m²"),
        (tr("centre.office_area"), office),
        (tr("centre.staff"), fmt.count(c.staff)),
        (tr("centre.pilot_batch"), batch),
        (tr("centre.opened_on"), text["opened_on"][:10]),
        (tr("centre.opening_hours"), text["opening_hours"]),
        (tr("centre.extended_hours"), text["extended_hours"]),
        (tr("centre.population"), served),
        (tr("centre.listed"), fmt.count(c.listed_items)),
    ]


def peers_frame(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """One row per centre with every profile metric, from the by-centre frames of their queries."""
    keys = [m.key for m in centres.PROFILE_METRICS]
    out = frames[0][["centre_id"]]
    for fr in frames:
        out = out.merge(fr[["centre_id"] + [k for k in keys if k in fr.columns]], on="centre_id", how="outer")
    return out


def comparison_table(cmp: pd.DataFrame, tr: Callable[..., str]) -> pd.DataFrame:
    """centres.peer_comparison as shown: value, peers' median, difference, standing."""
    diffs = [
        fmt.change("share" if u == "pp" else "count", d) or fmt.MISSING for d, u in zip(cmp["diff"], cmp.diff_unit)
    ]
    return labelled(
        [
            ("centre.col.metric", [tr(f"metric.{k}") for k in cmp.key]),
            ("centre.col.value", [fmt.value(k, v) for k, v in zip(cmp.kind, cmp.value)]),
            ("centre.col.peer_median", [fmt.value(k, v) for k, v in zip(cmp.kind, cmp.peer_median)]),
            ("centre.col.vs_peers", diffs),
            ("centre.col.standing", [tr(f"centre.standing.{s}") if isinstance(s, str) else "—" for s in cmp.standing]),
        ],
        tr,
    )


def difference_charts(
    cmp: pd.DataFrame, table: pd.DataFrame, tr: Callable[..., str]
) -> list[tuple[str, str, pd.DataFrame, list]]:
    """One chart's data per unit of difference: (unit, axis title, frame, standings) - percentage points
    of the shares, percent of the median for the rest."""
    out = []
    for unit, axis_key in (("%", "centre.axis.vs_peers_pct"), ("pp", "centre.axis.vs_peers_pp")):
        has = (cmp["diff"].notna() & (cmp.diff_unit == unit)).to_numpy()
        if not has.any():
            continue
        axis = tr(axis_key)
        cols = [tr(k) for k in ("centre.col.metric", "centre.col.vs_peers", "centre.col.standing")]
        shown = pd.DataFrame(
            {
                cols[0]: table[cols[0]][has].to_numpy(),
                axis: cmp["diff"][has].round(1).to_numpy(),
                cols[1]: table[cols[1]][has].to_numpy(),
                cols[2]: table[cols[2]][has].to_numpy(),
            }
        )
        out.append((unit, axis, shown, cmp.standing[has].to_list()))
    return out


def trend_start(window_end: dt.date) -> dt.date:
    """The first month of the 24 the trend shows, ending with the window's last month."""
    last_month = (window_end - dt.timedelta(days=1)).replace(day=1)
    return (pd.Timestamp(last_month) - pd.DateOffset(months=23)).date()


def trend_frame(act: pd.DataFrame, svc: pd.DataFrame, vol: pd.DataFrame, start: dt.date, end: dt.date) -> pd.DataFrame:
    """One row per month from `start` to the month of `end` (exclusive) with each TREND_METRICS column,
    from the centre's activities/by_month, services/by_month and volunteers/by_month."""
    act = act.groupby("month", as_index=False)[["activities", "person_visits"]].sum()
    svc = svc.assign(online=svc.services.where(svc.channel.isin(ONLINE), 0))
    svc = svc.groupby("month", as_index=False)[["services", "online", "rated", "satisfied"]].sum()
    vol = vol[["month", "hours"]]
    months = pd.DataFrame({"month": pd.date_range(start, end - dt.timedelta(days=1), freq="MS").date})
    trend = months
    for fr in (act, svc, vol):
        trend = trend.merge(fr.assign(month=pd.to_datetime(fr.month).dt.date), on="month", how="left")
    trend["online_share"] = trend.online / trend.services.where(trend.services > 0)
    trend["satisfaction_rate"] = trend.satisfied / trend.rated.where(trend.rated > 0)
    return trend.rename(columns={"hours": "volunteer_hours"})


def trend_table(trend: pd.DataFrame, pick: str, tr: Callable[..., str]) -> tuple[pd.DataFrame, str]:
    """The chosen metric per month (rates in percent), and its column's header."""
    is_rate = pick in TREND_RATES
    label = tr(f"metric.{pick}") + (" (%)" if is_rate else "")
    values = (trend[pick] * 100).round(2) if is_rate else trend[pick].fillna(0)
    return pd.DataFrame({tr("act.col.month"): pd.to_datetime(trend.month).dt.strftime("%Y-%m"), label: values}), label


def processing_table(proc: pd.DataFrame, min_n: int, tr: Callable[..., str]) -> pd.DataFrame:
    return durations.tabulate(
        pd.DataFrame(
            {
                tr("svc.col.item"): centres.item_labels(proc.item_name, proc.item_code),
                tr("svc.col.finished"): proc.finished,
                "median_hours": proc.median_hours,
                "p90_hours": proc.p90_hours,
                tr("svc.col.enough"): proc.finished >= min_n,
            }
        ),
        {"median_hours": tr("svc.col.median"), "p90_hours": tr("svc.col.p90")},
        lambda label, unit: tr(f"unit.col.{unit}", label=label),
    )


def unused_table(unused: pd.DataFrame, tr: Callable[..., str], lang: str) -> pd.DataFrame:
    return labelled(
        [
            ("svc.col.item", unused.item_name),
            ("act.col.category", codes.series("service_category", unused.category, lang)),
            ("svc.col.list_kind", codes.series("service_list_kind", unused.list_kind, lang)),
        ],
        tr,
    )
