-- Volunteering read by date window from rollup_volunteering_monthly (migration 011).

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
    where in_edges(v.date, lo, hi, skip_from, skip_to)
    group by all;

-- A window's volunteering by month, centre and team, read as services_in does (05_services.sql). For a balance over all
-- history, pass the first representable date as date_from.
create or replace macro volunteering_in(date_from, date_to, as_of) as table
    select * from rollup_volunteering_monthly
    where in_whole_months(month, date_from, date_to, as_of)
    union all by name
    select * from volunteering_agg(date_from, date_to, whole_from(date_from), whole_to(date_to, as_of));
