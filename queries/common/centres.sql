-- Every centre, for the filter bar and centre pickers.
-- params: none
-- columns: centre_id, name, type, community_code, pilot_batch, status
select centre_id, name, type, community_code, pilot_batch, status,
from centres
order by community_code, centre_id
