-- An empty table of the tickets table's columns, on disk, for the bench to write the rows of bench/rows_in_memory
-- into (grassroots/bench_import.py, the import section's write_rows).
-- params: none
-- writes: bench_tickets
create or replace table bench_tickets as
select * from tickets
where false
