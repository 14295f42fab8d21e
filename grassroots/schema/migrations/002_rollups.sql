-- 002: daily rollups, kept equal to the aggregate of their records by every import
-- (grassroots.rollups.refresh). Pages read these; drill-down reads the records.

create table if not exists rollup_services_daily (
    day date not null,
    centre_id varchar not null,
    channel varchar not null,
    n bigint not null,                 -- services accepted that day
    n_finished bigint not null,
    n_rated bigint not null,
    rating_sum bigint not null,
    n_satisfied bigint not null,       -- rating >= 3 (基本满意 or better)
    n_tongban bigint not null,         -- applicant's community differs from the centre's
    n_extended bigint not null,        -- accepted in extended hours (weekday 12-14, 19-21; weekend)
    primary key (day, centre_id, channel)
);

create table if not exists rollup_tickets_daily (
    day date not null,
    community_code varchar not null,
    category varchar not null,
    received bigint not null,          -- reported that day (cancelled and duplicates excluded)
    closed bigint not null,            -- closed that day
    cancelled bigint not null,         -- cancelled or duplicate, by reported day
    escalated bigint not null,
    primary key (day, community_code, category)
);
