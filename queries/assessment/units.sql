-- The units a scorecard assesses at one level (the macro assessment_units).
-- params: $unit_level ('street' | 'community' | 'centre'), $region, $centre_id, $centre_type, $pilot_batch
-- columns: unit_id, unit_name, parent_name, residents
select unit_id, unit_name, parent_name, residents,
from assessment_units($unit_level, $region, $centre_id, $centre_type, $pilot_batch)
order by unit_id
