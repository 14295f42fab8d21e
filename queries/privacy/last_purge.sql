-- The day the scheduler last purged personal data past the retention period (grassroots/retention.py).
-- params: none
-- columns: purged_on (DATE; no row before the first scheduled purge)
select cast(value as date) as purged_on from meta where key = 'privacy_purged_on'
