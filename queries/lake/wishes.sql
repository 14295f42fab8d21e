-- Micro-wishes as a lake partitions them: every column, plus the district (the community code's
-- first six digits) and the month the wish was raised in.
-- params: none
-- columns: every wishes column, district, month
select w.*, left(w.community_code, 6) as district, strftime(w.raised_on, '%Y-%m') as month
from wishes w
