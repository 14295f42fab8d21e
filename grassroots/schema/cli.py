"""python -m grassroots migrate --db PATH: create or upgrade the database in place."""

from __future__ import annotations

from grassroots import cli, db
from grassroots.schema import migrate


def configure(p) -> None:
    cli.add_db(p)


def run(args) -> int:
    path = db.resolve(args.db)
    if path.exists():
        with db.reader(path) as con:
            if migrate.is_current(con):  # nothing to do: no new version of the file is written
                print(f"{path.name}: schema version {migrate.current_version(con)}, up to date")
                return 0
    with db.writer(args.db) as con:
        print(f"{path.name}: schema version {migrate.current_version(con)}")
    return 0
