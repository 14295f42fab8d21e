"""The demo's service-item catalogue as grassroots/demo/catalogue.csv gives it: the published list sizes,
the fixed categories, codes unique per place and the median times in minutes."""

import csv

import pytest

from grassroots import codes
from grassroots.demo import catalogue


def test_the_lists_have_their_published_sizes():
    # 小街社区: 30 government-service and 25 proxy items; 魏善庄: "47+N"
    assert len(catalogue.KM_GOV) == 30 and len(catalogue.KM_PROXY) == 25
    assert len(catalogue.DX_47) == 47
    km = catalogue.family_lists("KM")
    assert [len(v) for v in km.values()] == [30, 25]
    assert {it.list_kind for it in km["代办"]} == {"代办"}


def test_every_row_reads_back_as_written():
    with catalogue.CATALOGUE_FILE.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    lists = {
        "km_gov": catalogue.KM_GOV,
        "km_proxy": catalogue.KM_PROXY,
        "dx_47": catalogue.DX_47,
        "dx_n": catalogue.DX_N,
        "dx_local": catalogue.DX_LOCAL,
        "pt_high": catalogue.PT_HIGH,
    }
    assert len(rows) == sum(len(v) for v in lists.values())
    categories = set(codes.values("activity_category"))
    for r in rows:
        name, category, online, minutes, popularity = lists[r["list"]][
            [x[0] for x in lists[r["list"]]].index(r["name"])
        ]
        assert category == r["category"] in categories
        assert online is (r["online"] == "yes") and r["online"] in ("yes", "no")
        number, unit = (r["median"][:-3], 1) if r["median"].endswith("min") else (r["median"][:-1], 24 * 60)
        assert minutes == int(number) * unit > 0
        assert popularity == pytest.approx(float(r["popularity"])) and popularity > 0


@pytest.mark.parametrize("family", ["KM", "GY", "DX", "PT"])
def test_item_codes_are_unique_in_a_family(family):
    items = [it for v in catalogue.family_lists(family).values() for it in v]
    assert len({it.code for it in items}) == len(items)
    assert all(it.code.startswith(f"{family}-") for it in items)


def test_a_median_in_another_unit_is_refused_with_the_file_named():
    assert catalogue._minutes("3d") == 3 * 24 * 60 and catalogue._minutes("45min") == 45
    with pytest.raises(ValueError, match=r"catalogue\.csv: median '3h'"):
        catalogue._minutes("3h")
