-- Activities as a lake partitions them: every column, plus the district of the centre that held the
-- activity and its month.
-- params: none
-- columns: every activities column, district, month
select a.*, coalesce(left(c.community_code, 6), 'none') as district, strftime(a.date, '%Y-%m') as month
from activities a
left join centres c using (centre_id)
