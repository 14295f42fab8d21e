"""tests/scheduling.py: the suite's order and units of work under pytest-xdist."""

from pathlib import Path

from tests import scheduling


class Item:
    """What arrange() reads of a collected test: its file and its markers."""

    def __init__(self, path: str, name: str, *marks: str):
        self.fspath = Path(path)
        self.name = name
        self.marks = set(marks)

    def get_closest_marker(self, mark):
        return mark if mark in self.marks else None


def test_modules_go_longest_first_and_keep_their_tests_together_in_order():
    items = [
        Item("tests/test_small.py", "a"),
        Item("tests/test_small.py", "b"),
        Item("tests/e2e/test_one_browser.py", "c", "browser"),
        Item("tests/test_pages.py", "d", "apptest"),
        Item("tests/test_pages.py", "e", "apptest"),
        Item("tests/test_rollup_engines.py", "f", "slow"),  # listed in COST, above any estimate here
        Item("tests/test_pages.py", "g", "apptest"),
    ]
    scheduling.arrange(items)
    assert [i.name for i in items] == ["f", "c", "d", "e", "g", "a", "b"]


def test_loadfile_units_are_modules_but_a_spread_module_s_tests_go_one_by_one(pytestconfig, monkeypatch):
    monkeypatch.setattr(pytestconfig.option, "dist", "load", raising=False)
    assert scheduling.scheduler(pytestconfig, None) is None  # not under --dist loadfile: xdist's own
    monkeypatch.setattr(pytestconfig.option, "dist", "loadfile")
    monkeypatch.setattr(pytestconfig.option, "tx", ["2*popen"], raising=False)
    monkeypatch.setattr(pytestconfig.option, "loadscopereorder", True, raising=False)
    sched = scheduling.scheduler(pytestconfig, None)
    assert pytestconfig.option.loadscopereorder is False  # the collection's order is kept
    (spread,) = scheduling.SPREAD
    assert sched._split_scope("tests/test_x.py::test_a[1]") == sched._split_scope("tests/test_x.py::test_b")
    assert sched._split_scope(f"tests/{spread}.py::test_a[1]") != sched._split_scope(f"tests/{spread}.py::test_a[2]")


def test_every_module_costed_or_spread_exists():
    root = Path(__file__).resolve().parent
    here = {p.stem for p in [*root.glob("test_*.py"), *root.glob("e2e/test_*.py")]}
    assert set(scheduling.COST) | scheduling.SPREAD <= here
