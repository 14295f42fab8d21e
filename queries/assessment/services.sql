-- Service counts per unit from the services rollups (the macro services_in, the overview's source), in the
-- window and scope. Each equals the sum of a flag of assessment/services_records (rollups equal their records).
-- params: $date_from, $date_to (DATE, exclusive), $as_of (TIMESTAMP), $region, $centre_id, $centre_type,
--         $pilot_batch, $unit_level
-- columns: unit_id, services, online, rated, satisfied, tongban
select
    assessment_unit($unit_level, c.community_code, c.centre_id) as unit_id,
    sum(r.n) as services,
    coalesce(sum(r.n) filter (where r.channel in ('网上办', '掌上办')), 0) as online,
    sum(r.n_rated) as rated,
    sum(r.n_satisfied) as satisfied,
    sum(r.n_tongban) as tongban,
from services_in($date_from, $date_to, $as_of) r
join scoped_centres($region, $centre_id, $centre_type, $pilot_batch) c using (centre_id)
group by 1
order by 1
