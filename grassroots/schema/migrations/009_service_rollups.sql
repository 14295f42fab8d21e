-- 009: month-grain service rollups for the item and hour-of-week views, and the macros that read any
-- date window from them exactly: whole months from the rollup, the days at the window's edges from
-- the records. A day grain would hold about as many rows as the records (a centre serves a few
-- people a day across dozens of items); a month grain holds several records a row.
-- grassroots/rollups.py (MONTHLY) keeps both equal to their records on every import.

-- The first day of the first whole month of a window starting on date_from.
create or replace macro whole_from(date_from) as
    case when date_trunc('month', date_from::date)::date = date_from::date then date_from::date
         else (date_trunc('month', date_from::date) + interval 1 month)::date end;

-- The end (exclusive) of the last whole month of a window ending before date_to. A window that runs
-- past as_of (the data's newest record) holds its last month whole: no record comes later.
create or replace macro whole_to(date_to, as_of) as
    case when date_to::date::timestamp > as_of::timestamp
         then (date_trunc('month', date_to::date - interval 1 day) + interval 1 month)::date
         else date_trunc('month', date_to::date)::date end;

-- Services per month, centre and item: volume, channel mix, completion and evaluation-device ratings.
create table if not exists rollup_service_items_monthly (
    month date not null,
    centre_id varchar not null,
    item_code varchar not null,        -- '' when the record names no item
    item_name varchar,                 -- as the records name it (pages prefer the catalogue's name)
    n bigint not null,
    n_online bigint not null,          -- 网上办 + 掌上办
    n_proxy bigint not null,           -- 帮代办
    n_home bigint not null,            -- 上门服务
    n_finished bigint not null,
    n_rated bigint not null,
    rating_sum bigint not null,
    n_satisfied bigint not null,       -- rating >= 3 (基本满意 or better), as rollup_services_daily
    n_r5 bigint not null,              -- 非常满意
    n_r4 bigint not null,              -- 满意
    n_r3 bigint not null,              -- 基本满意
    n_r2 bigint not null,
    n_r1 bigint not null,              -- 不满意
    primary key (month, centre_id, item_code)
);

-- Services per month, centre and hour of the week, by channel group.
create table if not exists rollup_service_hours_monthly (
    month date not null,
    centre_id varchar not null,
    dow integer not null,              -- ISO day of week: 1 Monday .. 7 Sunday
    hour integer not null,             -- 0..23, of accepted_at
    n bigint not null,                 -- every channel
    n_window bigint not null,          -- 窗口
    n_online bigint not null,          -- 网上办 + 掌上办
    n_kiosk bigint not null,           -- 自助终端
    n_proxy bigint not null,           -- 帮代办
    n_home bigint not null,            -- 上门服务
    primary key (month, centre_id, dow, hour)
);

-- The records accepted in [lo, hi) but not in [skip_from, skip_to), at the items rollup's grain.
create or replace macro service_items_agg(lo, hi, skip_from, skip_to) as table
    select
        date_trunc('month', s.accepted_at)::date as month,
        s.centre_id,
        coalesce(s.item_code, '') as item_code,
        max(s.item_name) as item_name,
        count(*) as n,
        count(*) filter (where s.channel in ('网上办', '掌上办')) as n_online,
        count(*) filter (where s.channel = '帮代办') as n_proxy,
        count(*) filter (where s.channel = '上门服务') as n_home,
        count(s.finished_at) as n_finished,
        count(s.rating) as n_rated,
        coalesce(sum(s.rating), 0) as rating_sum,
        count(*) filter (where s.rating >= 3) as n_satisfied,
        count(*) filter (where s.rating = 5) as n_r5,
        count(*) filter (where s.rating = 4) as n_r4,
        count(*) filter (where s.rating = 3) as n_r3,
        count(*) filter (where s.rating = 2) as n_r2,
        count(*) filter (where s.rating = 1) as n_r1,
    from service_records s
    where s.accepted_at >= lo and s.accepted_at < hi
      and not (s.accepted_at >= skip_from and s.accepted_at < skip_to)
    group by all;

-- The records accepted in [lo, hi) but not in [skip_from, skip_to), at the hours rollup's grain.
create or replace macro service_hours_agg(lo, hi, skip_from, skip_to) as table
    select
        date_trunc('month', s.accepted_at)::date as month,
        s.centre_id,
        isodow(s.accepted_at)::integer as dow,
        hour(s.accepted_at)::integer as hour,
        count(*) as n,
        count(*) filter (where s.channel = '窗口') as n_window,
        count(*) filter (where s.channel in ('网上办', '掌上办')) as n_online,
        count(*) filter (where s.channel = '自助终端') as n_kiosk,
        count(*) filter (where s.channel = '帮代办') as n_proxy,
        count(*) filter (where s.channel = '上门服务') as n_home,
    from service_records s
    where s.accepted_at >= lo and s.accepted_at < hi
      and not (s.accepted_at >= skip_from and s.accepted_at < skip_to)
    group by all;

-- A window's rows at the items grain: its whole months from the rollup, its edge days from the records.
-- Equal to service_items_agg(date_from, date_to, date_from, date_from) (tests hold them together).
create or replace macro service_items_in(date_from, date_to, as_of) as table
    select * from rollup_service_items_monthly
    where month >= whole_from(date_from) and month < whole_to(date_to, as_of)
    union all by name
    select * from service_items_agg(date_from, date_to, whole_from(date_from), whole_to(date_to, as_of));

-- A window's rows at the hours grain, read the same way.
create or replace macro service_hours_in(date_from, date_to, as_of) as table
    select * from rollup_service_hours_monthly
    where month >= whole_from(date_from) and month < whole_to(date_to, as_of)
    union all by name
    select * from service_hours_agg(date_from, date_to, whole_from(date_from), whole_to(date_to, as_of));

-- True when time t on date d lies in the extended hours given as spans: a list of
-- [1 weekend or 0 weekday, start minute, end minute) built from config/app.toml [extended_hours]
-- (grassroots.metrics.activity.extended_spans) - the rule rollup_services_daily.n_extended applies.
create or replace macro in_extended_hours(d, t, spans) as
    t is not null and len(list_filter(spans::integer[][], lambda s:
        (s[1] = 1) = (isodow(d::date) >= 6)
        and hour(t::time) * 60 + minute(t::time) >= s[2]
        and hour(t::time) * 60 + minute(t::time) < s[3])) > 0;
