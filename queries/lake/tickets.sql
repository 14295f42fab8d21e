-- The tickets as a lake partitions them: every column, plus the district (the community code's first
-- six digits) and the month the ticket was reported in.
-- params: none
-- columns: every tickets column, district, month
select t.*, left(t.community_code, 6) as district, strftime(t.reported_at, '%Y-%m') as month
from tickets t
