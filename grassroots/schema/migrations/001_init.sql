-- 001: the data model.
-- All times are local (Asia/Shanghai) TIMESTAMP without zone; coordinates are GCJ-02 (see meta).

create table if not exists meta (
    key varchar primary key,
    value varchar
);
insert into meta values ('crs', 'GCJ02') on conflict do nothing;

-- district (6 digits) -> street/town (9) -> community/village (12) -> grid (community code + suffix)
create table if not exists regions (
    code varchar primary key,
    name varchar not null,
    parent_code varchar,
    level varchar not null check (level in ('district', 'street', 'community', 'grid')),
    residents integer check (residents >= 0),
    floating integer check (floating >= 0),
    households integer check (households >= 0),
    lon double,
    lat double
);

create table if not exists programmes (
    programme_id varchar primary key,
    name varchar not null,
    region_code varchar not null,      -- the programme covers this region (district or street)
    centre_type varchar,               -- the type of centre it builds (null: any)
    started_on date
);

-- a target: by target_date, reach target_value of metric
-- metric: 'centres' (operating pilot centres, a count) or 'community_share' (share of communities covered, 0..1)
create table if not exists programme_targets (
    programme_id varchar not null,
    target_date date not null,
    metric varchar not null check (metric in ('centres', 'community_share')),
    target_value double not null,
    label varchar,
    primary key (programme_id, target_date, metric)
);

create table if not exists centres (
    centre_id varchar primary key,
    name varchar not null,
    type varchar not null,             -- 党群服务中心 / 便民党群服务中心 / 邻里中心 / 村级政务服务站
    community_code varchar not null,
    lon double,
    lat double,
    crs varchar default 'GCJ02',       -- as stored: always GCJ02 after import
    floor_area_m2 double check (floor_area_m2 >= 0),
    office_area_m2 double check (office_area_m2 >= 0),
    staff integer check (staff >= 0),
    programme_id varchar,
    pilot_batch varchar,
    opened_on date,
    status varchar not null default '运行' check (status in ('规划', '在建', '运行')),
    opening_hours varchar,             -- e.g. 'Mon-Fri 09:00-17:00'
    extended_hours varchar             -- e.g. 'weekday 12:00-14:00,19:00-21:00; weekend 10:00-17:00'
);

-- the service-item catalogue, and which items each centre publishes on its lists
create table if not exists service_items (
    item_code varchar primary key,
    item_name varchar not null,
    category varchar,                  -- 1+6+X function
    list_kind varchar                  -- 政务服务 / 代办 / 高频
);

create table if not exists centre_items (
    centre_id varchar not null,
    item_code varchar not null,
    primary key (centre_id, item_code)
);

create table if not exists service_records (
    service_id varchar primary key,
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

create table if not exists activities (
    activity_id varchar primary key,
    centre_id varchar not null,
    date date not null,
    start_time time,
    end_time time,
    category varchar not null,         -- 幼有所育 / 老有所养 / 病有所医 / 食有所安 / 居有所乐 / 事有所办 / 其他
    title varchar,
    participants integer not null check (participants >= 0),
    volunteers integer check (volunteers >= 0),
    partner varchar
);

create table if not exists tickets (
    ticket_id varchar primary key,
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

create table if not exists wishes (
    wish_id varchar primary key,
    community_code varchar not null,
    raised_on date not null,
    category varchar,
    content varchar,
    claimed_on date,
    claimed_by varchar,
    claimer_type varchar,              -- 党员 / 共建单位 / 志愿者 / 其他
    fulfilled_on date,
    status varchar                     -- 待认领 / 已认领 / 已完成
);

create table if not exists volunteering (
    record_id varchar primary key,
    volunteer_id varchar not null,
    team varchar,
    centre_id varchar not null,
    date date not null,
    hours double not null check (hours >= 0),
    points_earned double not null default 0 check (points_earned >= 0),
    points_redeemed double not null default 0 check (points_redeemed >= 0)
);

create table if not exists party_member_reports (
    member_id varchar primary key,
    organisation varchar,
    community_code varchar not null,
    reported_on date,
    post varchar
);

create sequence if not exists import_log_seq;
create table if not exists import_log (
    import_id bigint primary key default nextval('import_log_seq'),
    file_name varchar not null,
    file_hash varchar not null,
    sheet varchar,
    profile varchar,
    table_name varchar,
    rows_read bigint not null,
    rows_loaded bigint not null,
    rows_rejected bigint not null,
    imported_at timestamp not null default current_localtimestamp()
);
