-- Where the assessed data came from (the export's data-sources sheet), within the export's scope:
-- the import log is the whole district's, so only a scope over every region ($region '' or null and no
-- $centre_id) lists every import, newest first; a narrower scope gets one row per table with its
-- latest import time and nothing about the files or their row counts.
-- params: $limit, $region, $centre_id
-- columns: table_name, file_name, sheet, profile, imported_at, rows_read, rows_loaded, rows_rejected
with whole as (
    select coalesce($region, '') = '' and $centre_id is null as yes
)
select table_name, file_name, sheet, profile, imported_at, rows_read, rows_loaded, rows_rejected
from (
    select table_name, file_name, sheet, profile, imported_at, rows_read, rows_loaded, rows_rejected, import_id
    from import_log
    where (select yes from whole)
    union all
    select table_name, null, null, null, max(imported_at), null, null, null, max(import_id)
    from import_log
    where not (select yes from whole)
    group by table_name
)
order by imported_at desc, import_id desc
limit $limit
