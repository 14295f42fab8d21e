-- 018: tickets stored clustered by month, community and time, so that the drill-downs, which read the records
-- of one unit, skip most of a window's rows. Until now the rows lay as loaded, by reported time: a street's
-- tickets of a year were spread over every row of the year. Sorted by the month reported, then the community
-- code, then the time reported, a month's rows for one street sit together; a time window still reads only
-- its months. Every import inserts its new rows in the same order (grassroots/ingest/model.py TICKETS_CLUSTER),
-- and so does the demo. Measured at the large demo (10M tickets), one street's tickets of a year:
-- 84 ms -> 29 ms.
-- The table keeps its definition (columns, defaults, checks): its rows are copied out in that order, deleted and
-- inserted back, in the migration's one transaction.

create temp table tickets_018 as
select * from tickets
order by date_trunc('month', reported_at), community_code, reported_at;

delete from tickets;

insert into tickets select * from temp.tickets_018;

drop table temp.tickets_018;
