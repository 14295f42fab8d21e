-- Party members' reports to their community as a lake partitions them: every column, plus the
-- district and the month of the report ('none' when the export gave no date).
-- params: none
-- columns: every party_member_reports column, district, month
select p.*, left(p.community_code, 6) as district, coalesce(strftime(p.reported_on, '%Y-%m'), 'none') as month
from party_member_reports p
