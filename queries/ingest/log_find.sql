-- The earliest load of this very file (same SHA-256) into this table from this sheet, if any.
-- params: $file_hash, $sheet (null for a CSV or Parquet file), $table_name
-- columns: imported_at, file_name, rows_loaded
select imported_at, file_name, rows_loaded
from import_log
where file_hash = $file_hash and sheet is not distinct from $sheet and table_name = $table_name
order by imported_at, import_id
limit 1
