from tests.contracts import Contract

CONTRACTS = [
    Contract("bench/tickets_standard_layout", {"n": 5}, unique="工单编号", not_null="工单编号 上报时间 状态").where(
        lambda f: len(f) == 5,
    ),
]
