-- 017: hours to close by month x street, without the category (rollup_tickets_hist of 014 holds it by category
-- and for every stage). The overview's KPIs and trend and the assessment's ticket counts take the median hours
-- to close of a street or wider, never by category: merging a year of rollup_tickets_hist's category rows of a
-- street cost them most of their time at city scale (1.5M bucket counts grouped to 74k at large for one year,
-- against 0.54M here). Its builder (ticket_close_hist_agg, grassroots/schema/macros/09_ticket_histograms.sql)
-- counts the same buckets (hist_bucket) of the same received, closed tickets; grassroots/rollups.py (MONTHLY)
-- keeps it equal to the tickets on every import, for the months touched, and builds it for an existing
-- database when this migration runs.

create table if not exists rollup_ticket_close_hist (
    month date not null,
    street_code varchar not null,      -- the community code's first 9 digits; '' when none
    bucket smallint not null,          -- hist_bucket of the hours to close
    n integer not null                 -- closed tickets in the bucket
);
