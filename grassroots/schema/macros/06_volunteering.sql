-- Volunteering read by date window from rollup_volunteering_monthly (migration 011): the reader
-- volunteering_in (by month, centre and team) is made from the builder below as services_in is
-- (grassroots/schema/migrate.py WINDOW_READERS).

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
