"""Larger export files written at test time, in the standard layout (docs: shared/exports.md)."""

from __future__ import annotations

from test_ingest_support import write_csv

TICKET_HEADER = "工单编号 来源渠道 问题大类 社区代码 上报时间 结案时间 办理时限 状态 诉求人 联系电话".split()


def tickets_csv(path, n: int, prefix: str):
    """`n` tickets with ids prefix000000.., alternating between 小街社区 and 凤凰山社区 in October 2026;
    every third closed the same day."""
    rows = [TICKET_HEADER]
    for i in range(n):
        community = "530111004001" if i % 2 else "530111001001"
        closed = f"2026-10-{1 + i % 27:02d} 18:00" if i % 3 == 0 else ""
        rows.append(
            [
                f"{prefix}{i:06d}",
                "网格员上报",
                ["市容环境", "物业管理", "道路交通"][i % 3],
                community,
                f"2026-10-{1 + i % 27:02d} 08:00",
                closed,
                f"2026-11-{1 + i % 27:02d} 08:00",
                "已办结" if closed else "办理中",
                f"李{i}",
                f"139{i:08d}",
            ]
        )
    return write_csv(path, rows)
