-- Processing time per item (办理时长 = finished_at - accepted_at, hours) of the services accepted in a
-- window and scope and finished since: median and P90 (interpolated, as the tickets' median).
-- Read from the records: a quantile cannot be summed from a rollup.
-- params: $date_from, $date_to (DATE, exclusive), $region, $centre_id, $centre_type, $pilot_batch
-- columns: item_code, item_name, category, finished, median_hours, p90_hours
with g as (
    select coalesce(s.item_code, '') as item_code, count(*) as finished,
           quantile_cont(date_diff('second', s.accepted_at, s.finished_at) / 3600.0, [0.5, 0.9]) as q,
    from service_records s
    where s.accepted_at >= $date_from and s.accepted_at < $date_to
      and s.finished_at >= s.accepted_at
      and s.centre_id in (select centre_id from scoped_centres($region, $centre_id, $centre_type, $pilot_batch))
    group by 1
)
select
    g.item_code,
    -- the catalogue's name, else the records' (kept by the items rollup), else the code
    coalesce(si.item_name,
             (select max(r.item_name) from rollup_service_items_monthly r where r.item_code = g.item_code),
             g.item_code) as item_name,
    coalesce(si.category, '其他') as category,
    g.finished,
    g.q[1] as median_hours,
    g.q[2] as p90_hours,
from g
left join service_items si using (item_code)
order by g.finished desc, g.item_code
