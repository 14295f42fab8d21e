"""How the suite is shared among pytest-xdist workers (`make test` and `make check` run pytest with
`-n N --dist loadfile`, and conftest.py hands xdist the `Modules` scheduler below for loadfile).

xdist hands out units of work, in order, to whichever worker has little left. A unit is a test module (its
module fixtures are built once, its tests run in their order on one worker), except in the modules of
SPREAD, whose tests do not depend on each other: there each test is a unit of its own, so a long module is
shared by both workers. `arrange` puts the units in order of their expected cost, the longest first: long
modules start early and the many short ones fill the end, so the workers finish together instead of one
running a long module alone at the end. (xdist's own loadfile orders modules by their number of tests.)
"""

from __future__ import annotations

from pathlib import Path

# Seconds each module took in one measured run (pytest --durations, one worker at a time, on a 2-core machine
# shared with other work, so about twice a quiet machine's); the browser tests are half of the suite. Only
# the order depends on these; a module not listed is estimated from its tests' markers (ESTIMATE).
COST = {
    "test_roles_browser": 186,
    "test_rollup_engines": 179,
    "test_coverage_browser": 132,
    "test_whole_app_browser": 122,
    "test_english_browser": 102,
    "test_screen_words": 99,
    "test_phone_browser": 90,
    "test_links_browser": 86,
    "test_screen_browser": 50,
    "test_pilots_browser": 74,
    "test_forecast_whatif_browser": 73,
    "test_demo": 66,
    "test_assessment_browser": 51,
    "test_serve_workers_browser": 47,
    "test_activity_pages_browser": 47,
    "test_hotspots_browser": 46,
    "test_funnel_browser": 42,
    "test_tickets_browser": 40,
    "test_backup": 35,
    "test_overview_browser": 33,
    "test_faults": 33,
    "test_auth_roles": 32,
    "test_privacy_cli": 29,
    "test_ranking_pages": 27,
    "test_escaping": 25,
    "test_load": 25,
    "test_report": 23,
    "test_lake": 23,
    "test_import_page": 23,
    "test_ranking_browser": 23,
    "test_delivery": 22,
    "test_downloads": 20,
    "test_fuzz": 20,
    "test_ingest_formats": 16,
    "test_hotspots": 15,
    "test_ingest_loading": 15,
    "test_downloads_browser": 15,
    "test_assessment_page": 15,
    "test_personal_catalogue": 24,  # many quick tests: less than their count suggests
    "test_query_contracts": 16,
}
ESTIMATE = {"browser": 30.0, "slow": 10.0, "apptest": 1.3}  # seconds per test; any other test 0.3
SPREAD = {"test_screen_words"}


def _estimate(item) -> float:
    return next((s for mark, s in ESTIMATE.items() if item.get_closest_marker(mark)), 0.3)


def arrange(items: list) -> None:
    """Order `items` (in place) by their module's expected cost, longest first, keeping each module's
    tests together and in order."""
    cost: dict[str, float] = {}
    for item in items:
        module = Path(str(item.fspath)).stem
        cost[module] = cost.get(module, 0.0) + _estimate(item)
    cost.update({m: s for m, s in COST.items() if m in cost})
    items.sort(key=lambda item: -cost[Path(str(item.fspath)).stem])


def scheduler(config, log):
    """For `--dist loadfile`: xdist's loadfile scheduler with SPREAD's tests as units of their own and the
    units in the collection's order (arrange's); None for any other mode (xdist's own)."""
    if config.getvalue("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadFileScheduling

    class Modules(LoadFileScheduling):
        def _split_scope(self, nodeid: str) -> str:
            path = nodeid.split("::", 1)[0]
            return nodeid if Path(path).stem in SPREAD else path

    config.option.loadscopereorder = False  # keep arrange's order, not the order by number of tests
    return Modules(config, log)
