-- One centre's facts for its profile: place, type, size, office share, staff, hours, programme and
-- pilot batch, the population of its community and the size of its published item list.
-- params: $profile_centre (centre_id)
-- columns: centre_id, name, type, status, community_code, community, street_code, street, district,
--          floor_area_m2, office_area_m2, office_share, staff, opening_hours, extended_hours,
--          programme, pilot_batch, opened_on, residents, floating, households, listed_items, lon, lat
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
    cm.residents, cm.floating, cm.households,
    (select count(*) from centre_items ci where ci.centre_id = c.centre_id) as listed_items,
    c.lon, c.lat,
from centres c
left join regions cm on cm.code = c.community_code
left join regions st on st.code = left(c.community_code, 9)
left join regions ds on ds.code = left(c.community_code, 6)
left join programmes p on p.programme_id = c.programme_id
where c.centre_id = $profile_centre
