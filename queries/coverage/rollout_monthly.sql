-- The rollout by street: centres operating at the end of each month (the macro
-- operating_on), from the month of the first opening in scope to $as_of, for every street of the region
-- (a street without a centre shows zeros). A centre counts from its opening month on, a community
-- from its first centre's.
-- params: $region, $centre_id, $centre_type, $pilot_batch, $as_of
-- columns: month (DATE, the month's first day), street_code, street, communities (in the street),
--          operating (centres operating at the month's end, or on $as_of in its month),
--          opened (centres that opened in the month), communities_with_centre (at the month's end)
with c as (
    select centre_id, community_code, left(community_code, 9) as street_code,
           date_trunc('month', opened_on)::date as month,
    from scoped_centres($region, $centre_id, $centre_type, $pilot_batch)
    where operating_on(status, opened_on, $as_of::date)
),
months as (
    select unnest(generate_series(min(month), date_trunc('month', $as_of::date)::date, interval 1 month))::date as month,
    from c
    having count(*) > 0
),
streets as (
    select s.code as street_code, s.name as street, count(m.code) as communities,
    from regions s
    left join regions m on m.level = 'community' and m.parent_code = s.code
    where s.level = 'street' and (starts_with(s.code, $region) or starts_with($region, s.code))
    group by all
),
opened as (
    select street_code, month, count(*) as opened, from c group by all
),
first_centre as (
    select street_code, min(month) as month, from c group by street_code, community_code
),
reached as (
    select street_code, month, count(*) as reached, from first_centre group by all
)
select
    m.month,
    s.street_code,
    s.street,
    s.communities,
    (sum(coalesce(o.opened, 0)) over w)::bigint as operating,
    coalesce(o.opened, 0) as opened,
    (sum(coalesce(r.reached, 0)) over w)::bigint as communities_with_centre,
from months m
cross join streets s
left join opened o on o.street_code = s.street_code and o.month = m.month
left join reached r on r.street_code = s.street_code and r.month = m.month
window w as (partition by s.street_code order by m.month)
order by m.month, s.street_code
