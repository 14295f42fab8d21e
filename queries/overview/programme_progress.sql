-- Each programme target in scope, with what was reached by its date and by now.
-- A programme is in scope when its region contains the chosen region or lies inside it.
-- params: $region, $as_of (TIMESTAMP)
-- columns: programme_id, programme, region_code, started_on, target_date, metric, target_value,
--          label, actual_at_target (value reached by the target date, or by as_of if that comes first),
--          actual_now, communities (all communities in the programme's region)
with p as (
    select * from programmes
    where starts_with(region_code, $region) or starts_with($region, region_code)
),
judged as (
    select pt.*, p.name as programme, p.region_code, p.started_on, p.centre_type,
           least(pt.target_date, $as_of::date) as judged_on,
    from programme_targets pt
    join p using (programme_id)
),
comms as (
    select j.programme_id, j.target_date, j.metric, count(r.code) as communities,
    from judged j
    left join regions r on r.level = 'community' and starts_with(r.code, j.region_code)
    group by all
),
ops as (
    -- operating centres of the programme, by the judged day and now
    select j.programme_id, j.target_date, j.metric,
           count(distinct c.centre_id) filter (where c.opened_on <= j.judged_on) as centres_then,
           count(distinct c.centre_id) filter (where c.opened_on <= $as_of::date) as centres_now,
           count(distinct c.community_code) filter (where c.opened_on <= j.judged_on) as comms_then,
           count(distinct c.community_code) filter (where c.opened_on <= $as_of::date) as comms_now,
    from judged j
    left join centres c on c.programme_id = j.programme_id and c.status = '运行'
    group by all
)
select
    j.programme_id, j.programme, j.region_code, j.started_on, j.target_date, j.metric, j.target_value,
    j.label,
    case j.metric when 'centres' then ops.centres_then
                  else ops.comms_then / nullif(comms.communities, 0) end as actual_at_target,
    case j.metric when 'centres' then ops.centres_now
                  else ops.comms_now / nullif(comms.communities, 0) end as actual_now,
    comms.communities,
from judged j
join ops using (programme_id, target_date, metric)
join comms using (programme_id, target_date, metric)
order by j.programme_id, j.target_date, j.metric
