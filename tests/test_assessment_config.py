"""Indicator systems: the shipped ones load; a bad one is refused naming the file, the line and the
problem. Each bad text below is a valid one with one line changed; the line numbers are counted in
the text by hand."""

import pytest

from grassroots.assessment import system

GOOD = """\
[system]
name = "测试体系"
cases = "tickets.n_tickets"
lights = { green = 80, yellow = 60 }

[[indicator]]
key = "on_time"
name = "按期结案率"
query = "tickets"
numerator = "on_time_n"
denominator = "on_time_d"
direction = "higher"
points = 50
rule = { kind = "linear", target = 0.70, minus = 1, per = 0.01 }

[[indicator]]
key = "satisfaction"
name = "满意率"
query = "tickets"
numerator = "satisfied"
denominator = "rated"
direction = "higher"
points = 50
rule = { kind = "bands", bands = [
    { at_least = 0.9, score = 50 },
    { at_least = 0.8, score = 30 },
], otherwise = 0 }
lights = { green = 0.9, yellow = 0.8 }
"""


def refused(text: str) -> system.IndicatorConfigError:
    with pytest.raises(system.IndicatorConfigError) as exc:
        system.parse(text, "city.toml")
    return exc.value


def test_the_shipped_systems_load():
    found, errors = system.load_all()
    assert errors == []
    keys = {s.key: s for s in found}
    assert list(keys)[0] == "default" and "three_rates" in keys
    d = keys["default"]
    assert d.max_total == 100 and sum(i.points for i in d.indicators) == 100
    on_time = d.indicator("on_time")
    assert (on_time.points, on_time.rule.target, on_time.rule.minus, on_time.rule.per) == (50, 0.70, 1, 0.01)
    assert d.indicator("rework").rule.per_case == 0.2
    assert keys["three_rates"].max_total == pytest.approx(100)


def test_a_good_text_parses():
    s = system.parse(GOOD, "city.toml")
    assert [i.key for i in s.indicators] == ["on_time", "satisfaction"]
    assert s.indicator("satisfaction").rule.bands == ((0.9, 50), (0.8, 30))
    assert s.levels == ("street", "community", "centre") and s.min_n is None


# (line, text in that line, what it becomes, asm.cfg.<key> of the refusal)
BAD_LINES = [
    (13, "points = 50", "points 50", "syntax"),  # a TOML syntax error: tomllib's own line
    (14, "0.70", "70", "need_range"),  # a percentage written as 70 instead of 0.70
    (23, "points", "pionts", "unknown_key"),  # a misspelt key in the second indicator
    (19, '"tickets"', '"ticket"', "need_choice"),  # a query that does not exist
    (10, '"on_time_n"', '"on_time"', "no_column"),  # a column the query does not have
    (26, "0.8", "0.95", "bands_order_higher"),  # bands out of order: the second band's threshold
    (25, "score = 50", "score = 60", "need_range"),  # a band scoring more than the indicator's points
    (28, "green = 0.9, yellow = 0.8", "green = 0.8, yellow = 0.9", "lights_order"),  # yellow above green
    (17, '"satisfaction"', '"on_time"', "dup_key"),  # the same key twice
    # a deduction on an indicator where higher is better
    (14, '"linear", target = 0.70, minus = 1, per = 0.01', '"deduction", per_case = 0.2', "deduction_lower"),
    (3, "n_tickets", "tickets", "cases"),  # the minimum-n count names an unknown column
    (12, '"higher"', '"up"', "need_choice"),  # a direction that is not higher or lower
]


@pytest.mark.parametrize("line, old, new, key", BAD_LINES)
def test_a_bad_text_is_refused_with_its_line(line, old, new, key):
    lines = GOOD.splitlines()
    assert lines[line - 1].count(old) == 1  # the line counted by hand holds the text changed, once
    lines[line - 1] = lines[line - 1].replace(old, new)
    err = refused("\n".join(lines) + "\n")
    assert (err.file, err.line, err.key) == ("city.toml", line, "asm.cfg." + key), err.message("en")
    assert err.message("zh").startswith(f"city.toml 第 {line} 行: ")
    assert err.message("en").startswith(f"city.toml, line {line}: ")


def test_messages_say_what_is_wrong():
    err = refused(GOOD.replace("target = 0.70", "target = 70"))
    assert "0.70" in err.message("en") and "rule.target" in err.message("en")
    err = refused(GOOD.replace('numerator = "on_time_n"', 'numerator = "on_time"'))
    assert "on_time_n" in err.message("en")  # the columns the query has are listed
    err = refused(
        GOOD.replace("pionts", "x").replace(
            'points = 50\nrule = { kind = "bands"', 'pionts = 50\nrule = { kind = "bands"'
        )
    )
    assert "pionts" in err.message("zh") and "points" in err.message("zh")


def test_a_bad_file_is_reported_and_the_others_still_load(tmp_path):
    (tmp_path / "default.toml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "broken.toml").write_text(GOOD.replace("target = 0.70", "target = 70"), encoding="utf-8")
    (tmp_path / "gbk.toml").write_bytes(GOOD.encode("gb18030"))
    found, errors = system.load_all(tmp_path)
    assert [s.key for s in found] == ["default"]
    assert sorted((e.file, e.line) for e in errors) == [("broken.toml", 14), ("gbk.toml", None)]
