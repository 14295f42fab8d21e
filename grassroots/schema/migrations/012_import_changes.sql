-- 012: what each import changed. rows_loaded (the valid rows of a file) splits into rows_new (ids not
-- in the table before), rows_updated (ids there with other values in the file's columns) and
-- rows_unchanged (ids there with the same values); rows_warned counts rows loaded with a warning
-- (a closed ticket without a closing time). Loads logged before this migration keep nulls.
alter table import_log add column if not exists rows_new bigint;
alter table import_log add column if not exists rows_updated bigint;
alter table import_log add column if not exists rows_unchanged bigint;
alter table import_log add column if not exists rows_warned bigint;
