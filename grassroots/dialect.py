"""The rollup queries, written once in DuckDB's SQL, made runnable by Spark SQL.

A rollup's refresh query (queries/rollups/*.sql) reads the record tables through DuckDB macros
(grassroots/schema/). To run it on Spark, `to_spark` takes the query's SELECT, replaces every macro
call by the macro's body (read from the database's catalog, so the text is the one DuckDB runs) with
its arguments put in place, recursively, and has sqlglot write the result in Spark's dialect (array
indexes from 0, `explode` for `unnest`, `named_struct`, ...). What sqlglot would carry over wrongly is
named first (`_for_spark`): the catalog's `count_star()`, the numbering of the days of the week and a
select list's `unnest` of a struct; a lambda, which the catalog prints in parentheses sqlglot does not read, is
given to it bare (`_bare_lambdas`);
tests/test_rollup_engines.py holds both engines' rollups equal, so a new mismatch shows there.
Parameters stay parameters: `$name` becomes Spark's `:name`, bound by `spark.sql(text, args=...)`.
"""

from __future__ import annotations

import functools

import duckdb
import sqlglot
from sqlglot import exp


class DialectError(ValueError):
    """A query that cannot be written for the other engine, with the reason."""


def macros(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[str, list[str], str]]:
    """name -> (kind, parameters, body) of every macro in the database's catalog."""
    rows = con.execute(
        "select function_name, function_type, parameters, macro_definition from duckdb_functions()"
        " where function_type in ('macro', 'table_macro') and database_name = current_database()"
    ).fetchall()
    return {name.lower(): (kind, list(params), body) for name, kind, params, body in rows}


@functools.lru_cache(maxsize=512)
def _parse(body: str) -> exp.Expr:
    return sqlglot.parse_one(_bare_lambdas(body), read="duckdb")


def _bare_lambdas(text: str) -> str:
    """`text` with the parentheses DuckDB's catalog prints around each lambda, `(lambda x: ...)`, taken away:
    sqlglot reads `lambda x: ...` only bare. Quoted text is left as it is."""
    out: list[str] = []
    opened: list[bool] = []  # for each parenthesis open at this point: whether it is a lambda's, dropped
    quote = None
    for i, ch in enumerate(text):
        if quote:
            quote = None if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch == "(":
            drop = text.startswith("lambda ", i + 1)
            opened.append(drop)
            if drop:
                continue
        elif ch == ")" and opened and opened.pop():
            continue
        out.append(ch)
    return "".join(out)


def _put_arguments(body: exp.Expr, mapping: dict[str, exp.Expr]) -> exp.Expr:
    def put(node: exp.Expr) -> exp.Expr:
        if isinstance(node, exp.Column) and not node.table and node.name.lower() in mapping:
            return mapping[node.name.lower()].copy()
        return node

    return body.copy().transform(put)


def _call(node: exp.Expr, known: dict) -> tuple[str, list[exp.Expr]] | None:
    """(macro name, arguments) when `node` calls a macro of the catalog."""
    if isinstance(node, exp.Anonymous) and node.name.lower() in known:
        return node.name.lower(), list(node.expressions)
    return None


def expand(tree: exp.Expr, known: dict, depth: int = 0) -> exp.Expr:
    """`tree` with every macro call replaced by the macro's body, its arguments put in place."""
    if depth > 30:
        raise DialectError("macros call each other more than 30 deep")
    changed = False

    def inline(node: exp.Expr) -> exp.Expr:
        nonlocal changed
        call = _call(node, known)
        if call is None:
            return node
        name, args = call
        kind, params, body = known[name]
        if len(args) != len(params):
            raise DialectError(f"macro {name} takes {len(params)} arguments, called with {len(args)}")
        changed = True
        inlined = _put_arguments(_parse(body), dict(zip(params, args)))
        return exp.Subquery(this=inlined) if kind == "table_macro" else exp.Paren(this=inlined)

    out = tree.transform(inline)
    return expand(out, known, depth + 1) if changed else out


def _for_spark(tree: exp.Expr) -> exp.Expr:
    """Name what sqlglot would carry over wrongly: the catalog's count_star(), and the days of the week
    (DuckDB's isodow is 1 Monday .. 7 Sunday and dayofweek 0 Sunday .. 6 Saturday, where Spark's DAYOFWEEK
    is 1 Sunday .. 7 Saturday and WEEKDAY 0 Monday .. 6 Sunday)."""

    def fix(node: exp.Expr) -> exp.Expr:
        if isinstance(node, exp.Anonymous) and node.name.lower() == "count_star" and not node.expressions:
            return exp.Count(this=exp.Star())
        if isinstance(node, exp.DayOfWeekIso):
            return exp.Paren(
                this=exp.Add(
                    this=exp.Anonymous(this="WEEKDAY", expressions=[node.this]), expression=exp.Literal.number(1)
                )
            )
        if isinstance(node, exp.DayOfWeek):
            return exp.Paren(
                this=exp.Sub(
                    this=exp.Anonymous(this="DAYOFWEEK", expressions=[node.this]), expression=exp.Literal.number(1)
                )
            )
        return node

    return _struct_items(tree.transform(fix))


def _struct_items(tree: exp.Expr) -> exp.Expr:
    """A select-list `unnest` of a struct (DuckDB: its fields as columns, e.g. unnest(ticket_counts(...))) as the
    struct's fields, each aliased by its name: Spark's explode takes arrays and maps only."""
    for select in tree.find_all(exp.Select):
        items: list[exp.Expr] = []
        for item in select.expressions:
            inner = item.this if isinstance(item, exp.Explode) else None
            while isinstance(inner, exp.Paren):
                inner = inner.this
            if isinstance(inner, exp.Struct) and all(isinstance(f, exp.PropertyEQ) for f in inner.expressions):
                items.extend(exp.alias_(f.expression, f.this.name) for f in inner.expressions)
            else:
                items.append(item)
        select.set("expressions", items)
    return tree


def select_of(text: str) -> exp.Expr:
    """The SELECT of a query (an `insert into ... select` gives its select)."""
    tree = sqlglot.parse_one(text, read="duckdb")
    if isinstance(tree, exp.Insert):
        tree = tree.expression
    if not isinstance(tree, exp.Query):
        raise DialectError("not a query")
    return tree


def tables(text: str, known: dict) -> set[str]:
    """The tables (and views) the DuckDB query `text` reads, through its macros too."""
    tree = expand(select_of(text), known)
    ctes = {c.alias_or_name.lower() for c in tree.find_all(exp.CTE)}
    return {t.name.lower() for t in tree.find_all(exp.Table) if t.name and t.name.lower() not in ctes}


def to_spark(text: str, known: dict) -> str:
    """Spark SQL for the DuckDB query `text` (its SELECT), macros in `known` expanded."""
    tree = _for_spark(expand(select_of(text), known))
    return tree.sql(dialect="spark")
