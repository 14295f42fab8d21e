-- 019: service records stored clustered by month accepted, centre and time, as 018 does for tickets: the drill-downs
-- read one unit's records (its centres: a centre's id begins with its community's code, so a street's centres sort
-- together), and a time window still reads only its months. Every import, lake import and the demo insert new rows
-- in this order (grassroots/ingest/model.py SERVICES_CLUSTER). Measured at the large demo (20M service records), one
-- street's services of a year (assessment/services_records): 174 ms -> 80 ms.
-- The table keeps its definition (columns, defaults, checks): its rows are copied out in that order, deleted and
-- inserted back, in the migration's one transaction.

create temp table service_records_019 as
select * from service_records
order by date_trunc('month', accepted_at), centre_id, accepted_at;

delete from service_records;

insert into service_records select * from temp.service_records_019;

drop table temp.service_records_019;
