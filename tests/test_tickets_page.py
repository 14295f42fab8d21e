"""The tickets page against tests/tiny_tickets.py: every number below is worked out by hand in that
file's docstring (October 2026, as-of 2026-11-01 00:00)."""

import base64
import json
import re

import numpy as np
import pandas as pd
import pytest

from tests.signin import month_app, open_page


def open_tickets(db, monkeypatch, role="analyst", **state):
    """The tickets page for October 2026 as `role` sees it (everything in scope; analysts see personal
    data masked), with `state` set before it runs."""
    return open_page(db, monkeypatch, "pages/tickets.py", role, **state)


@pytest.fixture
def app(tickets_db, monkeypatch):
    return lambda **state: open_tickets(tickets_db, monkeypatch, **state)


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def table(at, first_column: str) -> pd.DataFrame:
    """The dataframe whose first column is `first_column`."""
    found = [d.value for d in at.dataframe if len(d.value.columns) and d.value.columns[0] == first_column]
    assert found, [list(d.value.columns)[:3] for d in at.dataframe]
    return found[0]


def plotted(at, i: int) -> list[list[float]]:
    """The y values of every trace of the i-th plotly chart (plotly may ship them base64-packed)."""
    out = []
    for trace in json.loads(at.get("plotly_chart")[i].proto.spec)["data"]:
        y = trace["y"]
        if isinstance(y, dict):
            y = np.frombuffer(base64.b64decode(y["bdata"]), dtype=np.dtype(y["dtype"])).tolist()
        out.append(list(y))
    return out


def select_row(at, key_prefix: str, row: int) -> None:
    """What a click on a table row does: the table's selection state holds the row."""
    keys = [d.key for d in at.dataframe if d.key and d.key.startswith(key_prefix)]
    assert len(keys) == 1, keys
    at.session_state[keys[0]] = {"selection": {"rows": [row], "columns": [], "cells": []}}
    at.run()
    assert not at.exception, [e.value for e in at.exception]


def test_headline_numbers(app):
    m = metrics(app())
    assert m["诉求受理"] == "9"  # K1-K6, K9, K10, K12
    assert m["期内办结"] == "6"
    assert m["撤销/重复件"] == "3"  # K7, K11 cancelled; K8 duplicate: apart, not closed
    assert m["本期未结"] == "3"  # K5, K6, K10
    assert m["当前超期未结"] == "3"  # K0 (September), K5, K10
    assert m["办结时长中位数"] == "18.0 h"  # (12 + 24) / 2 of 8, 10, 12, 24, 48, 96
    assert m["办结时长 P90"] == "3.0 d"  # 48 + 0.5 × (96 − 48) = 72 h
    assert m["生存中位数"] == "2.0 d"  # S(24) = 5/9, S(48) = 4/9: 48 h
    assert m["按时办结率"] == "42.9%"  # 3 / (3 + 2 late + 2 open overdue)
    assert m["结案率"] == "75.0%"  # 6 / (6 + 2)
    assert m["按期结案率"] == "37.5%"  # 3 / 8
    assert m["响应率"] == "71.4%"  # 5 / 7: the hotline's K9, K10 owe none
    assert m["解决率"] == "62.5%"  # 5 closed and not reopened / 8
    assert m["满意率"] == "66.7%"
    assert m["接诉即办综合得分"] == "66.0"  # 100 (0.2 × 5/7 + 0.4 × 5/8 + 0.4 × 2/3) = 65.95
    assert m["返工率"] == "16.7%" and m["重新打开率"] == "16.7%"
    assert m["吹哨占比"] == "22.2%"  # K3, K4 of 9


def test_the_same_numbers_as_the_overview(tickets_db, monkeypatch):
    at = month_app(tickets_db, monkeypatch, "analyst")
    at.run()
    overview = metrics(at)
    tickets = metrics(open_tickets(tickets_db, monkeypatch))
    for label in ("诉求受理", "期内办结", "办结时长中位数", "按时办结率", "满意率"):
        assert overview[label] == tickets[label], label


def test_region_filter_leaves_the_hotline_out(app):
    m = metrics(app(district="530111", street="530111001"))
    # 关上街道 = 小街: K1 K2 K3 K4 K12; the hotline tickets have no community
    assert m["诉求受理"] == "5" and m["期内办结"] == "5" and m["撤销/重复件"] == "0"
    assert m["办结时长中位数"] == "24.0 h"  # 8, 12, 24, 48, 96
    assert m["按时办结率"] == "50.0%"  # K1 K3 on time, K2 K4 late, K12 has no deadline
    assert m["当前超期未结"] == "1"  # K0


def test_category_filter(app):
    m = metrics(app(tk_category="物业管理"))
    assert m["诉求受理"] == "2" and m["期内办结"] == "0" and m["本期未结"] == "2"
    assert m["生存中位数"] == "未达到" and m["办结时长中位数"] == "—"
    assert m["按时办结率"] == "0.0%"  # K5 overdue, K6 not yet due


def test_volume_by_group_and_drill_down_masks_personal_data(app):
    at = app()
    groups = table(at, "名称")
    assert dict(zip(groups["名称"], groups["受理件数"])) == {"市容环境": 3, "Noise": 2, "物业管理": 2, "道路交通": 2}
    assert dict(zip(groups["名称"], groups["撤销/重复"])) == {"市容环境": 2, "Noise": 1, "物业管理": 0, "道路交通": 0}
    select_row(at, "tk_groups_table_category", list(groups["名称"]).index("市容环境"))
    records = table(at, "工单编号")
    assert list(records["工单编号"]) == ["K1", "K2", "K12"]
    k1 = records.iloc[0]
    assert (k1["诉求人"], k1["联系电话"], k1["证件号码"], k1["地址"]) == (
        "王**",
        "180****1999",
        "530111********1234",
        "小街社区***",
    )
    assert any("共 3 件" in m.value for m in at.markdown)
    assert len(at.get("download_button")) == 2


def test_a_role_that_may_see_personal_data_sees_it(app):
    at = app(role="admin")
    groups = table(at, "名称")
    select_row(at, "tk_groups_table_category", list(groups["名称"]).index("市容环境"))
    k1 = table(at, "工单编号").iloc[0]
    assert (k1["诉求人"], k1["联系电话"]) == ("王小明", "18012341999")


def test_unknown_community_group(app):
    at = app(tk_volume_dim="community")
    groups = table(at, "名称")
    assert dict(zip(groups["名称"], groups["受理件数"])) == {"小街社区": 5, "（未知社区）": 2, "凤凰山社区": 2}


def test_turnaround_stages(app):
    at = app(tk_tab="办理时效")
    stages = table(at, "环节")
    assert list(stages["有记录件数"]) == [6, 2, 2, 2, 2]
    assert list(stages["缺失（已结案）"]) == [1, 4, 4, 4, 4]  # K9 has none; K3 K4 K9 K12 skip the middle
    # one unit for the column, named in its header: the stages' medians are well under 48 h
    assert stages["中位数（小时）"].iloc[0] == "1.0"  # 1, 1, 1, 1, 2, 3
    assert stages["中位数（小时）"].iloc[2] == "10.0"  # dispatched -> handled: 4 and 16 h
    closed, still_open = plotted(at, 0)
    # buckets from 0, 2, 8, 24, 72, 168, 360, 720 h: closed after 8 10 12 | 24 48 | 96 h;
    # open for 280 h (K6: 7-15 d) and 448, 616 h (K10, K5: 15-30 d)
    assert closed == [0, 0, 3, 2, 1, 0, 0, 0] and still_open == [0, 0, 0, 0, 0, 1, 2, 0]


def test_deadlines(app):
    m = metrics(app(tk_tab="办理时限"))
    assert (m["时限来自工单"], m["时限按规则推算"], m["无办理时限"]) == ("3", "5", "1")


def test_backlog_and_survival(app):
    at = app(tk_tab="积压与生存分析")
    overdue, not_yet = plotted(at, 0)
    # buckets 0-2, 3-7, 8-15, 16-30, 31+: K6 11 d; K5 25 d and K10 18 d overdue; K0 61 d overdue
    assert overdue == [0, 0, 0, 2, 1] and not_yet == [0, 0, 1, 0, 0]
    assert list(table(at, "工单编号")["工单编号"]) == ["K0", "K5", "K10", "K6"]
    km = table(at, "名称").set_index("名称")
    assert km.loc["市容环境", "生存中位数（小时）"] == "12.0"  # 8, 12, 24 all closed
    assert km.loc["物业管理", "生存中位数（小时）"] == "未达到"  # both open
    assert km.loc["Noise", "未结（删失）"] == 1
    assert (km["备注"] == "样本不足，不参与排名").all()  # min_n = 20


def test_rates_and_ranking(app):
    at = app(tk_tab="三率与排名")
    ranks = table(at, "名次").set_index("名称")
    # 关上街道: response 4/5 (K2 late), resolution 4/5 (K3 reopened), satisfaction 2/3
    assert ranks.loc["关上街道", "综合得分"] == pytest.approx(74.7)
    assert ranks.loc["关上街道", "备注"] == "样本不足，不参与排名"
    assert pd.isna(ranks.loc["（未知街道）", "综合得分"])  # no response or satisfaction to score


def test_escalation(app):
    at = app(tk_tab="吹哨报到")
    m = metrics(at)
    assert m["吹哨工单"] == "2" and m["报到部门数"] == "1"
    esc = table(at, "名称")
    assert list(esc["名称"]) == ["交通局"] and list(esc["已结案"]) == [2]


def test_wishes_and_their_drill_down(app):
    at = app(tk_tab="微心愿")
    m = metrics(at)
    assert (m["征集"], m["已认领"], m["已完成"]) == ("4", "3", "2")
    assert m["认领率"] == "75.0%" and m["完成率"] == "66.7%"
    at.session_state["tk_wish_dim"] = "claimer_type"
    at.run()
    groups = table(at, "名称")
    assert dict(zip(groups["名称"], groups["征集"])) == {"党员": 2, "共建单位": 1, "（未填写）": 1}
    select_row(at, "tk_wish_table_claimer_type", list(groups["名称"]).index("党员"))
    wishes = table(at, "心愿编号")
    # a person's name keeps the surname; a co-building unit is not a person
    assert list(wishes["心愿编号"]) == ["W1", "W4"] and list(wishes["认领人或单位"]) == ["张*", "李*"]


def test_records_tab_by_group_and_kind(app):
    at = app(tk_tab="工单明细", tk_rec_dim="community", tk_rec_group="")
    assert list(table(at, "工单编号")["工单编号"]) == ["K9", "K10"]
    at.session_state["tk_kind_records"] = "void"
    at.run()
    assert list(table(at, "工单编号")["工单编号"]) == ["K11"]
    at.session_state["tk_rec_dim"] = ""
    at.run()
    records = table(at, "工单编号")
    assert list(records["工单编号"]) == ["K7", "K8", "K11"]
    assert list(records["状态"]) == ["已撤销", "重复件", "已撤销"]


def test_english(app):
    at = app()
    at.session_state["lang"] = "en"
    at.run()
    assert not at.exception
    labels = {m.label for m in at.metric}
    assert {"Survival median", "Closure rate", "Response rate"} <= labels


def test_the_records_title_is_punctuated_in_the_interface_language(app):
    """A group's records are titled "社区：…" on the Chinese page and "Community: …" on the English one."""
    at = app(tk_tab="工单明细", tk_rec_dim="community", tk_rec_group="")

    def heads(start: str) -> list[str]:  # as the browser shows them (markdown escapes unescaped)
        return [t for t in (re.sub(r"\\(.)", r"\1", m.value) for m in at.markdown) if t.startswith(start)]

    assert heads("**社区") and heads("**社区")[0].startswith("**社区：（")
    at.session_state["lang"] = "en"
    at.run()
    at.session_state["tk_tab"] = "Records"
    at.run()
    assert not at.exception
    assert heads("**Community") and heads("**Community")[0].startswith("**Community: (unknown community)")


def test_rates_funnel_and_why_it_moved(app):
    at = app(tk_tab="三率与排名")
    ranks = table(at, "名次").set_index("名称")
    m = metrics(at)
    captions = [c.value for c in at.caption]
    funnel = next(c for c in captions if c.startswith("总体比率"))
    # the funnel's overall rate is the headline's on-time % (the total row, another sum)
    assert funnel.startswith(f"总体比率 {m['按时办结率']}；"), (funnel, m["按时办结率"])
    assert "显著偏高：" in funnel and "显著偏低：" in funnel
    assert "漏斗图：差异是偶然还是异常" in [s.value for s in at.subheader]
    moved = next(c for c in captions if c.startswith("上期 "))
    assert "→ 本期 " + m["按时办结率"] in moved and "关上街道" in moved
    assert "按时办结率为何变化：各单位的贡献" in [s.value for s in at.subheader]
    assert len(ranks) >= 2
