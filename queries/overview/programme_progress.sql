-- Each programme target in scope, with what was reached by its date and by now, counted inside the
-- chosen region. A programme is in scope when its region contains the chosen region or lies inside it.
-- A programme whose region lies inside the chosen one (or is it) is judged against its own targets
-- (target_scope 'own'); a programme of a wider region (a district programme while a street is chosen)
-- counts only the chosen region's pilots and communities against the wider region's targets
-- (target_scope 'wider': the page labels them as such).
-- Pilots are the programme's centres with status 运行, counted from their opening date.
-- params: $region, $as_of (TIMESTAMP)
-- columns: programme_id, programme, region_code, started_on, target_date, metric, target_value,
--          label, target_scope ('own' | 'wider'), target_region (name of the programme's region),
--          counted_code (the region counted: the narrower of the programme's and the chosen one),
--          actual_at_target (value reached by the target date, or by as_of if that comes first),
--          actual_now, communities (communities of the counted region)
with p as (
    select *,
           case when starts_with(region_code, $region) then region_code else $region end as counted_code,
           case when starts_with(region_code, $region) then 'own' else 'wider' end as target_scope,
    from programmes
    where starts_with(region_code, $region) or starts_with($region, region_code)
),
judged as (
    select pt.*, p.name as programme, p.region_code, p.started_on, p.centre_type, p.counted_code, p.target_scope,
           least(pt.target_date, $as_of::date) as judged_on,
    from programme_targets pt
    join p using (programme_id)
),
comms as (
    select j.programme_id, j.target_date, j.metric, count(r.code) as communities,
    from judged j
    left join regions r on r.level = 'community' and starts_with(r.code, j.counted_code)
    group by all
),
ops as (
    -- operating centres of the programme in the counted region, by the judged day and now
    select j.programme_id, j.target_date, j.metric,
           count(distinct c.centre_id) filter (where c.opened_on <= j.judged_on) as centres_then,
           count(distinct c.centre_id) filter (where c.opened_on <= $as_of::date) as centres_now,
           count(distinct c.community_code) filter (where c.opened_on <= j.judged_on) as comms_then,
           count(distinct c.community_code) filter (where c.opened_on <= $as_of::date) as comms_now,
    from judged j
    left join centres c on c.programme_id = j.programme_id and c.status = '运行'
                       and starts_with(c.community_code, j.counted_code)
    group by all
)
select
    j.programme_id, j.programme, j.region_code, j.started_on, j.target_date, j.metric, j.target_value,
    j.label, j.target_scope, rg.name as target_region, j.counted_code,
    case j.metric when 'centres' then ops.centres_then
                  else ops.comms_then / nullif(comms.communities, 0) end as actual_at_target,
    case j.metric when 'centres' then ops.centres_now
                  else ops.comms_now / nullif(comms.communities, 0) end as actual_now,
    comms.communities,
from judged j
join ops using (programme_id, target_date, metric)
join comms using (programme_id, target_date, metric)
left join regions rg on rg.code = j.region_code
order by j.programme_id, j.target_date, j.metric
