from tests.contracts import Contract

# Both write; tests/test_ingest_*.py prove what they write (import_log rows per loaded file, the
# conversion macros on every date, number and yes/no form).
CONTRACTS = [
    Contract("ingest/log_insert", writes=True),
    Contract("ingest/macros", writes=True),
]
