"""Contracts of queries/explorer/: the console's views are created on the console's own connection
(tests/test_console.py checks them there)."""

from tests.contracts import Contract

CONTRACTS = [
    Contract("explorer/console_views", writes=True),
]
