-- The rows of bench/rows_in_memory written into bench/rows_empty_table's table: the writing of an import's rows,
-- timed on its own by the bench (grassroots/bench_import.py, the import section's write_rows).
-- params: none
-- writes: bench_tickets
insert into bench_tickets
select * from temp.bench_rows
