"""The fields an import can fill, per table of the data model, and the rules their values obey.

Kinds and what a source value becomes:
  text, code   trimmed text (blank -> NULL)
  int, num     numbers; thousands separators allowed; int must be whole
  date, ts     a date / timestamp in one of the profile's date formats, or an Excel serial number
  time         a clock time (HH:MM[:SS]) or an Excel day fraction
  bool         是/否, Y/N, yes/no, 1/0, true/false
  rating       1..5, or a word the profile maps to one (非常满意 5, 满意 4, 基本满意 3, 不满意 1)
  enum         one of `allowed`, or a word the profile maps to one
  status       ticket status, normalised to open / closed / cancelled / duplicate
  crs          WGS84 or GCJ02: the system the row's coordinates are in (stored as GCJ02)
"""

from __future__ import annotations

from dataclasses import dataclass

# a ticket status word mapped here becomes `closed` when the ticket has a closing time and
# `cancelled` when it has none (the standard layout's 已关闭)
CLOSED_OR_CANCELLED = "closed_or_cancelled"
TICKET_STATUSES = ("open", "closed", "cancelled", "duplicate")
CRS_VALUES = ("WGS84", "GCJ02")
DB_CRS = "GCJ02"

BOOL_WORDS = {
    "true": ("是", "y", "yes", "1", "true", "t", "有", "√"),
    "false": ("否", "n", "no", "0", "false", "f", "无", "×"),
}

# words -> value of these kinds come from the model, profiles may add more
ENUM_KINDS = ("enum", "bool", "rating", "status", "crs")


@dataclass(frozen=True)
class Field:
    name: str
    kind: str = "text"
    required: bool = False
    allowed: tuple[str, ...] = ()
    nonneg: bool = False  # a count or amount: negative is an error
    bounds: tuple[float, float] | None = None
    # must not be earlier than this field, or any of these fields (same row): an error, like every date order
    not_before: str | tuple[str, ...] | None = None
    ref: str | None = None  # must exist in this table (its key), in the database or loaded earlier
    default: str | None = None  # used when the column is absent or the cell blank
    stored: bool = True  # False: used during import only (e.g. crs of regions)
    required_when: tuple[str, str] | None = None  # (field, value): required when that field has that value
    warn_when: tuple[str, str, str] | None = None  # (field, value, code): a warning (the row still loads)
    # when blank while that field has that value
    warn_filled: tuple[str, tuple[str, ...], str] | None = None  # (value, fields, code): a warning (the row
    # still loads) when this field has that value while one of those fields is filled in (the first named)

    @property
    def not_before_fields(self) -> tuple[str, ...]:
        nb = self.not_before
        return () if nb is None else (nb,) if isinstance(nb, str) else nb


@dataclass(frozen=True)
class Table:
    name: str
    key: str
    order: int  # import order inside one call: referenced tables first
    fields: tuple[Field, ...]
    derived: tuple[str, ...] = ()  # columns the importer fills itself
    # the order rows are stored in, as (column, SQL over it) pairs: an import inserts its new rows so (by those of
    # its columns the file gives), and the demo too, so that a unit's records of a month lie together and the
    # drill-downs skip the rest (migration 018)
    cluster: tuple[tuple[str, str], ...] = ()

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    def cluster_keys(self, columns) -> list[str]:
        """The SQL to order new rows of `columns` by, so they are stored in `cluster`'s order (by the columns there
        are; empty when the table has no order)."""
        return [expr for col, expr in self.cluster if col in columns]

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields if f.required)


LON = Field("lon", "num", bounds=(-180.0, 180.0))
# tickets by the month reported, the community, then the time reported: a time window still reads only its months
TICKETS_CLUSTER = (
    ("reported_at", "date_trunc('month', reported_at)"),
    ("community_code", "community_code"),
    ("reported_at", "reported_at"),
)
# service records by the month accepted, the centre (centre ids begin with their community's code, so a street's
# centres lie together), then the time accepted (migration 019)
SERVICES_CLUSTER = (
    ("accepted_at", "date_trunc('month', accepted_at)"),
    ("centre_id", "centre_id"),
    ("accepted_at", "accepted_at"),
)
LAT = Field("lat", "num", bounds=(-90.0, 90.0))

TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        Table(
            "regions",
            "code",
            0,
            (
                Field("code", "code", required=True),
                Field("name", required=True),
                Field("parent_code", "code"),
                Field("level", "enum", required=True, allowed=("district", "street", "community", "grid")),
                Field("residents", "int", nonneg=True),
                Field("floating", "int", nonneg=True),
                Field("households", "int", nonneg=True),
                LON,
                LAT,
                Field("crs", "crs", stored=False),
            ),
        ),
        Table(
            "centres",
            "centre_id",
            1,
            (
                Field("centre_id", "code", required=True),
                Field("name", required=True),
                Field(
                    "type",
                    "enum",
                    required=True,
                    allowed=("党群服务中心", "便民党群服务中心", "邻里中心", "村级政务服务站"),
                ),
                Field("community_code", "code", required=True, ref="regions"),
                LON,
                LAT,
                Field("crs", "crs"),
                Field("floor_area_m2", "num", nonneg=True),
                Field("office_area_m2", "num", nonneg=True),
                Field("staff", "int", nonneg=True),
                Field("pilot_batch"),
                Field("opened_on", "date"),
                Field("status", "enum", allowed=("规划", "在建", "运行"), default="运行"),
            ),
        ),
        Table(
            "service_items",
            "item_code",
            2,
            (
                Field("item_code", "code", required=True),
                Field("item_name", required=True),
                Field("category"),
                Field("list_kind"),
            ),
        ),
        Table(
            "service_records",
            "service_id",
            3,
            (
                Field("service_id", "code", required=True),
                Field("centre_id", "code", required=True, ref="centres"),
                Field("item_code", "code"),
                Field("item_name"),
                Field(
                    "channel",
                    "enum",
                    required=True,
                    allowed=("窗口", "网上办", "掌上办", "自助终端", "帮代办", "上门服务"),
                ),
                Field("accepted_at", "ts", required=True),
                Field("finished_at", "ts", not_before="accepted_at"),
                Field("applicant_community_code", "code"),
                Field("rating", "rating"),
                Field("outcome", "enum", allowed=("办结", "退回", "转办")),
            ),
            cluster=SERVICES_CLUSTER,
        ),
        Table(
            "activities",
            "activity_id",
            4,
            (
                Field("activity_id", "code", required=True),
                Field("centre_id", "code", required=True, ref="centres"),
                Field("date", "date", required=True),
                Field("start_time", "time"),
                Field("end_time", "time", not_before="start_time"),
                Field(
                    "category",
                    "enum",
                    required=True,
                    allowed=("幼有所育", "老有所养", "病有所医", "食有所安", "居有所乐", "事有所办", "其他"),
                ),
                Field("title"),
                Field("participants", "int", required=True, nonneg=True),
                Field("volunteers", "int", nonneg=True),
                Field("partner"),
            ),
        ),
        Table(
            "tickets",
            "ticket_id",
            5,
            (
                Field("ticket_id", "code", required=True),
                Field("source"),
                Field("category"),
                Field("subcategory"),
                Field("grid_code", "code"),
                Field("community_code", "code", ref="regions"),
                Field("reported_at", "ts", required=True),
                Field("accepted_at", "ts", not_before="reported_at"),
                Field("dispatched_at", "ts", not_before="reported_at"),
                Field("handled_at", "ts", not_before="reported_at"),
                Field("verified_at", "ts", not_before="reported_at"),
                Field("closed_at", "ts", not_before="reported_at", warn_when=("status", "closed", "closed_no_time")),
                Field("due_at", "ts", not_before="reported_at"),
                Field("department"),
                Field("escalated", "bool", default="false"),
                Field("rework_count", "int", nonneg=True, default="0"),
                Field("reopen_count", "int", nonneg=True, default="0"),
                Field("satisfaction", "enum", allowed=("满意", "基本满意", "不满意")),
                Field("description"),
                Field("reporter_name"),
                Field("reporter_phone"),
                Field("reporter_id_number"),
                Field("reporter_address"),
                Field("status", "status", allowed=TICKET_STATUSES),
                LON,
                LAT,
                Field("crs", "crs", stored=False),
            ),
            derived=("source_status", "due_source"),
            cluster=TICKETS_CLUSTER,
        ),
        Table(
            "wishes",
            "wish_id",
            6,
            (
                Field("wish_id", "code", required=True),
                Field("community_code", "code", required=True, ref="regions"),
                Field("raised_on", "date", required=True),
                Field("category"),
                Field("content"),
                Field("claimed_on", "date", not_before="raised_on"),
                Field("claimed_by"),
                Field("claimer_type"),
                # a wish counts as claimed / fulfilled by its dates or its status (schema/macros/00_wish_state.sql),
                # so a status the dates contradict loads, with a warning
                Field(
                    "fulfilled_on",
                    "date",
                    not_before=("raised_on", "claimed_on"),
                    warn_when=("status", "已完成", "fulfilled_no_date"),
                ),
                Field(
                    "status",
                    "enum",
                    allowed=("待认领", "已认领", "已完成"),
                    warn_filled=("待认领", ("claimed_on", "fulfilled_on"), "open_with_date"),
                ),
            ),
        ),
        Table(
            "volunteering",
            "record_id",
            7,
            (
                Field("record_id", "code", required=True),
                Field("volunteer_id", "code", required=True),
                Field("team"),
                Field("centre_id", "code", required=True, ref="centres"),
                Field("date", "date", required=True),
                Field("hours", "num", required=True, nonneg=True),
                Field("points_earned", "num", nonneg=True, default="0"),
                Field("points_redeemed", "num", nonneg=True, default="0"),
            ),
        ),
        Table(
            "party_member_reports",
            "member_id",
            8,
            (
                Field("member_id", "code", required=True),
                Field("organisation"),
                Field("community_code", "code", required=True, ref="regions"),
                Field("reported_on", "date"),
                Field("post"),
            ),
        ),
    )
}
