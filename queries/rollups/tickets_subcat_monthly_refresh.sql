-- Re-aggregate rollup_tickets_subcat_monthly for the months in $months (a LIST of DATE, each the first
-- day of a month; NULL: every month): received tickets (not cancelled, not duplicate) by reported month.
-- params: $months, $month_min, $month_max (the first and last of $months, or NULL)
-- writes: rollup_tickets_subcat_monthly (month, community_code, category, subcategory, n)
insert into rollup_tickets_subcat_monthly by name
select date_trunc('month', t.reported_at)::date as month,
       coalesce(t.community_code, '') as community_code,
       coalesce(t.category, '') as category,
       coalesce(t.subcategory, '') as subcategory,
       count(*) as n,
from tickets t
where t.status not in ('cancelled', 'duplicate')
  and ($month_min is null or t.reported_at >= $month_min::date::timestamp)
  and ($month_max is null or t.reported_at < ($month_max::date + interval 1 month)::timestamp)
  and ($months is null or list_contains($months::date[], date_trunc('month', t.reported_at)::date))
group by all
order by month, community_code, category, subcategory
