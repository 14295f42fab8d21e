-- Service records as a lake partitions them: every column, plus the district of the centre that
-- handled the record and the month it was accepted in.
-- params: none
-- columns: every service_records column, district, month
select s.*, coalesce(left(c.community_code, 6), 'none') as district, strftime(s.accepted_at, '%Y-%m') as month
from service_records s
left join centres c using (centre_id)
