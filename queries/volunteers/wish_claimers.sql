-- Who claimed the wishes raised in a window and scope: each claimer (claimed_by) with its type.
-- claimed_by may name a person: pages mask names of people (party members, volunteers, others).
-- params: $date_from, $date_to (DATE, exclusive), $region, $centre_id, $centre_type, $pilot_batch
-- columns: claimer_type, claimed_by, claimed, fulfilled, communities
select coalesce(nullif(trim(claimer_type), ''), '其他') as claimer_type,
       trim(claimed_by) as claimed_by,
       count(*) as claimed,
       count(*) filter (where fulfilled) as fulfilled,
       count(distinct community_code) as communities,
from assessment_wishes($date_from, $date_to, $region, $centre_id, $centre_type, $pilot_batch, 'community')
where claimed and nullif(trim(claimed_by), '') is not null
group by all
order by claimed desc, fulfilled desc, claimed_by
