-- Every region, for the filter bar's drill-down.
-- params: none
-- columns: code, name, parent_code, level
select code, name, parent_code, level,
from regions
where level in ('district', 'street', 'community')
order by code
