-- 015: rollup_tickets_subcat_monthly (013) without its primary key. Its rows come only from the group-by
-- of its refresh (queries/rollups/tickets_subcat_monthly_refresh.sql), one per key by construction, and it
-- is read by whole months; keeping the key's index cost every import more than writing the rows themselves.
-- Rows are kept, in month order.

create table rollup_tickets_subcat_monthly_015 (
    month date not null,
    community_code varchar not null,   -- '' when the ticket names no community
    category varchar not null,         -- '' when none
    subcategory varchar not null,      -- '' when none
    n bigint not null
);

insert into rollup_tickets_subcat_monthly_015
select month, community_code, category, subcategory, n
from rollup_tickets_subcat_monthly
order by month, community_code, category, subcategory;

drop table rollup_tickets_subcat_monthly;

alter table rollup_tickets_subcat_monthly_015 rename to rollup_tickets_subcat_monthly;
