from tests.contracts import Contract

# log_insert writes; tests/test_ingest_*.py prove what it writes (import_log rows per loaded file) and
# what the conversion macros (grassroots/schema/macros/08_ingest.sql) make of every date, number and
# yes/no form.
CONTRACTS = [
    Contract("ingest/log_insert", writes=True),
    # the first load of a file by its SHA-256 (test_ingest_deadline_policy: a re-import is a no-op)
    Contract("ingest/log_find", {"file_hash": "0" * 64, "sheet": None, "table_name": "tickets"}, min_rows=0).where(
        lambda f: len(f) == 0 and list(f.columns) == ["imported_at", "file_name", "rows_loaded"],
    ),
]
