"""How the suite is shared among pytest-xdist workers (`make test` and `make check` run pytest with
`-n N --dist loadgroup --no-loadscope-reorder`).

xdist hands out units of work in collection order to whichever worker has little left. A unit is a test
module (its module fixtures are built once, its tests run in their order on one worker), except in the
modules of SPREAD, whose tests do not depend on each other: there each test is a unit of its own, so a
long module is shared by both workers. `arrange` puts the units in order of their expected cost, the
longest first: long modules start early and the many short ones fill the end, so the workers finish
together instead of one running a long module alone at the end.
"""

from __future__ import annotations

from pathlib import Path

import pytest

# Seconds a module takes on one worker while the other is busy too (pytest --durations on 2 cores). Only
# the order depends on them; a module not listed is estimated from its tests' markers (ESTIMATE).
COST = {
    "test_rollup_engines": 120,
    "test_screen_words": 80,
    "test_demo": 45,
    "test_activity_pages_browser": 30,
    "test_roles_browser": 30,
    "test_whole_app_browser": 30,
    "test_backup": 22,
    "test_faults": 22,
    "test_auth_roles": 21,
    "test_privacy_cli": 19,
    "test_ranking_pages": 18,
    "test_escaping": 17,
    "test_load": 17,
    "test_report": 15,
    "test_lake": 15,
    "test_import_page": 15,
    "test_delivery": 15,
    "test_downloads": 14,
    "test_fuzz": 14,
}
ESTIMATE = {"browser": 8.0, "slow": 5.0, "apptest": 1.0}  # seconds per test; any other test 0.2
SPREAD = {"test_screen_words"}


def _estimate(item) -> float:
    return next((s for mark, s in ESTIMATE.items() if item.get_closest_marker(mark)), 0.2)


def arrange(items: list) -> None:
    """Order `items` (in place) by their module's expected cost, longest first, keeping each module's
    tests together and in order; mark each module as one unit of work unless it is in SPREAD."""
    cost: dict[str, float] = {}
    for item in items:
        module = Path(str(item.fspath)).stem
        cost[module] = cost.get(module, 0.0) + _estimate(item)
    cost.update({m: s for m, s in COST.items() if m in cost})
    items.sort(key=lambda item: -cost[Path(str(item.fspath)).stem])
    for item in items:
        module = Path(str(item.fspath)).stem
        if module not in SPREAD:
            item.add_marker(pytest.mark.xdist_group(module))
