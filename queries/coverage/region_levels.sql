-- The regions a boundary file names, for matching its features by code.
-- params: $codes (LIST of VARCHAR)
-- columns: code, level, name
select code, level, name,
from regions
where list_contains($codes, code)
order by code
