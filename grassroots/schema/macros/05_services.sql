-- Services read by date window from the month-grain rollups (migrations 009, 011): whole months from
-- the rollup, the edge days from the records or rollup_services_daily. grassroots/rollups.py
-- (MONTHLY) keeps the rollups equal to their sources on every import. The builders below give the edge
-- days; the readers service_items_in, service_hours_in (items and hours grain) and services_in (by
-- month, centre and channel) are made from them (grassroots/schema/migrate.py WINDOW_READERS).

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
    where in_edges(s.accepted_at, lo, hi, skip_from, skip_to)
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
    where in_edges(s.accepted_at, lo, hi, skip_from, skip_to)
    group by all;

-- True when time t on date d lies in the extended hours given as spans: a list of
-- [1 weekend or 0 weekday, start minute, end minute) built from config/app.toml [extended_hours]
-- (grassroots.metrics.activity.extended_spans) - the rule rollup_services_daily.n_extended applies.
create or replace macro in_extended_hours(d, t, spans) as
    t is not null and len(list_filter(spans::integer[][], lambda s:
        (s[1] = 1) = (isodow(d::date) >= 6)
        and hour(t::time) * 60 + minute(t::time) >= s[2]
        and hour(t::time) * 60 + minute(t::time) < s[3])) > 0;

-- Days of rollup_services_daily in [lo, hi) but not in [skip_from, skip_to), summed by month.
create or replace macro services_daily_agg(lo, hi, skip_from, skip_to) as table
    select
        date_trunc('month', r.day)::date as month,
        r.centre_id,
        r.channel,
        sum(r.n)::bigint as n,
        sum(r.n_finished)::bigint as n_finished,
        sum(r.n_rated)::bigint as n_rated,
        sum(r.rating_sum)::bigint as rating_sum,
        sum(r.n_satisfied)::bigint as n_satisfied,
        sum(r.n_tongban)::bigint as n_tongban,
        sum(r.n_extended)::bigint as n_extended,
    from rollup_services_daily r
    where in_edges(r.day, lo, hi, skip_from, skip_to)
    group by all;
