-- Service counts per unit from the daily rollup (the overview's source), in the window and scope.
-- Each equals the sum of a flag of assessment/services_records (rollups equal their records).
-- params: $date_from, $date_to (DATE, exclusive), $region, $centre_id, $centre_type, $pilot_batch,
--         $unit_level
-- columns: unit_id, services, online, rated, satisfied, tongban
select
    assessment_unit($unit_level, c.community_code, c.centre_id) as unit_id,
    sum(r.n) as services,
    coalesce(sum(r.n) filter (where r.channel in ('网上办', '掌上办')), 0) as online,
    sum(r.n_rated) as rated,
    sum(r.n_satisfied) as satisfied,
    sum(r.n_tongban) as tongban,
from rollup_services_daily r
join scoped_centres($region, $centre_id, $centre_type, $pilot_batch) c using (centre_id)
where r.day >= $date_from and r.day < $date_to
group by 1
order by 1
