"""python -m grassroots migrate --db PATH: create or upgrade the database in place."""

from __future__ import annotations

from grassroots import cli, db
from grassroots.schema import migrate


def configure(p) -> None:
    cli.add_db(p)


def run(args) -> int:
    with db.writer(args.db) as con:
        print(f"{db.resolve(args.db).name}: schema version {migrate.current_version(con)}")
    return 0
