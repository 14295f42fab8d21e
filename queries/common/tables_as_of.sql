-- How far each table of records reaches: a table whose export arrives later than the others ends before the
-- data's "now" (common/data_as_of), and its page's latest days would read 0 (grassroots/views/freshness.py).
-- params: none
-- columns: table_name (varchar: tickets, service_records, activities, volunteering), newest_record (timestamp or
--          null: the newest time a record of the table carries, as common/data_as_of counts it)
select 'tickets' as table_name, greatest(max(reported_at), max(closed_at)) as newest_record from tickets
union all select 'service_records', max(accepted_at) from service_records
union all select 'activities', max(date)::timestamp from activities
union all select 'volunteering', max(date)::timestamp from volunteering
