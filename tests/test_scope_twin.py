"""A scope without a centre filter is its region alone: grassroots/sql.py calls community_in_region in place of
community_in_scope for it. Every query that filters by the scope gives the same frame either way, at the whole
district, a street and a community, and keeps community_in_scope whenever a centre filter is set."""

import pandas as pd
import pytest

from grassroots import db, sql
from tests.test_query_contracts import CASES

SCOPED = [case for case in CASES if "community_in_scope(" in sql.load(case.values[0].query)[0]]


def test_every_query_filtering_by_the_scope_is_covered():
    names = {case.values[0].query for case in SCOPED}
    assert names == {n for n in sql.names() if "community_in_scope(" in sql.load(n)[0]} and len(names) >= 20


def _as_written(con, name: str, params: dict) -> pd.DataFrame:
    text, bound = sql.bind(name, params)
    written = sql.load(sql.route(name, params))[0]
    # the same window twins as sql.bind chose, the scope as written
    text = text.replace("community_in_region(", "community_in_scope(")
    assert "community_in_region(" not in text and (written == text or "_in(" in written)
    return con.execute(text, bound).df()


@pytest.mark.parametrize(("contract", "fixture"), SCOPED)
def test_a_scope_without_a_centre_filter_gives_the_same_frame(contract, fixture, request):
    with db.reader(request.getfixturevalue(fixture)) as con:
        community = con.execute(
            "select community_code from tickets where community_code is not null "
            "group by all order by count(*) desc limit 1"
        ).fetchone()
        community = community[0] if community else "530102001001"
        for region in ("", community[:9], community):
            params = {**contract.params, "region": region, "centre_id": None, "centre_type": None}
            params["pilot_batch"] = None
            text, _ = sql.bind(contract.query, params)
            if "community_in_scope(" in sql.load(sql.route(contract.query, params))[0]:  # routed: another reader
                assert "community_in_region(" in text and "community_in_scope(" not in sql._COMMENT.sub("", text)
            got = sql.run(con, contract.query, params)
            pd.testing.assert_frame_equal(got, _as_written(con, contract.query, params), obj=region or "all")
        centre = con.execute("select centre_id, community_code from centres order by centre_id limit 1").fetchone()
        params = {**contract.params, "region": "", "centre_id": centre[0], "centre_type": None, "pilot_batch": None}
        text, _ = sql.bind(contract.query, params)
        assert "community_in_region(" not in text
