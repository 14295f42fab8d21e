-- 011: month-grain rollups of services by channel (from rollup_services_daily) and of volunteering, with
-- window readers like 009's: whole months from the monthly rollup, the edge days from the daily rollup
-- (services) or the records (volunteering). A year at city scale is ~20 rows a centre and channel here
-- against ~365 in the daily rollup; volunteering has no daily rollup (a day holds about one record a
-- team), and its all-history time-bank balances read months, not records.
-- grassroots/rollups.py (MONTHLY) keeps them equal to their sources on every import.

create table if not exists rollup_services_monthly (
    month date not null,
    centre_id varchar not null,
    channel varchar not null,
    n bigint not null,
    n_finished bigint not null,
    n_rated bigint not null,
    rating_sum bigint not null,
    n_satisfied bigint not null,
    n_tongban bigint not null,
    n_extended bigint not null,
    primary key (month, centre_id, channel)
);

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
    where r.day >= lo and r.day < hi
      and not (r.day >= skip_from and r.day < skip_to)
    group by all;

-- A window's services by month, centre and channel: equal to summing rollup_services_daily over the
-- window's days (tests hold them together).
create or replace macro services_in(date_from, date_to, as_of) as table
    select * from rollup_services_monthly
    where month >= whole_from(date_from) and month < whole_to(date_to, as_of)
    union all by name
    select * from services_daily_agg(date_from, date_to, whole_from(date_from), whole_to(date_to, as_of));

create table if not exists rollup_volunteering_monthly (
    month date not null,
    centre_id varchar not null,
    team varchar not null,             -- '' when the record names no team
    sessions bigint not null,
    hours double not null,
    points_earned double not null,
    points_redeemed double not null,
    primary key (month, centre_id, team)
);

-- Volunteering records dated in [lo, hi) but not in [skip_from, skip_to), at the rollup's grain.
create or replace macro volunteering_agg(lo, hi, skip_from, skip_to) as table
    select
        date_trunc('month', v.date)::date as month,
        v.centre_id,
        coalesce(v.team, '') as team,
        count(*) as sessions,
        sum(v.hours) as hours,
        sum(v.points_earned) as points_earned,
        sum(v.points_redeemed) as points_redeemed,
    from volunteering v
    where v.date >= lo and v.date < hi
      and not (v.date >= skip_from and v.date < skip_to)
    group by all;

-- A window's volunteering by month, centre and team, read as 009's readers do. For a balance over all
-- history, pass the first representable date as date_from.
create or replace macro volunteering_in(date_from, date_to, as_of) as table
    select * from rollup_volunteering_monthly
    where month >= whole_from(date_from) and month < whole_to(date_to, as_of)
    union all by name
    select * from volunteering_agg(date_from, date_to, whole_from(date_from), whole_to(date_to, as_of));
