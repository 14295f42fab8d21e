-- One row of import_log per loaded sheet of a file.
-- params: $file_name, $file_hash, $sheet, $profile, $table_name, $rows_read, $rows_loaded, $rows_rejected,
--         $rows_new, $rows_updated, $rows_unchanged (rows_loaded = new + updated + unchanged), $rows_warned
-- output: none (inserts into import_log)
insert into import_log (file_name, file_hash, sheet, profile, table_name, rows_read, rows_loaded, rows_rejected,
                        rows_new, rows_updated, rows_unchanged, rows_warned)
values ($file_name, $file_hash, $sheet, $profile, $table_name, $rows_read, $rows_loaded, $rows_rejected,
        $rows_new, $rows_updated, $rows_unchanged, $rows_warned)
