-- The monthly ticket rollups (tables: migration 014): their builders, their window readers and the
-- histograms' buckets and quantiles.
--
-- Histogram buckets of a duration of s seconds (h = s / 3600 hours; negative durations are out of order
-- and never bucketed):
--   0        0 <= h <= 0.25
--   1..100   half an hour wide, centred on the whole and half hours: bucket k holds k/2 - 0.25 < h <= k/2 + 0.25
--   101..    above 50.25 h, 1% wide: bucket 100 + j holds 50.25 * 1.01^(j - 1) < h <= 50.25 * 1.01^j
-- A value is estimated by its bucket's centre (hist_mid; 0 for bucket 0): within 0.25 h up to 50.25 h and
-- within 0.5% above - half the tolerance "1% or 0.5 h, whichever is larger", so that a quantile falling
-- between two values far apart (interpolated between their estimates) stays within it too. Whole and half
-- hours up to 50 come out exact.
create or replace macro hist_bucket(s) as
    case when s is null or s < 0 then null
         when s <= 900 then 0
         when s <= 180900 then ceil((s - 900) / 1800.0)::smallint
         else (100 + ceil(ln(s / 180900.0) / ln(1.01)))::smallint end;

create or replace macro hist_mid(b) as
    case when b <= 100 then b * 0.5
         else 25.125 * (pow(1.01, b - 101) + pow(1.01, b - 100)) end;

-- Quantiles of a histogram summed by bucket, with its running count `cum` (window sum, inclusive) and its
-- total `tot`: the items of 0-based rank j take their bucket's midpoint, and the q-quantile interpolates
-- between the items of ranks floor(r) and ceil(r), r = q * (tot - 1), as quantile_cont does between the
-- exact values. hist_quantile is an aggregate over the histogram's buckets (null when empty).
create or replace macro hist_item(b, cum, n, j) as
    case when j >= cum - n and j < cum then hist_mid(b) end;

create or replace macro hist_quantile(b, cum, n, tot, q) as
    max(hist_item(b, cum, n, floor(q * (tot - 1))))
    + (max(q * (tot - 1)) - max(floor(q * (tot - 1))))
      * (max(hist_item(b, cum, n, ceil(q * (tot - 1)))) - max(hist_item(b, cum, n, floor(q * (tot - 1)))));

-- Ticket records reported in [lo, hi) but not in [skip_from, skip_to), with the seconds each stage took
-- (null where an end is not recorded): st1 reported to accepted, st2 to dispatched, st3 to handled, st4 to
-- verified, st5 to closed.
create or replace macro ticket_spans(lo, hi, skip_from, skip_to) as table
    select
        t.*,
        date_diff('second', t.reported_at, t.accepted_at) as st1,
        date_diff('second', t.accepted_at, t.dispatched_at) as st2,
        date_diff('second', t.dispatched_at, t.handled_at) as st3,
        date_diff('second', t.handled_at, t.verified_at) as st4,
        date_diff('second', t.verified_at, t.closed_at) as st5,
    from tickets t
    where t.reported_at >= lo and t.reported_at < hi
      and not (t.reported_at >= skip_from and t.reported_at < skip_to);

-- A stage's counts over a group of ticket records received (not void), st its seconds from one stage to the
-- next: n timed in order, out_of_order (the later stage recorded earlier), missing (closed without it).
create or replace macro stage_counts(st, is_void, is_closed) as
    struct_pack(
        n := count(case when not is_void and st >= 0 then 1 end),
        out_of_order := count(case when not is_void and st < 0 then 1 end),
        missing := count(case when not is_void and is_closed and st is null then 1 end));

-- Ticket records reported (the cohort's counts) or closed (closed_flow) in [lo, hi) but not in
-- [skip_from, skip_to), at rollup_tickets_monthly's grain; the counts every ticket view shares from ticket_counts
-- (03_tickets.sql), each stage's from stage_counts; each a count of a case, as ticket_counts explains. Plain SQL
-- (no lists, no by-name unions) so Spark SQL runs it too (grassroots/rollup_build.py).
create or replace macro ticket_month_agg(lo, hi, skip_from, skip_to) as table
    with rep as (
        select
            date_trunc('month', t.reported_at)::date as month,
            coalesce(t.community_code, '') as community_code,
            coalesce(t.category, '') as category,
            coalesce(t.source, '') as source,
            t.status in ('cancelled', 'duplicate') as is_void,
            t.status = 'closed' and t.closed_at is not null as is_closed,
            t.status,
            t.escalated,
            t.due_source,
            t.due_at,
            t.closed_at,
            t.satisfaction,
            t.accepted_at,
            t.reopen_count,
            t.rework_count,
            date_diff('second', t.reported_at,
                      coalesce(t.accepted_at, t.dispatched_at, t.handled_at, t.verified_at, t.closed_at)) as rs,
            coalesce(t.accepted_at, t.dispatched_at, t.handled_at, t.verified_at) is not null as staged,
            t.st1, t.st2, t.st3, t.st4, t.st5,
        from ticket_spans(lo, hi, skip_from, skip_to) t
    ),
    cohort as (
        select
            month, community_code, category, source,
            unnest(ticket_counts(is_void, status, is_closed, escalated, due_source, due_at, satisfaction,
                                 reopen_count, rework_count, staged)),
            count(case when is_closed and closed_at <= due_at then 1 end) as on_time_n,
            count(case when is_closed and closed_at > due_at then 1 end) as late_n,
            count(case when is_closed and closed_at <= due_at and due_source = 'ticket' then 1 end) as on_time_own_n,
            count(case when is_closed and closed_at > due_at and due_source = 'ticket' then 1 end) as late_own_n,
            count(case when is_closed and due_at is not null and due_source = 'sla' then 1 end) as sla_closed_n,
            count(case when not is_void and rs is not null then 1 end) as acted_n,
            count(case when not is_void and (accepted_at is not null or is_closed) then 1 end) as answered_n,
            count(case when not is_void and rework_count > 0 then 1 end) as reworked_n,
            count(case when accepted_at is not null then 1 end) as accepted_n,
            count(case when not is_void and rs <= 3600 then 1 end) as response_1h_n,
            count(case when not is_void and rs <= 7200 then 1 end) as response_2h_n,
            count(case when not is_void and rs <= 14400 then 1 end) as response_4h_n,
            count(case when not is_void and rs <= 28800 then 1 end) as response_8h_n,
            count(case when not is_void and rs <= 86400 then 1 end) as response_24h_n,
            stage_counts(st1, is_void, is_closed) as stage1,
            stage_counts(st2, is_void, is_closed) as stage2,
            stage_counts(st3, is_void, is_closed) as stage3,
            stage_counts(st4, is_void, is_closed) as stage4,
            stage_counts(st5, is_void, is_closed) as stage5,
        from rep
        group by month, community_code, category, source
    ),
    flow as (
        select
            date_trunc('month', t.closed_at)::date as month,
            coalesce(t.community_code, '') as community_code,
            coalesce(t.category, '') as category,
            coalesce(t.source, '') as source,
            count(*) as closed_flow,
        from tickets t
        where t.status = 'closed' and t.closed_at >= lo and t.closed_at < hi
          and not (t.closed_at >= skip_from and t.closed_at < skip_to)
        group by all
    )
    select
        coalesce(c.month, f.month) as month,
        coalesce(c.community_code, f.community_code) as community_code,
        coalesce(c.category, f.category) as category,
        coalesce(c.source, f.source) as source,
        coalesce(c.n, 0)::integer as n,
        coalesce(c.void_n, 0)::integer as void_n,
        coalesce(c.cancelled_n, 0)::integer as cancelled_n,
        coalesce(c.duplicate_n, 0)::integer as duplicate_n,
        coalesce(c.closed_n, 0)::integer as closed_n,
        coalesce(c.open_n, 0)::integer as open_n,
        coalesce(c.escalated_n, 0)::integer as escalated_n,
        coalesce(c.on_time_n, 0)::integer as on_time_n,
        coalesce(c.late_n, 0)::integer as late_n,
        coalesce(c.on_time_own_n, 0)::integer as on_time_own_n,
        coalesce(c.late_own_n, 0)::integer as late_own_n,
        coalesce(c.sla_closed_n, 0)::integer as sla_closed_n,
        coalesce(c.due_ticket, 0)::integer as due_ticket,
        coalesce(c.due_sla, 0)::integer as due_sla,
        coalesce(c.due_none, 0)::integer as due_none,
        coalesce(c.satisfied_n, 0)::integer as satisfied_n,
        coalesce(c.rated_n, 0)::integer as rated_n,
        coalesce(c.acted_n, 0)::integer as acted_n,
        coalesce(c.answered_n, 0)::integer as answered_n,
        coalesce(c.reworked_n, 0)::integer as reworked_n,
        coalesce(c.accepted_n, 0)::integer as accepted_n,
        coalesce(c.resolved_n, 0)::integer as resolved_n,
        coalesce(c.rework_n, 0)::integer as rework_n,
        coalesce(c.reopen_n, 0)::integer as reopen_n,
        coalesce(c.staged_n, 0)::integer as staged_n,
        coalesce(c.staged_closed_n, 0)::integer as staged_closed_n,
        coalesce(c.response_1h_n, 0)::integer as response_1h_n,
        coalesce(c.response_2h_n, 0)::integer as response_2h_n,
        coalesce(c.response_4h_n, 0)::integer as response_4h_n,
        coalesce(c.response_8h_n, 0)::integer as response_8h_n,
        coalesce(c.response_24h_n, 0)::integer as response_24h_n,
        coalesce(c.stage1.n, 0)::integer as stage1_n,
        coalesce(c.stage1.out_of_order, 0)::integer as stage1_out_of_order,
        coalesce(c.stage1.missing, 0)::integer as stage1_missing,
        coalesce(c.stage2.n, 0)::integer as stage2_n,
        coalesce(c.stage2.out_of_order, 0)::integer as stage2_out_of_order,
        coalesce(c.stage2.missing, 0)::integer as stage2_missing,
        coalesce(c.stage3.n, 0)::integer as stage3_n,
        coalesce(c.stage3.out_of_order, 0)::integer as stage3_out_of_order,
        coalesce(c.stage3.missing, 0)::integer as stage3_missing,
        coalesce(c.stage4.n, 0)::integer as stage4_n,
        coalesce(c.stage4.out_of_order, 0)::integer as stage4_out_of_order,
        coalesce(c.stage4.missing, 0)::integer as stage4_missing,
        coalesce(c.stage5.n, 0)::integer as stage5_n,
        coalesce(c.stage5.out_of_order, 0)::integer as stage5_out_of_order,
        coalesce(c.stage5.missing, 0)::integer as stage5_missing,
        coalesce(f.closed_flow, 0)::integer as closed_flow,
    from cohort c
    full outer join flow f
      on f.month = c.month and f.community_code = c.community_code and f.category = c.category
     and f.source = c.source;

-- The received tickets reported in [lo, hi) but not in [skip_from, skip_to), each with its histogram
-- bucket of every measure: b0 hours to close (closed), b1..b5 each stage (both ends recorded and in order;
-- NULL otherwise).
create or replace macro ticket_hist_buckets(lo, hi, skip_from, skip_to) as table
    select
        date_trunc('month', t.reported_at)::date as month,
        coalesce(left(t.community_code, 9), '') as street_code,
        coalesce(t.category, '') as category,
        hist_bucket(case when t.status = 'closed' then date_diff('second', t.reported_at, t.closed_at) end) as b0,
        hist_bucket(t.st1) as b1,
        hist_bucket(t.st2) as b2,
        hist_bucket(t.st3) as b3,
        hist_bucket(t.st4) as b4,
        hist_bucket(t.st5) as b5,
    from ticket_spans(lo, hi, skip_from, skip_to) t
    where t.status not in ('cancelled', 'duplicate');

-- Histogram rows (month, street_code, category, measure, bucket, n) of the same tickets: measure 0 hours to
-- close, 1..5 each stage.
create or replace macro ticket_hist_rows(lo, hi, skip_from, skip_to) as table
    with base as (
        select * from ticket_hist_buckets(lo, hi, skip_from, skip_to)
    ),
    vals as (
        select month, street_code, category, 0 as measure, b0 as bucket from base
        union all
        select month, street_code, category, 1, b1 from base
        union all
        select month, street_code, category, 2, b2 from base
        union all
        select month, street_code, category, 3, b3 from base
        union all
        select month, street_code, category, 4, b4 from base
        union all
        select month, street_code, category, 5, b5 from base
    )
    select month, street_code, category, measure, bucket, count(*) as n,
    from vals
    where bucket is not null
    group by month, street_code, category, measure, bucket;

-- rollup_tickets_hist's rows for the records in [lo, hi) but not in [skip_from, skip_to): one row a
-- month, street, category and measure, its occupied buckets in a list, ascending. The rows of ticket_hist_rows,
-- counted in fewer passes: each (month, street, category) numbered k, each measure's values counted by
-- (k, bucket) on their own (six small aggregations cost less than one over all the values unnested), each count
-- keyed by the one integer (k * 8 + measure) * 65536 + bucket (buckets stay below 65536); a cell's list is
-- sorted as integers, bucket * 2^32 + count, and only then made (bucket, count) pairs (sorting the pairs cost
-- 0.25 CPU-s more over a million tickets).
create or replace macro ticket_hist_agg(lo, hi, skip_from, skip_to) as table
    with base as (
        select * from ticket_hist_buckets(lo, hi, skip_from, skip_to)
    ),
    cells as (
        select month, street_code, category, row_number() over (order by month, street_code, category)::bigint as k,
        from (select distinct month, street_code, category from base)
    ),
    keyed as (
        select c.k, b.b0, b.b1, b.b2, b.b3, b.b4, b.b5,
        from base b
        join cells c on c.month = b.month and c.street_code = b.street_code and c.category = b.category
    ),
    counted as (
        select (k * 8) * 65536 + b0 as v, count(*) as n, from keyed where b0 is not null group by k, b0
        union all
        select (k * 8 + 1) * 65536 + b1, count(*), from keyed where b1 is not null group by k, b1
        union all
        select (k * 8 + 2) * 65536 + b2, count(*), from keyed where b2 is not null group by k, b2
        union all
        select (k * 8 + 3) * 65536 + b3, count(*), from keyed where b3 is not null group by k, b3
        union all
        select (k * 8 + 4) * 65536 + b4, count(*), from keyed where b4 is not null group by k, b4
        union all
        select (k * 8 + 5) * 65536 + b5, count(*), from keyed where b5 is not null group by k, b5
    ),
    lists as (
        select v // 65536 as km, sum(n)::integer as n,
               list_sort(list((v % 65536) * 4294967296 + n)) as packed,
        from counted
        group by v // 65536
    )
    select c.month, c.street_code, c.category, (l.km % 8)::utinyint as measure, l.n,
           list_transform(l.packed, lambda x: {'b': (x // 4294967296)::smallint, 'n': (x % 4294967296)::integer})
               as buckets,
    from lists l
    join cells c on c.k = l.km // 8;

-- rollup_ticket_close_hist's rows (017) for the records in [lo, hi) but not in [skip_from, skip_to): the hours to
-- close of the received, closed tickets, counted by month, street and bucket - ticket_hist_buckets' b0 without the
-- category. Its window reader, ticket_close_hist_in, and that reader's twins are made from one text with the
-- others (grassroots/schema/migrate.py WINDOW_READERS). Plain SQL, so Spark SQL runs it too.
create or replace macro ticket_close_hist_agg(lo, hi, skip_from, skip_to) as table
    select month, street_code, b0 as bucket, count(*)::integer as n,
    from ticket_hist_buckets(lo, hi, skip_from, skip_to)
    where b0 is not null
    group by month, street_code, b0;

-- A window's whole months from the rollups: rollup_tickets_monthly's rows, and the histogram rows (month,
-- street_code, category, measure, bucket, n) of rollup_tickets_hist. A window that runs past as_of - the
-- data's newest record, after which no record comes - holds its last month whole (whole_to, 02_windows.sql);
-- a caller without one passes date_to. For a window of whole months grassroots/sql.py calls these in place of
-- the *_in macros below, sparing the planning of the edges' record scans.
create or replace macro tickets_monthly_whole(date_from, date_to, as_of) as table
    select * from rollup_tickets_monthly
    where month >= whole_from(date_from) and month < whole_to(date_to, as_of);

create or replace macro ticket_hist_whole(date_from, date_to, as_of) as table
    select h.month, h.street_code, h.category, h.measure, h.b.b as bucket, h.b.n as n,
    from (
        select month, street_code, category, measure, unnest(buckets) as b,
        from rollup_tickets_hist
        where month >= whole_from(date_from) and month < whole_to(date_to, as_of)
    ) h;

-- A window's rows: its whole months as above, the days at its ragged edges aggregated from the records
-- (edge rows carry their partial month). The bounds are the parameters' own values, so the records' scans
-- of the edges skip every row group outside them.
create or replace macro tickets_monthly_in(date_from, date_to, as_of) as table
    select * from tickets_monthly_whole(date_from, date_to, as_of)
    union all
    select * from ticket_month_agg(date_from::timestamp, least(whole_from(date_from), date_to::date)::timestamp,
                                   '-infinity'::timestamp, '-infinity'::timestamp)
    union all
    select * from ticket_month_agg(
        greatest(whole_to(date_to, as_of), least(whole_from(date_from), date_to::date))::timestamp,
        date_to::timestamp, '-infinity'::timestamp, '-infinity'::timestamp);

-- A window without a whole month (a part of one month, or the ragged ends of two): every day is an edge day,
-- so one aggregation of the records over the window. grassroots/sql.py calls these in place of the *_in
-- macros for such a window, sparing the planning of the rollups' read and of a second, empty edge.
create or replace macro tickets_monthly_part(date_from, date_to, as_of) as table
    select * from ticket_month_agg(date_from::timestamp, date_to::timestamp, '-infinity'::timestamp,
                                   '-infinity'::timestamp);

create or replace macro ticket_hist_part(date_from, date_to, as_of) as table
    select month, street_code, category, measure, bucket, n,
    from ticket_hist_rows(date_from::timestamp, date_to::timestamp, '-infinity'::timestamp, '-infinity'::timestamp);

create or replace macro ticket_hist_in(date_from, date_to, as_of) as table
    select * from ticket_hist_whole(date_from, date_to, as_of)
    union all
    select month, street_code, category, measure, bucket, n,
    from ticket_hist_rows(date_from::timestamp, least(whole_from(date_from), date_to::date)::timestamp,
                          '-infinity'::timestamp, '-infinity'::timestamp)
    union all
    select month, street_code, category, measure, bucket, n,
    from ticket_hist_rows(greatest(whole_to(date_to, as_of), least(whole_from(date_from), date_to::date))::timestamp,
                          date_to::timestamp, '-infinity'::timestamp, '-infinity'::timestamp);

-- A window starting on a month's first day (a month, a quarter, a year to date and their comparison windows):
-- its whole months as above and its ragged end from the records, without planning the empty left edge. For
-- such a window whole_from is date_from, so the *_in macros' left edge is empty and their right edge starts at
-- whole_to. grassroots/sql.py calls these in place of the *_in macros for such a window.
create or replace macro tickets_monthly_tail(date_from, date_to, as_of) as table
    select * from tickets_monthly_whole(date_from, date_to, as_of)
    union all
    select * from ticket_month_agg(whole_to(date_to, as_of)::timestamp, date_to::timestamp, '-infinity'::timestamp,
                                   '-infinity'::timestamp);

create or replace macro ticket_hist_tail(date_from, date_to, as_of) as table
    select * from ticket_hist_whole(date_from, date_to, as_of)
    union all
    select month, street_code, category, measure, bucket, n,
    from ticket_hist_rows(whole_to(date_to, as_of)::timestamp, date_to::timestamp, '-infinity'::timestamp,
                          '-infinity'::timestamp);

-- Whether a scope is a street or wider (no community, centre, centre type or pilot batch in it): the
-- histograms (by street) then hold its quantiles; a narrower scope reads its few records instead.
create or replace macro hist_scope(r, cid, ctype, batch) as
    cid is null and ctype is null and batch is null and (r is null or length(r) <= 9);
