-- Processing time per item (办理时长 = finished_at - accepted_at, hours) of the services accepted in a
-- window and scope and finished since: median and P90 (interpolated, as the tickets' median).
-- Read from the records: a quantile cannot be summed from a rollup.
-- params: $date_from, $date_to (DATE, exclusive), $region, $centre_id, $centre_type, $pilot_batch
-- columns: item_code, item_name, category, finished, median_hours, p90_hours
with d as (
    select coalesce(s.item_code, '') as item_code, s.item_name,
           date_diff('second', s.accepted_at, s.finished_at) / 3600.0 as hours,
    from service_records s
    join scoped_centres($region, $centre_id, $centre_type, $pilot_batch) c using (centre_id)
    where s.accepted_at >= $date_from and s.accepted_at < $date_to
      and s.finished_at is not null and s.finished_at >= s.accepted_at
),
g as (
    select item_code, max(item_name) as item_name, count(*) as finished,
           quantile_cont(hours, [0.5, 0.9]) as q,
    from d
    group by 1
)
select
    g.item_code,
    coalesce(si.item_name, g.item_name, g.item_code) as item_name,
    coalesce(si.category, '其他') as category,
    g.finished,
    g.q[1] as median_hours,
    g.q[2] as p90_hours,
from g
left join service_items si using (item_code)
order by g.finished desc, g.item_code
