-- 009: month-grain service rollups for the item and hour-of-week views. Any date window is read from
-- them exactly (grassroots/schema/macros/05_services.sql): whole months from the rollup, the days at
-- the window's edges from the records. A day grain would hold about as many rows as the records (a
-- centre serves a few people a day across dozens of items); a month grain holds several records a row.
-- grassroots/rollups.py (MONTHLY) keeps both equal to their records on every import.

-- Services per month, centre and item: volume, channel mix, completion and evaluation-device ratings.
create table if not exists rollup_service_items_monthly (
    month date not null,
    centre_id varchar not null,
    item_code varchar not null,        -- '' when the record names no item
    item_name varchar,                 -- as the records name it (pages prefer the catalogue's name)
    n bigint not null,
    n_online bigint not null,          -- 网上办 + 掌上办
    n_proxy bigint not null,           -- 帮代办
    n_home bigint not null,            -- 上门服务
    n_finished bigint not null,
    n_rated bigint not null,
    rating_sum bigint not null,
    n_satisfied bigint not null,       -- rating >= 3 (基本满意 or better), as rollup_services_daily
    n_r5 bigint not null,              -- 非常满意
    n_r4 bigint not null,              -- 满意
    n_r3 bigint not null,              -- 基本满意
    n_r2 bigint not null,
    n_r1 bigint not null,              -- 不满意
    primary key (month, centre_id, item_code)
);

-- Services per month, centre and hour of the week, by channel group.
create table if not exists rollup_service_hours_monthly (
    month date not null,
    centre_id varchar not null,
    dow integer not null,              -- ISO day of week: 1 Monday .. 7 Sunday
    hour integer not null,             -- 0..23, of accepted_at
    n bigint not null,                 -- every channel
    n_window bigint not null,          -- 窗口
    n_online bigint not null,          -- 网上办 + 掌上办
    n_kiosk bigint not null,           -- 自助终端
    n_proxy bigint not null,           -- 帮代办
    n_home bigint not null,            -- 上门服务
    primary key (month, centre_id, dow, hour)
);
