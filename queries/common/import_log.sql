-- The most recent imports.
-- params: $limit
-- columns: imported_at, file_name, sheet, table_name, profile, rows_read, rows_loaded, rows_rejected, rows_new,
--          rows_updated, rows_unchanged, rows_warned (null for loads logged before migration 012), file_hash
select imported_at, file_name, sheet, table_name, profile, rows_read, rows_loaded, rows_rejected, rows_new,
       rows_updated, rows_unchanged, rows_warned, file_hash,
from import_log
order by imported_at desc, import_id desc
limit $limit
