-- The data's "now" and freshness, and how far back it reaches.
-- params: none
-- columns: newest_record (timestamp: the newest time any record carries), oldest_record (timestamp:
--          the oldest day any record starts on), last_import (timestamp or null), last_import_file
--          (varchar or null)
with newest as (
    select max(ts) as newest_record
    from (
        select max(reported_at) as ts from tickets
        union all select max(closed_at) from tickets
        union all select max(accepted_at) from service_records
        union all select max(date)::timestamp from activities
        union all select max(date)::timestamp from volunteering
    )
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
select newest.newest_record, oldest.oldest_record, last_import.last_import, last_import.last_import_file,
from newest
cross join oldest
left join last_import on true
