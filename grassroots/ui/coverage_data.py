"""The coverage page's and the wall screen's data on one day: the queries and the coverage analysis
(cached: a layer switch or a tooltip language does not recompute it)."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from grassroots import config
from grassroots.geo import coverage
from grassroots.ui import data
from grassroots.ui.filters import Filters
from grassroots.views.coverage import FAR_M, Coverage, analysis_inputs, operating


def on_day(f: Filters, comms, on: dt.date, k: int) -> Coverage:
    """Coverage of the filters' communities `comms` on the day `on`; `k` suggestions of where next."""
    cfg = config.app()
    centres = data.query("coverage/centres", {**f.params(), "on": on, "radius_m": cfg.service_radius_m})
    bounds = data.query("coverage/boundaries", f.params())
    analyse = st.cache_data(show_spinner=False, max_entries=64, ttl=cfg.cache_ttl_seconds)(coverage.analyse)
    points, outlines = analysis_inputs(operating(centres), bounds)
    return Coverage(comms, centres, bounds, analyse(comms, points, cfg.service_radius_m, outlines, k, FAR_M))
