"""The coverage page's assembly without streamlit (grassroots/views/coverage.py)."""

import datetime as dt

import pandas as pd

from grassroots import i18n
from grassroots.metrics import catalogue
from grassroots.views import coverage as view


def zh(key, **kw):
    return i18n.t(key, "zh", **kw)


def test_month_ends_run_from_the_rollout_to_the_day_shown():
    days = view.month_ends(dt.date(2026, 2, 10), dt.date(2026, 4, 1), dt.date(2026, 6, 18))
    by_pandas = [d.date().isoformat() for d in pd.date_range("2026-02-01", "2026-06-01", freq="ME")]
    assert days == by_pandas + ["2026-06-18"]
    assert view.month_ends(dt.date(2026, 6, 30), dt.date(2026, 6, 1), dt.date(2026, 6, 30)) == ["2026-06-30"]


def test_cards_say_each_share_and_its_fraction():
    total = {"communities": 8, "with_pilot": 3, "with_centre": 5, "covered": 6}
    total |= {"pilot_share": 3 / 8, "centre_share": 5 / 8, "community_share": 6 / 8}
    total |= {"resident_share": None, "residents_covered": 12345.4, "residents": 20000.0}
    cards = view.cards(total, 4, 1500, zh)
    assert [c.value for c in cards] == ["4", f"{3 / 8:.1%}", f"{5 / 8:.1%}", f"{6 / 8:.1%}", "—"]
    assert cards[1].delta == zh("coverage.kpi.of", a=3, b=8) and not cards[1].arrow and not cards[1].compared
    assert cards[4].delta == zh("coverage.kpi.of", a="12,345", b="20,000")
    assert cards[1].help == catalogue.get("pilot_coverage").help()
    assert "1,500" in cards[3].help
    assert all(c.help is None for c in view.cards(total, 4, 1500, zh, helps=False))


def test_next_table_labels_its_columns():
    sites = pd.DataFrame(
        {"pick": [1, 2], "name": ["甲", "乙"], "street": ["小街", "小街"], "gain": [1200.4, 800.6]}
        | {"communities_covered": [2, 1], "cumulative": [1200.4, 2001.0], "cumulative_share": [0.3, 0.5]}
        | {"planned": [False, True], "code": ["c1", "c2"]}
    )
    table = view.next_table(sites, zh)
    assert list(table[zh("coverage.col.gain")]) == [1200.0, 801.0]
    assert list(table[zh("coverage.col.community")]) == ["甲", "乙"]
    assert len(table.columns) == len(sites.columns)
