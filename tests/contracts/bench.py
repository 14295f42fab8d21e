from tests.contracts import Contract

CONTRACTS = [
    Contract("bench/tickets_standard_layout", {"n": 5}, unique="工单编号", not_null="工单编号 上报时间 状态").where(
        lambda f: len(f) == 5,
    ),
    Contract("bench/host_speed", {"n": 1000}, not_null="n total").where(lambda f: int(f.n.iloc[0]) == 1000),
    # the import section's write_rows (tests/test_bench_import.py writes them and compares the tables)
    Contract("bench/rows_in_memory", writes=True),
    Contract("bench/rows_empty_table", writes=True),
    Contract("bench/rows_write", writes=True),
]
