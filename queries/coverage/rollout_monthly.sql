-- The rollout by street: centres operating at the end of each month (see operating_on in migration
-- 005), from the month of the first opening in scope to $as_of.
-- params: $region, $centre_id, $centre_type, $pilot_batch, $as_of
-- columns: month (DATE, the month's first day), street_code, street, communities (in the street),
--          operating (centres operating at the month's end, or on $as_of in its month),
--          opened (centres that opened in the month), communities_with_centre (at the month's end)
with c as (
    select * from scoped_centres($region, $centre_id, $centre_type, $pilot_batch)
),
first_open as (
    select min(opened_on) as d from c where operating_on(status, opened_on, $as_of::date)
),
months as (
    select unnest(generate_series(date_trunc('month', d), date_trunc('month', $as_of::date), interval 1 month))::date as month,
    from first_open
    where d is not null
),
ends as (
    select month, least((month + interval 1 month - interval 1 day)::date, $as_of::date) as day from months
),
streets as (
    select s.code as street_code, s.name as street, count(m.code) as communities,
    from regions s
    left join regions m on m.level = 'community' and m.parent_code = s.code
    where s.level = 'street'
      and s.code in (select distinct left(community_code, 9) from c)
    group by all
)
select
    e.month,
    s.street_code,
    s.street,
    s.communities,
    count(c.centre_id) filter (where operating_on(c.status, c.opened_on, e.day)) as operating,
    count(c.centre_id) filter (where operating_on(c.status, c.opened_on, e.day) and c.opened_on >= e.month) as opened,
    count(distinct c.community_code) filter (where operating_on(c.status, c.opened_on, e.day)) as communities_with_centre,
from ends e
cross join streets s
left join c on left(c.community_code, 9) = s.street_code
group by all
order by e.month, s.street_code
