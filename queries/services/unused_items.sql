-- Items on an operating centre's published list (centre_items) that no one used there in the window.
-- params: $date_from, $date_to (DATE, exclusive), $as_of (TIMESTAMP), $region, $centre_id,
--         $centre_type, $pilot_batch
-- columns: centre_id, centre, street, item_code, item_name, category, list_kind
with c as (
    select * from placed_centres($region, $centre_id, $centre_type, $pilot_batch)
    where operating_on(status, opened_on, $date_to::date - 1)
),
used as (
    select distinct r.centre_id, r.item_code
    from service_items_in($date_from, $date_to, $as_of) r
    join c using (centre_id)
    where r.n > 0
)
select
    c.centre_id, c.name as centre, c.street, ci.item_code,
    coalesce(si.item_name, ci.item_code) as item_name,
    coalesce(si.category, '其他') as category,
    si.list_kind,
from centre_items ci
join c using (centre_id)
left join used using (centre_id, item_code)
left join service_items si on si.item_code = ci.item_code
where used.item_code is null
order by c.community_code, c.centre_id, si.list_kind, ci.item_code
