-- Every region, districts first, for the sample export 社区与网格.
-- params: none
-- columns: code, name, parent_code, level, residents, floating, households, lon, lat
select code, name, parent_code, level, residents, floating, households, lon, lat,
from regions
order by case level when 'district' then 1 when 'street' then 2 when 'community' then 3 else 4 end, code
