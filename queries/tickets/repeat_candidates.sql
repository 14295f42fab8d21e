-- Repeat candidates (重复诉求): received tickets in scope reported in [$date_from - $repeat_days days,
-- $date_to) that have another ticket about the same place and subcategory within $repeat_days days
-- before or after them. The place is the address where the ticket has one (spaces ignored), otherwise
-- its grid (whose tickets grassroots.metrics.repeats then also compares by text). place_key names
-- the place without showing it (a hash of the address, or the grid code).
-- Personal columns come unmasked: the page masks them for the viewer's role.
-- params: $date_from, $date_to, $region, $centre_id, $centre_type, $pilot_batch, $category, $repeat_days
-- columns: ticket_id, place_kind (address / grid), place_key, community_code, community, street,
--          grid_code, category, subcategory, department, reported_at, closed_at, status, description,
--          reporter_address
with t as (
    select t.ticket_id, t.community_code, t.grid_code, t.category, t.subcategory, t.department,
           t.reported_at, t.closed_at, t.status, t.description, t.reporter_address,
           nullif(regexp_replace(coalesce(t.reporter_address, ''), '\s+', '', 'g'), '') as addr
    from tickets t
    where t.reported_at >= ($date_from::date - to_days($repeat_days::integer))::timestamp
      and t.reported_at < $date_to::date::timestamp
      and t.status not in ('cancelled', 'duplicate')
      and t.subcategory is not null
      and ($category is null or t.category = $category)
      and community_in_scope(t.community_code, $region, $centre_id, $centre_type, $pilot_batch)
),
keyed as (
    select *,
           case when addr is not null then 'address' else 'grid' end as place_kind,
           case when addr is not null then 'a' || md5(addr) else 'g' || grid_code end as place_key
    from t
    where addr is not null or grid_code is not null
),
gaps as (
    select *,
           date_diff('second', lag(reported_at) over w, reported_at) as gap_before,
           date_diff('second', reported_at, lead(reported_at) over w) as gap_after
    from keyed
    window w as (partition by place_key, subcategory order by reported_at, ticket_id)
)
select g.ticket_id, g.place_kind, g.place_key, g.community_code, r.name as community, s.name as street,
       g.grid_code, g.category, g.subcategory, g.department, g.reported_at, g.closed_at, g.status,
       g.description, g.reporter_address
from gaps g
left join regions r on r.code = g.community_code
left join regions s on s.code = r.parent_code
where g.gap_before <= $repeat_days::integer * 86400 or g.gap_after <= $repeat_days::integer * 86400
order by g.place_key, g.subcategory, g.reported_at, g.ticket_id
