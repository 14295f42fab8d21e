-- Volunteering records as a lake partitions them: every column, plus the district of the centre the
-- hours were served at and their month.
-- params: none
-- columns: every volunteering column, district, month
select v.*, coalesce(left(c.community_code, 6), 'none') as district, strftime(v.date, '%Y-%m') as month
from volunteering v
left join centres c using (centre_id)
