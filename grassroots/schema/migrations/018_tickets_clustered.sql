-- 018: tickets stored clustered by month, community and time, so that the drill-downs, which read the records
-- of one unit, skip most of a window's rows. Until now the rows lay as loaded, by reported time: a street's
-- tickets of a year were spread over every row of the year. Sorted by the month reported, then the community
-- code, then the time reported, a month's rows for one street sit together; a time window still reads only
-- its months. Every import inserts its new rows in the same order (grassroots/ingest/model.py CLUSTER), and so
-- does the demo. Measured at the large demo (10M tickets), one street's tickets of a year:
-- 84 ms -> 29 ms.
-- The table is the same (016's columns and checks); its rows are copied in that order.

create table tickets_018 (
    ticket_id varchar not null,
    source varchar,
    category varchar,
    subcategory varchar,
    grid_code varchar,
    community_code varchar,
    reported_at timestamp not null,
    accepted_at timestamp,
    dispatched_at timestamp,
    handled_at timestamp,
    verified_at timestamp,
    closed_at timestamp,
    due_at timestamp,
    due_source varchar,                -- 'ticket' (the export gave it) or 'sla' (derived from config/sla.toml)
    department varchar,
    escalated boolean not null default false,
    rework_count integer not null default 0 check (rework_count >= 0),
    reopen_count integer not null default 0 check (reopen_count >= 0),
    satisfaction varchar,              -- 满意 / 基本满意 / 不满意
    description varchar,
    reporter_name varchar,
    reporter_phone varchar,
    reporter_id_number varchar,
    reporter_address varchar,
    -- normalised status: open / closed / cancelled / duplicate
    status varchar not null check (status in ('open', 'closed', 'cancelled', 'duplicate')),
    source_status varchar,             -- the status word as the source wrote it
    lon double,
    lat double
);

insert into tickets_018
select * from tickets
order by date_trunc('month', reported_at), community_code, reported_at;

drop table tickets;

alter table tickets_018 rename to tickets;
