-- The data's "now" and freshness, and how far back it reaches; and how far each table of records reaches (a table
-- whose export arrives later than the others ends before the data's now: grassroots/views/freshness.py).
-- params: none
-- columns: newest_record (timestamp: the newest time any record carries), oldest_record (timestamp:
--          the oldest day any record starts on), last_import (timestamp or null), last_import_file
--          (varchar or null), tickets_newest, service_records_newest, activities_newest, volunteering_newest
--          (timestamp or null: the newest time a record of that table carries)
with ends as (
    select
        (select greatest(max(reported_at), max(closed_at)) from tickets) as tickets_newest,
        (select max(accepted_at) from service_records) as service_records_newest,
        (select max(date)::timestamp from activities) as activities_newest,
        (select max(date)::timestamp from volunteering) as volunteering_newest
),
oldest as (
    select min(ts) as oldest_record
    from (
        select min(reported_at) as ts from tickets
        union all select min(accepted_at) from service_records
        union all select min(date)::timestamp from activities
        union all select min(date)::timestamp from volunteering
    )
),
last_import as (
    select imported_at as last_import, file_name as last_import_file
    from import_log
    order by imported_at desc, import_id desc
    limit 1
)
select
    greatest(ends.tickets_newest, ends.service_records_newest, ends.activities_newest, ends.volunteering_newest)
        as newest_record,
    oldest.oldest_record,
    last_import.last_import,
    last_import.last_import_file,
    ends.tickets_newest,
    ends.service_records_newest,
    ends.activities_newest,
    ends.volunteering_newest,
from ends
cross join oldest
left join last_import on true
