-- The tickets' rows copied into memory, for the bench to time their writing on its own
-- (grassroots/bench_import.py, the import section's write_rows).
-- params: none
-- writes: temp.bench_rows (the tickets table's columns)
create or replace temp table bench_rows as
select * from tickets
