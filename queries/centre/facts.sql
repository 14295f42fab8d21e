-- One centre's facts for its profile: place, type, size, office share, staff, hours, programme and
-- pilot batch, the population of the area it serves and the size of its published item list.
-- The area served is its street for a street-level centre (a 党群服务中心 registered to a street code,
-- or named after its street, e.g. 关上街道党群服务中心), otherwise its community (the macro served_code).
-- params: $profile_centre (centre_id)
-- columns: centre_id, name, type, status, community_code, community, street_code, street, district,
--          floor_area_m2, office_area_m2, office_share, staff, opening_hours, extended_hours,
--          programme, pilot_batch, opened_on, served_code, served_name, residents, floating, households
--          (of the area served), listed_items, lon, lat
select
    c.centre_id, c.name, c.type, c.status, c.community_code,
    cm.name as community,
    left(c.community_code, 9) as street_code,
    st.name as street,
    ds.name as district,
    c.floor_area_m2, c.office_area_m2,
    c.office_area_m2 / nullif(c.floor_area_m2, 0) as office_share,
    c.staff, c.opening_hours, c.extended_hours,
    p.name as programme, c.pilot_batch, c.opened_on,
    sv.served_code, coalesce(sr.name, sv.served_code) as served_name,
    (select sum(r.residents) from regions r where r.level = 'community' and starts_with(r.code, sv.served_code)) as residents,
    (select sum(r.floating) from regions r where r.level = 'community' and starts_with(r.code, sv.served_code)) as floating,
    (select sum(r.households) from regions r where r.level = 'community' and starts_with(r.code, sv.served_code)) as households,
    (select count(*) from centre_items ci where ci.centre_id = c.centre_id) as listed_items,
    c.lon, c.lat,
from centres c
left join regions cm on cm.code = c.community_code
left join regions st on st.code = left(c.community_code, 9)
left join regions ds on ds.code = left(c.community_code, 6)
left join programmes p on p.programme_id = c.programme_id
cross join lateral (
    select served_code(c.community_code, c.type, c.name, st.name) as served_code
) sv
left join regions sr on sr.code = sv.served_code
where c.centre_id = $profile_centre
