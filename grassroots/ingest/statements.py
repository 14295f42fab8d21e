"""The import's SQL that names tables and columns, composed here and only here.

Table and column names come from the fixed model (grassroots.ingest.model) or are positional
(c0, c1, ...); every value - paths, date formats, model vocabulary, bounds - is a bound `$param`.
SQL that carries no identifiers lives in queries/ingest/.
"""

from __future__ import annotations

import re
import threading

import duckdb

from grassroots.ingest import model
from grassroots.progress import NULL

STAGE = "ingest_stage"
CONV = "ingest_conv"
FINAL = "ingest_final"
ERRORS = "ingest_errors"
WARNINGS = "ingest_warnings"
GEO = "ingest_geo"
SLA = "ingest_sla"
TEMPS = (FINAL, CONV, ERRORS, WARNINGS, GEO, SLA, STAGE)

ENUM_KINDS = model.ENUM_KINDS
# kinds whose conversion reads a cell with spaces around it as without (ingest_ts, the value-word lookup);
# ticket status is not one: its word is loaded as the source wrote it (source_status), trimmed
LOOSE_KINDS = ("date", "ts", "enum", "bool", "rating", "crs")
# reason codes whose detail is a field of the same row, reported as its column: "earlier than 受理时间"
FIELD_DETAIL = ("before", "open_with_date")
BAD_CODE = {"int": "bad_number", "num": "bad_number", "date": "bad_date", "ts": "bad_date", "time": "bad_date"}


def q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def raw(name: str) -> str:
    return q("raw_" + name)


_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


def used(sql: str, params: dict | None) -> dict:
    """The params a statement names (DuckDB refuses extra ones)."""
    names = set(_PARAM.findall(sql))
    return {k: v for k, v in (params or {}).items() if k in names}


def execute(con: duckdb.DuckDBPyConnection, sql: str, params: dict | None = None) -> duckdb.DuckDBPyConnection:
    return con.execute(sql, used(sql, params))


def run_tracked(con: duckdb.DuckDBPyConnection, sql: str, params: dict | None, progress=NULL, label: str = "") -> None:
    """Execute one statement, reporting DuckDB's own progress while it runs."""
    params = used(sql, params)
    if progress is NULL:
        con.execute(sql, params)
        return
    box: dict = {}

    def work():
        try:
            con.execute(sql, params)
        except BaseException as exc:  # handed to the calling thread
            box["exc"] = exc

    th = threading.Thread(target=work, daemon=True)
    th.start()
    best = 0.0
    while th.is_alive():
        th.join(0.2)
        try:
            pct = con.query_progress()
        except duckdb.Error:
            pct = -1
        if pct > best:
            best = pct
            progress(min(pct, 100.0), 100.0, label)
    if "exc" in box:
        raise box["exc"]
    progress(100.0, 100.0, label)


def settings() -> str:
    # DuckDB's own bar stays quiet on every writer's connection (grassroots.db); its progress is read, not printed
    return "set enable_progress_bar = true"


def drop_temps() -> str:
    return "; ".join(f"drop table if exists temp.{q(t)}" for t in TEMPS)


# --- reading -------------------------------------------------------------------------------------


def csv_source(width: int) -> tuple[str, str]:
    """(relation, row-number expression) of a CSV read as text columns c0..; params $path, $skip,
    $delim, $columns, $parallel, $row0."""
    rel = (
        "read_csv($path, auto_detect = false, header = false, skip = $skip, delim = $delim, quote = '\"', "
        "escape = '\"', columns = $columns, null_padding = true, strict_mode = false, parallel = $parallel, "
        "max_line_size = 10000000)"
    )
    return rel, "row_number() over () + $row0 - 1"


def parquet_source(names: list[str]) -> tuple[str, str]:
    cols = ", ".join(f"{q(n)}::varchar as c{i}" for i, n in enumerate(names))
    return f"(select {cols}, file_row_number from read_parquet($path, file_row_number = true))", "file_row_number + 2"


def describe_parquet() -> str:
    return "describe select * from read_parquet($path)"


def stage_empty(width: int) -> str:
    cols = ", ".join(f"c{i} varchar" for i in range(width))
    return f"create or replace temp table {q(STAGE)} ({cols}, _row bigint)"


def stage_append(relation: str, width: int) -> str:
    cols = ", ".join(f"c{i}" for i in range(width))
    return f"insert into temp.{q(STAGE)} select {cols}, _row from {q(relation)}"


def text_table(name: str, relation: str) -> str:
    """Create temp table `name` of a source's text columns as read, nothing converted (the bench times the read
    on its own: grassroots/bench_import.py)."""
    return f"create or replace temp table {q(name)} as select * from {relation}"


def stage_source() -> tuple[str, str]:
    return f"temp.{q(STAGE)}", "_row"


# --- converting ----------------------------------------------------------------------------------


def keeps_text(f: model.Field) -> bool:
    """Whether a field's typed value is its source text (text and code kinds): no separate raw_ column."""
    return f.kind in ("text", "code")


def value(f: model.Field) -> str:
    """The column holding a field's source text as the file gave it (trimmed), for reports: the field
    itself for text, else raw_<field> (kept where the value failed to convert or failed a check)."""
    return q(f.name) if keeps_text(f) else raw(f.name)


def value_checks(f: model.Field, present) -> list[tuple[str, str, str, dict]]:
    """The checks on a field's converted value as (code, condition true when it fails, detail, params),
    over the row's typed columns; raw_<field> keeps the source text of a value that fails one."""
    v = q(f.name)
    out: list[tuple[str, str, str, dict]] = []
    if f.kind in ("date", "ts"):
        out.append(("bad_date", f"not ingest_year_ok({v})", "null", {}))
    if f.nonneg:
        out.append(("negative", f"{v} < 0", "null", {}))
    if f.bounds:
        lo, hi = f.bounds
        out.append(
            (
                "out_of_range",
                f"{v} < $lo_{f.name} or {v} > $hi_{f.name}",
                "null",
                {f"lo_{f.name}": lo, f"hi_{f.name}": hi},
            )
        )
    for k, other in enumerate(f.not_before_fields):
        if other in present:
            out.append(("before", f"{v} < {q(other)}", f"$other_{f.name}_{k}", {f"other_{f.name}_{k}": other}))
    return out


def convert(
    table: model.Table,
    mapping: dict[str, int],
    defaults: dict[str, str],
    values: dict[str, dict[str, str]],
    width: int,
    relation: str,
    row_expr: str,
) -> tuple[str, dict]:
    """Create temp table ingest_conv in one pass over the source: _row, _total, <field> (typed) for
    every field the file gives (by column or default), and for fields that are not text raw_<field>,
    the source text (trimmed), kept only where the value failed to convert or failed a check of
    value_checks (and always for ticket status, which is loaded as the source's word too).
    `defaults`: field -> text used when the column is absent or the cell blank; `values`: field ->
    {lower-case word: model value}. Needs the params of the relation plus $date_formats."""
    present = [f for f in table.fields if f.name in mapping or f.name in defaults]
    names = {f.name for f in present}
    params: dict = {}
    src_cols = [f"s.c{i}" for i in range(width)]
    raw_items = []
    # dates and words are read from the cell as it is (their conversion allows surrounding spaces), so
    # only the text of a value that fails is trimmed; the others, text above all, are trimmed here
    loose = {f.name for f in present if f.name in mapping and f.name not in defaults and f.kind in LOOSE_KINDS}
    for f in present:
        if f.name in loose:
            expr = f"nullif(s.c{mapping[f.name]}, '')"
        else:
            expr = f"ingest_blank(s.c{mapping[f.name]})" if f.name in mapping else "null"
        if f.name in defaults:
            params[f"default_{f.name}"] = defaults[f.name]
            expr = f"coalesce({expr}, $default_{f.name})"
        raw_items.append(f"{expr} as {value(f)}")
    first_cells = ", ".join(src_cols[:3]) or "null"
    raw_sql = (
        f"select s._row, ingest_is_total(coalesce({first_cells})) as _total, {', '.join(raw_items)} "
        f"from (select {row_expr} as _row, * from {relation}) s "
        f"where coalesce({', '.join(src_cols)}) is not null"
    )

    typed = []
    for f in present:
        if keeps_text(f):
            continue
        r = f"r.{raw(f.name)}"
        if f.kind == "int":
            expr = f"ingest_int({r})"
        elif f.kind == "num":
            expr = f"ingest_num({r})"
        elif f.kind == "date":
            expr = f"ingest_ts({r}, $date_formats)::date"
        elif f.kind == "ts":
            expr = f"ingest_ts({r}, $date_formats)"
        elif f.kind == "time":
            expr = f"ingest_time({r})"
        else:  # a word looked up in the value map
            vm = values.get(f.name, {})
            params[f"words_{f.name}"], params[f"values_{f.name}"] = list(vm), list(vm.values())
            # the word as written first (most are, and lower-case or Chinese), then in lower case
            words = f"$words_{f.name}"
            v = f"$values_{f.name}[coalesce(list_position({words}, {r}), list_position({words}, lower(trim({r}))))]"
            if f.kind == "bool":
                params["true_word"], params["false_word"] = "true", "false"
                expr = f"case {v} when $true_word then true when $false_word then false end"
            elif f.kind == "rating":
                expr = f"try_cast({v} as integer)"
            else:
                expr = v
        typed.append(f"{expr} as {q(f.name)}")
    typed_sql = f"select r.*{''.join(', ' + t for t in typed)} from raw r"

    replace: list[str] = []
    has_status = any(f.kind == "status" for f in table.fields)
    for f in present:
        if keeps_text(f) or f.kind == "status":
            continue
        checks = value_checks(f, names)
        for check in checks:
            params.update(check[3])
        failed = " or ".join([f"t.{q(f.name)} is null"] + [f"({cond})" for _, cond, _, _ in checks])
        text = f"ingest_blank(t.{raw(f.name)})" if f.name in loose else f"t.{raw(f.name)}"
        replace.append(f"case when {failed} then {text} end as {raw(f.name)}")
    extra = ""
    if has_status:
        closed = "t.closed_at" if "closed_at" in names else "null"
        params.update(st_open="open", st_closed="closed", st_cancelled="cancelled", st_either=model.CLOSED_OR_CANCELLED)
        derived = f"case when {closed} is null then $st_open else $st_closed end"
        if "status" in names:
            replace.append(
                f"case when t.status = $st_either then case when {closed} is null then $st_cancelled "
                f"else $st_closed end when t.{raw('status')} is null then {derived} else t.status end as status"
            )
        else:
            extra = f", {derived} as status"
    final_cols = f"t.* replace ({', '.join(replace)})" if replace else "t.*"
    sql = (
        f"create or replace temp table {q(CONV)} as with raw as ({raw_sql}), typed as ({typed_sql}) "
        f"select {final_cols}{extra} from typed t"
    )
    return sql, params


def derive_status(table: model.Table, mapping: dict[str, int]) -> bool:
    """Whether the import derives ticket status (no status column: closed if closed_at, else open)."""
    return any(f.kind == "status" for f in table.fields) and "status" not in mapping


def first_total_row() -> str:
    return f"select min(_row) from temp.{q(CONV)} where _total"


def cut_from_row() -> str:
    return f"delete from temp.{q(CONV)} where _row >= $row"


def count_rows(table: str) -> str:
    """How many rows one of the import's temp tables holds (CONV, WARNINGS)."""
    return f"select count(*) from temp.{q(table)}"


# --- validating ----------------------------------------------------------------------------------


def _row_checks(table: model.Table, present: set[str], derived: frozenset[str]) -> tuple[list, dict]:
    """The checks of one row as (field, value, code, condition, detail) over ingest_conv (alias c), and
    their params."""
    available = set(present) | set(derived)
    checks: list[tuple[str, str, str, str, str]] = []  # field, value, code, condition, detail
    params: dict = {}

    def add(field: str, value: str, code: str, where: str, detail: str = "null"):
        params[f"code_{code}"] = code
        params[f"f_{field}"] = field
        checks.append((field, value, code, where, detail))

    for f in table.fields:
        if f.name not in present:
            if f.required_when and f.required_when[0] in available:
                w, v = f.required_when
                params[f"when_{f.name}"] = v
                add(f.name, "null", "missing_value", f"{q(w)} = $when_{f.name}")
            continue
        r, v = value(f), q(f.name)
        if f.required:
            add(f.name, r, "missing_value", f"{v} is null" if keeps_text(f) else f"{v} is null and {r} is null")
        if f.required_when and f.required_when[0] in available:
            w, val = f.required_when
            params[f"when_{f.name}"] = val
            add(f.name, r, "missing_value", f"{v} is null and {q(w)} = $when_{f.name}")
        if f.kind in BAD_CODE:
            add(f.name, r, BAD_CODE[f.kind], f"{r} is not null and {v} is null")
        elif f.kind in ENUM_KINDS:
            add(f.name, r, "not_allowed", f"{r} is not null and {v} is null")
        for code, cond, detail, cparams in value_checks(f, present):
            params.update(cparams)
            add(f.name, r, code, cond, detail)
        if f.ref:
            ref = model.TABLES[f.ref]
            add(
                f.name,
                v,
                "unknown_ref",
                f"{v} is not null and not exists (select 1 from main.{q(ref.name)} x where x.{q(ref.key)} = c.{v})",
                f"$ref_{f.name}",
            )
            params[f"ref_{f.name}"] = ref.name
    return checks, params


def _any_problem(checks: list) -> str:
    return " or ".join(f"({where})" for _, _, _, where, _ in checks) or "false"


def problem_rows(table: model.Table, present: set[str], derived: frozenset[str] = frozenset()) -> tuple[str, dict]:
    """How many rows of ingest_conv have a problem of their own (duplicate ids aside): one pass."""
    checks, params = _row_checks(table, present, derived)
    return f"select count(*) from temp.{q(CONV)} c where {_any_problem(checks)}", params


def errors(
    table: model.Table, present: set[str], derived: frozenset[str] = frozenset(), per_row: bool = True
) -> tuple[str, dict]:
    """Create temp table ingest_errors (_row, field, value, code, detail): one row per problem.
    `present`: fields the file gives; `derived`: fields the import computed (ticket status). The rows
    with a problem of their own are picked in one pass over ingest_conv, and each problem is then
    listed from those few (per_row False: problem_rows found none, only duplicate ids are looked for,
    by grouping the keys)."""
    conv = f"temp.{q(CONV)}"
    key = q(table.key)
    duplicates = (
        f"select c._row, $f_key as field, c.{key}::varchar as value, $code_duplicate_id as code, "
        f"d.first_row::varchar as detail from {conv} c join (select {key}, min(_row) as first_row from {conv} "
        f"where {key} is not null group by {key} having count(*) > 1) d using ({key}) "
        f"where c._row > d.first_row"
    )
    params: dict = {"code_duplicate_id": "duplicate_id", "f_key": table.key}
    if not per_row:
        return f"create or replace temp table {q(ERRORS)} as {duplicates}", params
    checks, row_params = _row_checks(table, present, derived)
    params.update(row_params)
    parts = [
        f"select _row, $f_{field} as field, ({value_sql})::varchar as value, $code_{code} as code, "
        f"({detail})::varchar as detail from bad c where {where}"
        for field, value_sql, code, where, detail in checks
    ]
    sql = (
        f"create or replace temp table {q(ERRORS)} as with bad as materialized "
        f"(select * from {conv} c where {_any_problem(checks)}) " + " union all ".join([*parts, duplicates])
    )
    return sql, params


def warnings(table: model.Table, present: set[str], derived: frozenset[str] = frozenset()) -> tuple[str, dict]:
    """Create temp table ingest_warnings (_row, field, value, code, detail): rows that load but are
    reported (a closed ticket without a closing time, a wish whose status its dates contradict), leaving
    out rows refused for errors. The detail of a FIELD_DETAIL code is a field (the column it names)."""
    available = set(present) | set(derived)
    c = f"temp.{q(CONV)}"
    parts: list[str] = []
    params: dict = {}
    for f in table.fields:
        if not f.warn_when or f.warn_when[0] not in available:
            continue
        w, val, code = f.warn_when
        params[f"when_{f.name}"], params[f"code_{f.name}"], params[f"f_{f.name}"] = val, code, f.name
        blank = f"{q(f.name)} is null" if f.name in present else "true"
        text = value(f) if f.name in present else "null"
        parts.append(
            f"select _row, $f_{f.name} as field, ({text})::varchar as value, $code_{f.name} as code, "
            f"null::varchar as detail from {c} where {blank} and {q(w)} = $when_{f.name} "
            f"and _row not in (select _row from temp.{q(ERRORS)})"
        )
    for f in table.fields:
        if not f.warn_filled or f.name not in available:
            continue
        val, others, code = f.warn_filled
        given = [o for o in others if o in present]
        if not given:
            continue
        params[f"fwhen_{f.name}"], params[f"fcode_{f.name}"], params[f"f_{f.name}"] = val, code, f.name
        named = " ".join(f"when {q(o)} is not null then $filled_{f.name}_{k}" for k, o in enumerate(given))
        params.update({f"filled_{f.name}_{k}": o for k, o in enumerate(given)})
        filled = " or ".join(f"{q(o)} is not null" for o in given)
        parts.append(
            f"select _row, $f_{f.name} as field, {q(f.name)}::varchar as value, $fcode_{f.name} as code, "
            f"case {named} end as detail from {c} where {q(f.name)} = $fwhen_{f.name} and ({filled}) "
            f"and _row not in (select _row from temp.{q(ERRORS)})"
        )
    if not parts:
        parts.append(
            "select null::bigint as _row, null::varchar as field, null::varchar as value, "
            "null::varchar as code, null::varchar as detail where false"
        )
    return f"create or replace temp table {q(WARNINGS)} as " + " union all ".join(parts), params


def error_summary() -> str:
    return f"select count(*), count(distinct _row) from temp.{q(ERRORS)}"


def finding_rows(table: str) -> str:
    """The first $limit rows of ERRORS or WARNINGS, by source row."""
    return f"select _row, field, value, code, detail from temp.{q(table)} order by _row limit $limit"


# --- repairing: coordinates and deadlines ----------------------------------------------------------


def wgs84_rows(has_crs_column: bool) -> str:
    """Rows whose lon/lat are WGS-84; params $profile_crs, $wgs84."""
    crs = "coalesce(crs, $profile_crs)" if has_crs_column else "$profile_crs"
    return f"select _row, lon, lat from temp.{q(CONV)} where lon is not null and lat is not null and {crs} = $wgs84"


def sla_rows(present: set[str]) -> str:
    due = "due_at is null and " if "due_at" in present else ""
    cat = "category" if "category" in present else "null::varchar as category"
    return (
        f"select _row, reported_at, {cat} from temp.{q(CONV)} "
        f"where {due}reported_at is not null and ingest_year_ok(reported_at)"
    )


def temp_from(name: str, relation: str) -> str:
    return f"create or replace temp table {q(name)} as select * from {q(relation)}"


def empty_temp(name: str, columns: str) -> str:
    return f"create or replace temp table {q(name)} ({columns})"


# --- loading -------------------------------------------------------------------------------------


def change_counts(table: model.Table, columns: list[str]) -> str:
    """(new, updated, unchanged) of the staged rows against the table, compared on its key in the
    columns the file gives - the same comparison update_changed makes."""
    key = q(table.key)
    cols = [c for c in columns if c != table.key]
    old = ", ".join(f"t.{q(c)}" for c in cols) or "null"
    new = ", ".join(f"f.{q(c)}" for c in cols) or "null"
    return (
        f"select count(*) filter (where t.{key} is null), "
        f"count(*) filter (where t.{key} is not null and row({old}) is distinct from row({new})), "
        f"count(*) filter (where t.{key} is not null and row({old}) is not distinct from row({new})) "
        f"from temp.{q(FINAL)} f left join main.{q(table.name)} t on t.{key} = f.{key}"
    )


def final_select(
    table: model.Table, present: set[str], derived_status: bool, with_errors: bool
) -> tuple[str, list[str], dict]:
    """The rows to load, in the table's column names; returns (select sql, columns, params)."""
    params: dict = {}
    items: list[tuple[str, str]] = []
    has_status = "status" in table.names and table.field("status").kind == "status"
    for f in table.fields:
        if not f.stored:
            continue
        if f.name == "crs":
            params["db_crs"] = model.DB_CRS
            items.append(("crs", "$db_crs"))
            continue
        if f.name not in present and not (f.name == "status" and derived_status):
            continue
        expr = f"c.{q(f.name)}"
        if f.name in ("lon", "lat"):
            expr = f"coalesce(g.{q(f.name)}, c.{q(f.name)})"
        elif f.name == "closed_at" and has_status:
            params["st_open"] = "open"
            expr = "case when c.status = $st_open then null else c.closed_at end"
        items.append((f.name, expr))
    joins = f"left join temp.{q(GEO)} g using (_row)"
    if "source_status" in table.derived:
        items.append(("source_status", f"c.{raw('status')}" if "status" in present else "null"))
    if "due_source" in table.derived:
        params.update(due_ticket="ticket", due_sla="sla")
        given = "c.due_at" if "due_at" in present else "null::timestamp"
        items = [(n, e) for n, e in items if n != "due_at"]
        items.append(("due_at", f"coalesce({given}, s.due_at)"))
        items.append(
            (
                "due_source",
                f"case when {given} is not null then $due_ticket when s.due_at is not null then $due_sla end",
            )
        )
        joins += f" left join temp.{q(SLA)} s using (_row)"
    cols = ", ".join(f"{e} as {q(n)}" for n, e in items)
    where = f"where not exists (select 1 from temp.{q(ERRORS)} e where e._row = c._row)" if with_errors else ""
    return f"select {cols} from temp.{q(CONV)} c {joins} {where}", [n for n, _ in items], params


def insert_new(table: model.Table, columns: list[str], select_sql: str) -> str:
    """Insert rows none of whose keys is in the table yet (the fast path)."""
    cols = ", ".join(q(c) for c in columns)
    return f"insert into main.{q(table.name)} ({cols}) select * from ({select_sql}){clustered(table, columns)}"


def clustered(table: model.Table, columns) -> str:
    """The ORDER BY clause that lays new rows of `columns` out in the table's storage order (model.Table.cluster,
    by the columns there are; empty when none)."""
    keys = table.cluster_keys(columns)
    return f" order by {', '.join(keys)}" if keys else ""


def stage_final(select_sql: str) -> str:
    return f"create or replace temp table {q(FINAL)} as {select_sql}"


def update_changed(table: model.Table, columns: list[str]) -> str:
    """Update the rows whose key is already there, and only those that differ, in the columns the
    file gives (columns it lacks keep their values)."""
    key = q(table.key)
    cols = [c for c in columns if c != table.key]
    if not cols:
        return "select 0 where false"
    sets = ", ".join(f"{q(c)} = f.{q(c)}" for c in cols)
    old = ", ".join(f"t.{q(c)}" for c in cols)
    new = ", ".join(f"f.{q(c)}" for c in cols)
    return (
        f"update main.{q(table.name)} t set {sets} from temp.{q(FINAL)} f "
        f"where t.{key} = f.{key} and row({old}) is distinct from row({new})"
    )


def insert_missing(table: model.Table, columns: list[str]) -> str:
    key = q(table.key)
    cols = ", ".join(q(c) for c in columns)
    return (
        f"insert into main.{q(table.name)} ({cols}) select {cols} from temp.{q(FINAL)} f "
        f"where not exists (select 1 from main.{q(table.name)} t where t.{key} = f.{key}){clustered(table, columns)}"
    )


def count_existing(table: model.Table) -> str:
    """How many keys of the file are already in the table."""
    key = q(table.key)
    return f"select count(*) from main.{q(table.name)} t where t.{key} in (select {key} from temp.{q(CONV)})"


def days_in_file(columns: list[str]) -> str:
    """The days (dates of the given timestamp columns) the file's rows fall on."""
    parts = " union ".join(f"select {q(c)}::date as d from temp.{q(CONV)}" for c in columns)
    return f"select distinct d from ({parts}) where d is not null"


def insertion_order(keep: bool) -> str:
    return f"set preserve_insertion_order = {'true' if keep else 'false'}"
