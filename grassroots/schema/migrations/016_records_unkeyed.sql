-- 016: tickets and service_records (001) without their primary keys; the id columns stay not null.
-- Their rows come only from the import, which already keeps an id unique: a file naming an id twice has
-- the later rows refused (duplicate_id, grassroots/ingest/statements.py), and an id already in the table
-- updates that row (update_changed / insert_missing); a lake import deletes the ids it brings before
-- inserting them (grassroots/lake.py). They are the two tables at a city's scale (1M tickets, 2M service
-- records at the medium demo, ten times that at large), and the key's index cost every import more than the
-- check it made: importing 1M rows into an empty table spent 0.4 CPU-s of loading and 0.35 of the commit on
-- it, for either table (tickets 0.45 -> 0.05 at the commit; service records load 1.05 -> 0.70 and commit
-- 0.75 -> 0.42). The other record tables are small (tens of thousands of rows) and keep theirs.
-- Rows are kept in their order (by reported or accepted time, as loaded), which the time-window scans use.

create table tickets_016 (
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

insert into tickets_016 select * from tickets;

drop table tickets;

alter table tickets_016 rename to tickets;

create table service_records_016 (
    service_id varchar not null,
    centre_id varchar not null,
    item_code varchar,
    item_name varchar,
    channel varchar not null,          -- 窗口 / 网上办 / 掌上办 / 自助终端 / 帮代办 / 上门服务
    accepted_at timestamp not null,
    finished_at timestamp,
    applicant_community_code varchar,
    rating integer check (rating between 1 and 5),  -- 5 非常满意, 4 满意, 3 基本满意, 1 不满意
    outcome varchar                    -- 办结 / 退回 / 转办
);

insert into service_records_016 select * from service_records;

drop table service_records;

alter table service_records_016 rename to service_records;
