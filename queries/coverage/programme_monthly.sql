-- Each programme in scope, month by month from its start to $as_of: its centres operating at the
-- month's end and the communities they stand in, beside all communities of its region. Targets and
-- what was reached by each target date: overview/programme_progress (the same counting rule).
-- A programme is in scope when its region contains the chosen region or lies inside it; its centres
-- and communities are counted inside the narrower of the two (a district programme with a street
-- chosen: that street's pilots and communities).
-- params: $region, $as_of
-- columns: programme_id, programme, month (DATE, first day), centres, communities_with_centre, communities
with p as (
    select *, case when starts_with(region_code, $region) then region_code else $region end as counted_code,
    from programmes
    where starts_with(region_code, $region) or starts_with($region, region_code)
),
months as (
    select p.programme_id,
           unnest(generate_series(date_trunc('month', coalesce(p.started_on, first.d)),
                                  date_trunc('month', $as_of::date), interval 1 month))::date as month,
    from p
    left join (select programme_id, min(opened_on) as d from centres group by 1) first using (programme_id)
    where coalesce(p.started_on, first.d) is not null
),
ends as (
    select programme_id, month, least((month + interval 1 month - interval 1 day)::date, $as_of::date) as day
    from months
),
comms as (
    select p.programme_id, count(r.code) as communities,
    from p
    left join regions r on r.level = 'community' and starts_with(r.code, p.counted_code)
    group by 1
)
select
    e.programme_id,
    p.name as programme,
    e.month,
    count(c.centre_id) filter (where operating_on(c.status, c.opened_on, e.day)) as centres,
    count(distinct c.community_code) filter (where operating_on(c.status, c.opened_on, e.day)) as communities_with_centre,
    any_value(comms.communities) as communities,
from ends e
join p using (programme_id)
join comms using (programme_id)
left join centres c on c.programme_id = e.programme_id and starts_with(c.community_code, p.counted_code)
group by all
order by e.programme_id, e.month
