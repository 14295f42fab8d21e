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


@pytest.mark.parametrize(
    "old, new, line, key",
    [
        # a TOML syntax error: tomllib's own line
        ('points = 50\nrule = { kind = "linear"', 'points 50\nrule = { kind = "linear"', 13, "asm.cfg.syntax"),
        # a percentage written as 70 instead of 0.70
        ("target = 0.70", "target = 70", 14, "asm.cfg.need_range"),
        # a misspelt key in the second indicator
        ('points = 50\nrule = { kind = "bands"', 'pionts = 50\nrule = { kind = "bands"', 23, "asm.cfg.unknown_key"),
        # a query that does not exist
        (
            'query = "tickets"\nnumerator = "satisfied"',
            'query = "ticket"\nnumerator = "satisfied"',
            19,
            "asm.cfg.need_choice",
        ),
        # a column the query does not have
        ('numerator = "on_time_n"', 'numerator = "on_time"', 10, "asm.cfg.no_column"),
        # bands out of order: the second band's threshold
        ("{ at_least = 0.8, score = 30 }", "{ at_least = 0.95, score = 30 }", 26, "asm.cfg.bands_order_higher"),
        # a band scoring more than the indicator's points
        ("{ at_least = 0.9, score = 50 }", "{ at_least = 0.9, score = 60 }", 25, "asm.cfg.need_range"),
        # yellow above green when higher is better
        (
            "lights = { green = 0.9, yellow = 0.8 }",
            "lights = { green = 0.8, yellow = 0.9 }",
            28,
            "asm.cfg.lights_order",
        ),
        # the same key twice
        ('key = "satisfaction"', 'key = "on_time"', 17, "asm.cfg.dup_key"),
        # a deduction on an indicator where higher is better
        (
            'rule = { kind = "linear", target = 0.70, minus = 1, per = 0.01 }',
            'rule = { kind = "deduction", per_case = 0.2 }',
            14,
            "asm.cfg.deduction_lower",
        ),
        # the minimum-n count names an unknown column
        ('cases = "tickets.n_tickets"', 'cases = "tickets.tickets"', 3, "asm.cfg.cases"),
        # a direction that is not higher or lower
        (
            'direction = "higher"\npoints = 50\nrule = { kind = "linear"',
            'direction = "up"\npoints = 50\nrule = { kind = "linear"',
            12,
            "asm.cfg.need_choice",
        ),
    ],
)
def test_a_bad_text_is_refused_with_its_line(old, new, line, key):
    assert GOOD.count(old) == 1
    bad = GOOD.replace(old, new)
    err = refused(bad)
    assert (err.file, err.line, err.key) == ("city.toml", line, key), err.message("en")
    assert new.splitlines()[0] in bad.splitlines()[line - 1]  # the line named is the changed one
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
