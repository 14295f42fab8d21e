"""Chart builders: DataFrame in, plotly Figure out (no streamlit, unit-tested).

base.py        font, palette, the shared layout, trend lines, sparklines, ranking bars
activity.py    activities, services and volunteers (bars, calendars, hour-of-week, peers)
coverage.py    pilot-programme roll-out and the street heat map
tickets.py     resident tickets (flow, durations, survival curves, scores)
forecast.py    the open backlog's forecast with its band
funnel.py      a funnel and its waterfall of losses
hotspots.py    hotspot bars
assessment.py  an assessment scorecard (totals, composition)
"""

from grassroots.charts import activity, assessment, base, coverage, forecast, funnel, hotspots, tickets

__all__ = ["activity", "assessment", "base", "coverage", "forecast", "funnel", "hotspots", "tickets"]
