-- Record the day of a scheduled purge (in the purge's own transaction).
-- params: $day (DATE)
-- writes: meta (key privacy_purged_on)
insert or replace into meta (key, value) values ('privacy_purged_on', cast($day as varchar))
