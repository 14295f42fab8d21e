from tests.contracts import Contract


def _partitions(frame) -> bool:
    return frame.district.str.fullmatch(r"\d{6}|none").all() and frame.month.str.fullmatch(r"\d{4}-\d{2}|none").all()


CONTRACTS = [
    Contract(f"lake/{table}", unique=(key,), not_null=(key, "district", "month"), min_rows=min_rows).where(
        _partitions,
    )
    for table, key, min_rows in (
        ("tickets", "ticket_id", 1),
        ("service_records", "service_id", 1),
        ("activities", "activity_id", 1),
        ("volunteering", "record_id", 0),  # the tiny database has none of these three
        ("wishes", "wish_id", 0),
        ("party_member_reports", "member_id", 0),
    )
]
