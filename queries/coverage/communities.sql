-- The communities of the chosen region, with their people and where they are (coverage is counted
-- over these; centres anywhere may serve them).
-- params: $region
-- columns: code, name, street_code, street, district_code, residents, floating, households, lon, lat,
--          has_boundary (a community polygon was imported)
select
    c.code,
    c.name,
    left(c.code, 9) as street_code,
    coalesce(s.name, left(c.code, 9)) as street,
    left(c.code, 6) as district_code,
    c.residents,
    c.floating,
    c.households,
    c.lon,
    c.lat,
    b.code is not null as has_boundary,
from regions c
left join regions s on s.code = left(c.code, 9)
left join region_boundaries b on b.code = c.code
where c.level = 'community'
  and starts_with(c.code, $region)
order by c.code
