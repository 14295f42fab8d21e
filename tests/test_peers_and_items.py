"""The centre profile's peer comparison (percentage points for shares, a stated tolerance) and the
services page's items (one bar per item code, labelled with the code where names are shared)."""

import pandas as pd
import pytest

from grassroots import charts, config, fmt
from grassroots.metrics import centres

SHARE = centres.Metric("satisfaction_rate", "q", "share")
COUNT = centres.Metric("services", "q", "count")


def compare(me, peers, metric, pp=2.0, pct=5.0):
    frame = pd.DataFrame({"centre_id": ["me"] + [f"p{i}" for i in range(len(peers))], metric.key: [me] + list(peers)})
    return centres.peer_comparison(frame, "me", [metric], tolerance_pp=pp, tolerance_pct=pct).iloc[0]


def test_shares_differ_in_points_and_a_small_gap_is_similar():
    row = compare(0.941, [0.940, 0.943, 0.950], SHARE)  # the 94.1% against a median of 94.3%
    assert row["peer_median"] == pytest.approx(0.943)
    assert row["diff"] == pytest.approx(-0.2) and row["diff_unit"] == "pp"
    assert row["standing"] == "similar"
    assert fmt.change("share" if row["diff_unit"] == "pp" else "count", row["diff"]) == "-0.2 pp"


def test_a_share_is_worse_or_better_only_beyond_the_tolerance():
    assert compare(0.920, [0.943], SHARE, pp=3)["standing"] == "similar"  # 2.3 points under, tolerance 3
    assert compare(0.920, [0.943], SHARE, pp=2)["standing"] == "worse"  # 2.3 > 2
    assert compare(0.963, [0.943], SHARE, pp=2)["standing"] == "similar"  # exactly 2 points: not beyond
    assert compare(0.964, [0.943], SHARE, pp=2)["standing"] == "better"
    assert compare(0.941, [0.943], SHARE, pp=0)["standing"] == "worse"  # no tolerance: the old reading


def test_a_share_of_a_share_is_not_a_percent_of_a_percent():
    # 通办占比 6.2% against a median of 0.8%: 5.4 points, not +674%
    row = compare(0.062, [0.008], centres.Metric("tongban_share", "q", "share"))
    assert row["diff"] == pytest.approx(5.4) and row["standing"] == "better"


def test_counts_differ_in_percent_of_the_median_with_their_own_tolerance():
    row = compare(104, [100, 90, 110], COUNT)  # median 100: +4%
    assert row["diff"] == pytest.approx(4.0) and row["diff_unit"] == "%" and row["standing"] == "similar"
    assert compare(94, [100], COUNT)["standing"] == "worse"  # -6% beyond 5%
    assert compare(94, [100], COUNT, pct=10)["standing"] == "similar"
    lower = centres.Metric("unused_share", "q", "count", False)  # lower is better
    assert compare(80, [100], lower)["standing"] == "better"


def test_a_median_of_zero_and_a_missing_value():
    row = compare(3, [0, 0], COUNT)
    assert pd.isna(row["diff"]) and row["standing"] == "better"  # no percent of 0, but more than none
    assert compare(0, [0], COUNT)["standing"] == "similar"
    row = compare(None, [5], COUNT)
    assert pd.isna(row["diff"]) and pd.isna(row["standing"])
    neither = centres.Metric("proxy_share", "q", "share", None)
    row = compare(0.5, [0.1], neither)
    assert row["diff"] == pytest.approx(40.0) and pd.isna(row["standing"])


def test_the_tolerance_comes_from_app_toml(tmp_path):
    assert config.peers() == config.PeerTolerance(2.0, 5.0)  # config/app.toml as shipped
    path = tmp_path / "app.toml"
    path.write_text("[peers]\ntolerance_pp = 1.5\ntolerance_pct = 10\n", encoding="utf-8")
    assert config.load_peers(path) == config.PeerTolerance(1.5, 10.0)
    path.write_text("[peers]\ntolerance_pp = -1\n", encoding="utf-8")
    with pytest.raises(Exception, match=r"peers\.tolerance_pp") as err:
        config.load_peers(path)
    assert "app.toml" in str(err.value)


ITEMS = pd.DataFrame(
    {
        "item_code": ["A1", "B1", "A2", "C1", "D1"],
        "item_name": ["居住证办理", "社保查询", "居住证办理", "老年证", None],
        "services": [30, 50, 45, 45, 2],
    }
)


def test_two_codes_of_one_name_are_two_bars_labelled_with_their_codes_sorted_by_total():
    items = centres.items_by_total(ITEMS)
    assert list(items.item_code) == ["B1", "A2", "C1", "A1", "D1"]  # 50, 45, 45 (ties by code), 30, 2
    assert list(items.label) == ["社保查询", "居住证办理（A2）", "老年证", "居住证办理（A1）", "D1"]
    fig = charts.activity.hbar(items, "label", "services")
    assert len(fig.data) == 1  # one trace: no stacked segments
    bars = list(zip(fig.data[0].y, fig.data[0].x))[::-1]  # plotly lists from the bottom
    assert bars == [("社保查询", 50), ("居住证办理（A2）", 45), ("老年证", 45), ("居住证办理（A1）", 30), ("D1", 2)]
    assert len(set(fig.data[0].y)) == len(ITEMS)  # one bar per item code


def test_a_name_shared_only_outside_the_shown_rows_still_gets_its_code():
    labels = centres.item_labels(ITEMS.item_name, ITEMS.item_code)
    top = centres.items_by_total(ITEMS).head(2)
    assert top.label.iloc[1] == "居住证办理（A2）" and labels[0] == "居住证办理（A1）"
