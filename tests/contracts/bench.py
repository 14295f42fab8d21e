from tests.contracts import Contract

CONTRACTS = [
    Contract("bench/tickets_standard_layout", {"n": 5}, unique="工单编号", not_null="工单编号 上报时间 状态").where(
        lambda f: len(f) == 5,
    ),
    Contract("bench/host_speed", {"n": 1000}, not_null="n total").where(lambda f: int(f.n.iloc[0]) == 1000),
]
