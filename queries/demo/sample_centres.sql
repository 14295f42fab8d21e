-- Every centre, for the sample export 服务中心台账.
-- params: none
-- columns: centre_id, name, type, community_code, lon, lat, crs, floor_area_m2, office_area_m2, staff,
--          pilot_batch, opened_on, status
select centre_id, name, type, community_code, lon, lat, crs, floor_area_m2, office_area_m2, staff,
       pilot_batch, opened_on, status,
from centres
order by centre_id
