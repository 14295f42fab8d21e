-- 019: service records stored clustered by month accepted, centre and time, as 018 does for tickets: the drill-downs
-- read one unit's records (its centres: a centre's id begins with its community's code, so a street's centres sort
-- together), and a time window still reads only its months. Every import, lake import and the demo insert new rows
-- in this order (grassroots/ingest/model.py SERVICES_CLUSTER). Measured at the large demo (20M service records), one
-- street's services of a year (assessment/services_records): 174 ms -> 80 ms.
-- The table is the same (016's columns and checks); its rows are copied in that order.

create table service_records_019 (
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

insert into service_records_019
select * from service_records
order by date_trunc('month', accepted_at), centre_id, accepted_at;

drop table service_records;

alter table service_records_019 rename to service_records;
