-- 011: month-grain rollups of services by channel (from rollup_services_daily) and of volunteering,
-- read by window like 009's (grassroots/schema/macros/05_services.sql, 06_volunteering.sql): whole
-- months from the monthly rollup, the edge days from the daily rollup (services) or the records
-- (volunteering). A year at city scale is ~20 rows a centre and channel here against ~365 in the daily
-- rollup; volunteering has no daily rollup (a day holds about one record a team), and its all-history
-- time-bank balances read months, not records.
-- grassroots/rollups.py (MONTHLY) keeps them equal to their sources on every import.

create table if not exists rollup_services_monthly (
    month date not null,
    centre_id varchar not null,
    channel varchar not null,
    n bigint not null,
    n_finished bigint not null,
    n_rated bigint not null,
    rating_sum bigint not null,
    n_satisfied bigint not null,
    n_tongban bigint not null,
    n_extended bigint not null,
    primary key (month, centre_id, channel)
);

create table if not exists rollup_volunteering_monthly (
    month date not null,
    centre_id varchar not null,
    team varchar not null,             -- '' when the record names no team
    sessions bigint not null,
    hours double not null,
    points_earned double not null,
    points_redeemed double not null,
    primary key (month, centre_id, team)
);
