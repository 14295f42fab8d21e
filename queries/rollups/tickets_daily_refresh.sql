-- Re-aggregate rollup_tickets_daily for the days in $days (a LIST of DATE; NULL: every day).
-- params: $days, $day_min, $day_max
-- writes: rollup_tickets_daily (day, community_code, category, received, closed, cancelled, escalated)
insert into rollup_tickets_daily
with in_scope as (
    select * from tickets
    where $days is null
       or (reported_at >= $day_min::date and reported_at < $day_max::date + interval 1 day
           and list_contains($days::date[], reported_at::date))
       or (closed_at >= $day_min::date and closed_at < $day_max::date + interval 1 day
           and list_contains($days::date[], closed_at::date))
),
events as (
    select reported_at::date as day, coalesce(community_code, '') as community_code,
           coalesce(category, '') as category,
           (status not in ('cancelled', 'duplicate'))::int as received, 0 as closed,
           (status in ('cancelled', 'duplicate'))::int as cancelled,
           (escalated and status not in ('cancelled', 'duplicate'))::int as escalated
    from in_scope
    union all
    select closed_at::date, coalesce(community_code, ''), coalesce(category, ''), 0, 1, 0, 0
    from in_scope
    where status = 'closed' and closed_at is not null
)
select day, community_code, category,
       sum(received) as received, sum(closed) as closed,
       sum(cancelled) as cancelled, sum(escalated) as escalated,
from events
where $days is null or list_contains($days::date[], day)
group by all
