-- Where the assessed data came from: every import, newest first (the export's data-sources sheet).
-- params: $limit
-- columns: table_name, file_name, sheet, profile, imported_at, rows_read, rows_loaded, rows_rejected
select table_name, file_name, sheet, profile, imported_at, rows_read, rows_loaded, rows_rejected,
from import_log
order by imported_at desc, import_id desc
limit $limit
