-- The files an import committed since a moment, one row per file (its sheets together), for the audit
-- log's check that every import has its audit row.
-- params: $since (timestamp, local time: imports from then on)
-- columns: file_hash, file_name, sheets (count), imported_at (the first sheet's)
select file_hash, min(file_name) as file_name, count(*) as sheets, min(imported_at) as imported_at
from import_log
where imported_at >= $since
group by file_hash
order by imported_at, file_hash
