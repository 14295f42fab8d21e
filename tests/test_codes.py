"""The translation layer of the fixed code lists (grassroots/codes.py): every list the data model
fixes is translated, every column of the model has a label, and a value no list knows reads as stored."""

import duckdb
import pandas as pd

from grassroots import codes, config, i18n
from grassroots.ingest import model
from grassroots.schema import migrate


def _enums():
    for table in model.TABLES.values():
        for f in table.fields:
            if f.kind in ("enum", "status") and f.allowed:
                yield table.name, f.name, f.allowed


def test_every_fixed_list_of_the_model_reads_in_english():
    missing, checked = [], 0
    for table, field, allowed in _enums():
        kind = codes.TABLE_LISTS.get(table, {}).get(field)
        if kind is None:
            missing.append(f"{table}.{field}")
            continue
        checked += len(allowed)
        missing += [f"{table}.{field}={v}" for v in allowed if f"{codes.LISTS[kind]}.{v}" not in i18n.table()]
    assert checked > 30 and not missing, missing
    assert codes.label("service_channel", "上门服务", "en") == "Home visit"


def test_every_ticket_category_with_a_deadline_rule_reads_in_english():
    _, by_category = config.sla()
    assert by_category
    assert all(codes.label("ticket_category", c, "en") != c for c in by_category)


def test_a_value_no_list_knows_reads_as_stored():
    assert codes.label("ticket_category", "Noise Complaint", "en") == "Noise Complaint"
    assert codes.label("activity_category", None, "en") is None
    assert pd.isna(codes.label("activity_category", float("nan"), "en"))
    assert codes.label("activity_category", "老有所养", "zh") == "老有所养"
    assert codes.label("activity_category", "老有所养", "en") == "Elderly care"
    assert codes.label("ticket_status", "open", "zh") == i18n.t("tickets.status.open")
    fmt = codes.formatter("ticket_category", "en", blank="All")
    assert fmt("") == "All" and fmt("市容环境") == "Streetscape"


def test_every_column_of_the_model_has_a_label(tmp_path):
    path = tmp_path / "empty.duckdb"
    con = duckdb.connect(str(path))
    migrate.upgrade(con)
    cols = con.execute(
        "select table_name, column_name from information_schema.columns where table_schema = 'main'"
    ).fetchall()
    con.close()
    unlabelled = [
        f"{t}.{c}" for t, c in cols if codes.column_label(t, c, "zh") == c or codes.column_label(t, c, "en") == c
    ]
    assert not unlabelled, unlabelled


def test_labelled_columns_never_share_a_name():
    frame = pd.DataFrame(columns=["date", "day", "reported_at"])  # 日期 twice
    out = codes.labelled_columns(frame, None, "zh")
    assert len(set(out.columns)) == 3 and "日期" in out.columns and "上报时间" in out.columns


def test_frame_values_translates_only_fixed_columns():
    frame = pd.DataFrame({"category": ["市容环境", "Other thing"], "description": ["市容环境", "x"]})
    out = codes.frame_values(frame, "tickets", "en")
    assert list(out["category"]) == ["Streetscape", "Other thing"]
    assert list(out["description"]) == ["市容环境", "x"]  # free text stays as written
