from tests.contracts import Contract

CONTRACTS = [
    # the tiny database is not the demo database: it has no demo_scale in meta
    Contract("auth/is_demo").where(
        lambda f: len(f) == 1 and not bool(f.demo[0]),
    ),
    Contract("auth/scope_place", {"code": "530111004", "centre": "C1"}).where(
        lambda f: len(f) == 1,
        lambda f: f.region_name[0] == "金马街道",
        lambda f: f.centre_name[0] == "小街社区便民党群服务中心",
        lambda f: f.centre_community[0] == "530111001001",
    ),
    Contract("auth/scope_place", {"code": "999999", "centre": None}).where(
        lambda f: len(f) == 1 and f.region_name.isna().all() and f.centre_name.isna().all(),
    ),
]
CONTRACTS.append(
    # every file the tiny database imported since 2000, each once
    Contract("auth/imports_since", {"since": "2000-01-01 00:00:00"}, unique="file_hash", min_rows=0).where(
        lambda f: list(f.columns) == ["file_hash", "file_name", "sheets", "imported_at"],
    )
)
