"""The wall screen (?screen=1): the overview's numbers in large type, screens in turn, fresh data on
every turn, and the [screen] keys of config/app.toml (tests/tiny.py has the arithmetic)."""

import dataclasses
import time

import pytest

from grassroots import config, db, rollups
from grassroots.ui import screen
from tests.signin import month_app, run_entry

PAGES, ROTATE = ("overview", "tickets", "coverage"), 30


def _app(path, monkeypatch, wall: bool):
    """The app over `path`, month of October 2026; the wall's screens fixed whatever app.toml says."""
    wall_cfg = dataclasses.replace(config.app(), screen_pages=PAGES, screen_rotate_seconds=ROTATE)
    monkeypatch.setattr(config, "app", lambda: wall_cfg)
    at = month_app(path, monkeypatch)
    if wall:
        at.query_params["screen"] = "1"
    return at


def values(at) -> dict:
    return {m.label: m.value for m in at.metric}


def title(at) -> str:
    return at.title[0].value


def due_now(at) -> None:
    """As the timer finds it when a screen's time is up."""
    at.session_state[screen.SHOWN_KEY] = time.time() - ROTATE - 1


def test_wall_screen_shows_the_overview_numbers(tiny_db, monkeypatch):
    page = _app(tiny_db, monkeypatch, wall=False)
    page.run()
    wall = _app(tiny_db, monkeypatch, wall=True)
    wall.run()
    assert not wall.exception and not wall.error
    on_page, on_wall = values(page), values(wall)
    assert len(on_page) == 10 and on_wall == on_page  # every KPI card and the pilot card, same values
    assert {m.label: m.delta for m in wall.metric} == {m.label: m.delta for m in page.metric}  # and changes
    assert on_wall["诉求受理"] == "6" and on_wall["按时办结率"] == "60.0%"
    assert on_wall["运行试点中心"] == "1 / 2"
    assert "大屏" in title(wall) and "总览" in title(wall)
    html = " ".join(h.proto.body for h in wall.get("html"))
    assert '[data-testid="stSidebar"]' in html and "display: none" in html  # no sidebar, no chrome
    assert "🔴 预警" in html  # the programme's light
    assert "可排名的单位不足 2 个" in html  # the official ranking's reason
    captions = " ".join(c.value for c in wall.caption)
    assert "数据截至" in captions or "最新记录" in captions


def test_the_screens_take_turns(tiny_db, monkeypatch):
    at = _app(tiny_db, monkeypatch, wall=True)
    at.run()
    assert "总览" in title(at)
    run_entry(at)  # a rerun before the screen's time: it stays
    assert "总览" in title(at)
    seen = []
    for _ in PAGES:
        due_now(at)
        run_entry(at)
        assert not at.exception and not at.error
        seen.append(title(at))
    assert ["诉求办理" in seen[0], "试点覆盖" in seen[1], "总览" in seen[2]] == [True, True, True]
    due_now(at)
    run_entry(at)
    m = values(at)
    assert m["诉求受理"] == "6" and m["期内办结"] == "4"  # the tickets screen: T1-T5, T7; closed T1-T3, T7
    assert m["按时办结率"] == "60.0%"


def test_an_import_shows_on_the_next_turn(tiny_copy, monkeypatch):
    at = _app(tiny_copy, monkeypatch, wall=True)
    at.run()
    assert values(at)["活动场次"] == "2"
    with db.writer(tiny_copy) as con:  # as an import would: one more October activity
        con.execute(
            "insert into activities (activity_id, centre_id, date, category, title, participants)"
            " values ('A9', 'C1', '2026-10-20', '居有所乐', '健康讲座', 12)"
        )
        rollups.rebuild(con)
    for _ in PAGES:  # round once: back to the overview, no reload
        due_now(at)
        run_entry(at)
    assert "总览" in title(at)
    assert values(at)["活动场次"] == "3" and values(at)["服务人次"] == "62"


def test_rotation_rules():
    pages = ("overview", "tickets", "coverage")
    assert screen.next_page("overview", pages) == "tickets"
    assert screen.next_page("coverage", pages) == "overview"
    assert screen.next_page("gone", pages) == "overview"
    assert screen.next_page("overview", ("overview",)) == "overview"
    state = {}
    assert screen.page_for_run(state, pages, 30, 1000.0) == "overview"
    assert screen.page_for_run(state, pages, 30, 1020.0) == "overview"  # 20 s in: not yet
    assert screen.page_for_run(state, pages, 30, 1029.5) == "tickets"  # a timer a moment early counts
    assert state[screen.SHOWN_KEY] == 1029.5
    assert screen.page_for_run(state, ("overview",), 30, 1100.0) == "overview"  # no longer configured
    assert screen.wanted({"screen": "1"}) and not screen.wanted({}) and not screen.wanted({"screen": "0"})


def test_a_wall_sets_its_own_seconds_in_the_address():
    assert screen.seconds({}, 30) == 30
    assert screen.seconds({"seconds": "8"}, 30) == 8
    assert screen.seconds({"seconds": ["12", "6"]}, 30) == 6  # the last one given, as with ?screen
    # outside app.toml's own range, or not a whole number of seconds: the configured time
    for bad in ("4", "3601", "0", "-8", "8.5", "八", "", " "):
        assert screen.seconds({"seconds": bad}, 30) == 30, bad
    assert screen.seconds({"seconds": " 3600 "}, 30) == 3600


def _toml(tmp_path, text: str):
    path = tmp_path / "app.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_screen_config_defaults_and_the_shipped_file(tmp_path):
    d = config.load_app(_toml(tmp_path, "[app]\n"))
    assert d.screen_rotate_seconds == 30 and d.screen_pages == ("overview", "tickets", "coverage")
    got = config.load_app(_toml(tmp_path, '[screen]\nrotate_seconds = 12\npages = ["coverage", "overview"]\n'))
    assert got.screen_rotate_seconds == 12 and got.screen_pages == ("coverage", "overview")
    shipped = config.load_app()
    assert shipped.screen_pages and set(shipped.screen_pages) <= set(config.SCREEN_PAGES)


@pytest.mark.parametrize(
    "body, key",
    [
        ("rotate_seconds = 2", "screen.rotate_seconds"),
        ("rotate_seconds = 30.5", "screen.rotate_seconds"),
        ('rotate_seconds = "30"', "screen.rotate_seconds"),
        ("rotate_seconds = true", "screen.rotate_seconds"),
        ('pages = ["overview", "alerts"]', "screen.pages"),
        ("pages = []", "screen.pages"),
        ('pages = ["overview", "overview"]', "screen.pages"),
        ('pages = "overview"', "screen.pages"),
    ],
)
def test_screen_config_refuses_bad_values(tmp_path, body, key):
    with pytest.raises(config.ConfigError) as err:
        config.load_app(_toml(tmp_path, f"[screen]\n{body}\n"))
    assert str(err.value).startswith(f"app.toml: {key}: ")


def test_wall_screen_in_english(tiny_db, monkeypatch):
    at = _app(tiny_db, monkeypatch, wall=True)
    at.session_state["lang"] = "en"
    at.run()
    assert not at.exception and not at.error
    assert title(at) == "Grassroots governance wall screen · Overview"
    assert values(at)["Tickets received"] == "6"
    assert "Rotates every 30 s · screen 1 of 3" in " ".join(c.value for c in at.caption)
