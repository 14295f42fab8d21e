-- 013: tickets by month, community and subcategory, for hot spots (热点诉求) and proactive work
-- (未诉先办): a cell's month is judged against the same cell's earlier months, which this rollup
-- holds in a few rows a community instead of every ticket. Received tickets only (cancelled and
-- duplicates left out), counted in the month they were reported.
-- grassroots/rollups.py (MONTHLY) keeps it equal to the tickets on every import.

create table if not exists rollup_tickets_subcat_monthly (
    month date not null,
    community_code varchar not null,   -- '' when the ticket names no community
    category varchar not null,         -- '' when none
    subcategory varchar not null,      -- '' when none
    n bigint not null,
    primary key (month, community_code, category, subcategory)
);
