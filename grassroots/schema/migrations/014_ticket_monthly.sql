-- 014: tickets rolled up by month (in place of the daily rollup of 002, which held about one row a
-- ticket): counts by month x community x category x source, and histograms of hours to close and of
-- each stage by month x street x category (macros: grassroots/schema/macros/09_ticket_histograms.sql).
-- Pages read whole months here and the records only for the ragged edge days of a custom window.
-- grassroots/rollups.py (MONTHLY) keeps both equal to their records on every import, for the months it
-- touched. Counts by reported month (the cohort) except closed_flow (tickets closed in the month).
-- Nothing here depends on "now": what does (open and overdue, a response still awaited) is counted
-- from the open records at read time.

drop table if exists rollup_tickets_daily;

create table if not exists rollup_tickets_monthly (
    month date not null,
    community_code varchar not null,   -- '' when the record names none
    category varchar not null,         -- '' when none
    source varchar not null,           -- '' when none
    n integer not null,                -- received: not cancelled, not duplicate
    void_n integer not null,           -- cancelled or duplicate
    cancelled_n integer not null,
    duplicate_n integer not null,
    closed_n integer not null,         -- closed, with a closing time
    open_n integer not null,
    escalated_n integer not null,      -- received and escalated (吹哨)
    on_time_n integer not null,        -- closed by the deadline
    late_n integer not null,
    on_time_own_n integer not null,    -- the same, judged only by tickets' own deadlines
    late_own_n integer not null,
    sla_closed_n integer not null,     -- closed on time or late, judged by an SLA deadline
    due_ticket integer not null,
    due_sla integer not null,
    due_none integer not null,
    satisfied_n integer not null,
    rated_n integer not null,
    acted_n integer not null,          -- received and acted on (a first action time)
    answered_n integer not null,       -- received and accepted or closed (受理, as the assessment counts it)
    reworked_n integer not null,       -- received and sent back at least once
    accepted_n integer not null,       -- any status, with an acceptance time (the source records it)
    resolved_n integer not null,
    rework_n integer not null,
    reopen_n integer not null,
    staged_n integer not null,
    staged_closed_n integer not null,
    response_1h_n integer not null,    -- received and first acted on within 1, 2, 4, 8, 24 hours
    response_2h_n integer not null,
    response_4h_n integer not null,
    response_8h_n integer not null,
    response_24h_n integer not null,
    stage1_n integer not null,         -- per stage (1 accept .. 5 close): both ends recorded and in order
    stage1_out_of_order integer not null,
    stage1_missing integer not null,   -- closed without one of the stage's two ends
    stage2_n integer not null,
    stage2_out_of_order integer not null,
    stage2_missing integer not null,
    stage3_n integer not null,
    stage3_out_of_order integer not null,
    stage3_missing integer not null,
    stage4_n integer not null,
    stage4_out_of_order integer not null,
    stage4_missing integer not null,
    stage5_n integer not null,
    stage5_out_of_order integer not null,
    stage5_missing integer not null,
    closed_flow integer not null -- closed in this month (by closing time)
);

create table if not exists rollup_tickets_hist (
    month date not null,
    street_code varchar not null,      -- the community code's first 9 digits; '' when none
    category varchar not null,
    measure utinyint not null,         -- 0 hours to close (closed), 1..5 each stage (received, in order)
    n integer not null,                -- the values counted
    buckets struct(b smallint, n integer)[] not null -- occupied buckets (hist_bucket), ascending
);
