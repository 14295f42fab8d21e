-- One definition of each ticket's facts, used by every page that counts tickets.
-- as_of: the moment "now" is judged at (the data's newest record, so export lag is not overdue).
--   is_void         cancelled or duplicate: counted apart, never as closed
--   is_closed       closed, with a closing time
--   hours_to_close  closed - reported, in hours
--   closed_on_time  closed by its deadline (due_at)
--   closed_late     closed after its deadline
--   open_overdue    still open and already past its deadline at as_of
--   age_days        open tickets: days from reported to as_of
-- on-time % = closed_on_time / (closed_on_time + closed_late + open_overdue)   (docs/domain.md)
create or replace macro ticket_facts(as_of) as table
    select
        t.*,
        t.status in ('cancelled', 'duplicate') as is_void,
        t.status = 'closed' and t.closed_at is not null as is_closed,
        case when t.status = 'closed' and t.closed_at is not null
             then date_diff('second', t.reported_at, t.closed_at) / 3600.0 end as hours_to_close,
        coalesce(t.status = 'closed' and t.closed_at <= t.due_at, false) as closed_on_time,
        coalesce(t.status = 'closed' and t.closed_at > t.due_at, false) as closed_late,
        coalesce(t.status = 'open' and t.due_at < as_of, false) as open_overdue,
        case when t.status = 'open'
             then date_diff('second', t.reported_at, as_of) / 86400.0 end as age_days,
    from tickets t;

-- The tickets page's cohort - the facts of tickets reported in a window and scope (defined once in
-- ticket_facts), narrowed to a category, with a group label for breakdowns.
-- as_of: "now" (TIMESTAMP); date_from, date_to: reported_at window (exclusive end);
-- r, cid, ctype, batch: the shared scope (01_scope.sql); cat: category or null (all);
-- dim: what grp holds - source, category, subcategory ("category · subcategory"), street (9-digit
--      code), community (12-digit code), grid, department, period (date_trunc(grain) of reported_at,
--      as 'YYYY-MM-DD'), anything else: '' (one group). A missing value groups as ''.
-- grain: day, week or month (used by dim = 'period').
create or replace macro ticket_cohort(as_of, date_from, date_to, r, cid, ctype, batch, cat, dim, grain) as table
    select
        f.*,
        case dim
            when 'source' then coalesce(f.source, '')
            when 'category' then coalesce(f.category, '')
            when 'subcategory' then coalesce(f.category, '') || ' · ' || coalesce(f.subcategory, '')
            when 'street' then coalesce(left(f.community_code, 9), '')
            when 'community' then coalesce(f.community_code, '')
            when 'grid' then coalesce(f.grid_code, '')
            when 'department' then coalesce(f.department, '')
            when 'period' then strftime(date_trunc(grain, f.reported_at), '%Y-%m-%d')
            else ''
        end as grp,
    from ticket_facts(as_of) f
    where f.reported_at >= date_from and f.reported_at < date_to
      and community_in_scope(f.community_code, r, cid, ctype, batch)
      and (cat is null or f.category = cat);

-- The tickets behind a number of the tickets page (drill-down), defined once for the records
-- and their count. On top of ticket_cohort:
--   grp_value  only the group with this label in the breakdown by dim (null: every group)
--   kind       all, received (not cancelled/duplicate), closed, open, on_time, late, overdue (open and
--              past due at as_of), void (cancelled or duplicate), escalated, no_due, closed_in (closed in
--              [closed_from, closed_to)), open_at (not cancelled/duplicate and not yet closed at the
--              moment closed_from: the backlog then)
--   age_min, age_max      whole days of age at as_of (open tickets); null: no bound
--   hours_min, hours_max  hours to close, or age in hours if still open; null: no bound
--   escalated_only        only escalated (吹哨) tickets
create or replace macro ticket_drill(as_of, date_from, date_to, r, cid, ctype, batch, cat, dim, grain,
                                     grp_value, kind, closed_from, closed_to, age_min, age_max,
                                     hours_min, hours_max, escalated_only) as table
    select *
    from ticket_cohort(as_of, date_from, date_to, r, cid, ctype, batch, cat, coalesce(dim, ''), grain)
    where (grp_value is null or grp = grp_value)
      and (not escalated_only or escalated)
      and case kind
              when 'all' then true
              when 'received' then not is_void
              when 'closed' then is_closed
              when 'open' then status = 'open'
              when 'on_time' then closed_on_time
              when 'late' then closed_late
              when 'overdue' then open_overdue
              when 'void' then is_void
              when 'escalated' then escalated and not is_void
              when 'no_due' then not is_void and due_at is null
              when 'closed_in' then is_closed and closed_at >= closed_from and closed_at < closed_to
              when 'open_at' then not is_void and reported_at < closed_from
                                  and (status = 'open' or closed_at >= closed_from)
              else false
          end
      and (age_min is null or floor(age_days) >= age_min)
      and (age_max is null or floor(age_days) < age_max)
      and (hours_min is null or coalesce(hours_to_close, age_days * 24) >= hours_min)
      and (hours_max is null or coalesce(hours_to_close, age_days * 24) < hours_max);

-- The counts every ticket view takes from a group of ticket records, defined once: the tickets page's
-- rates (queries/tickets/rates.sql) and the monthly rollup (ticket_month_agg) read them from here. An
-- aggregate over the group's rows, as a struct; its arguments are the rows' facts of the same names
-- (ticket_facts; staged: some stage time before closing recorded).
--   n received (not void); void_n, cancelled_n, duplicate_n; closed_n; open_n; escalated_n (received)
--   due_ticket, due_sla, due_none   received with their own, an SLA or no deadline
--   satisfied_n, rated_n            received and rated 满意 or 基本满意, received and rated
--   resolved_n, rework_n, reopen_n  closed and never reopened, closed with rework, closed and reopened
--   staged_n, staged_closed_n       received with a stage recorded, of them closed
-- Each is a count of `case when <condition> then 1 end`, not count(*) with a FILTER clause: the same number, and
-- DuckDB counts the case column as it comes where a filter selects each aggregate's rows apart (the monthly
-- rollup, over a million tickets: 1.8 -> 1.35 CPU-s).
create or replace macro ticket_counts(is_void, status, is_closed, escalated, due_source, due_at, satisfaction,
                                      reopen_count, rework_count, staged) as
    struct_pack(
        n := count(case when not is_void then 1 end),
        void_n := count(case when is_void then 1 end),
        cancelled_n := count(case when status = 'cancelled' then 1 end),
        duplicate_n := count(case when status = 'duplicate' then 1 end),
        closed_n := count(case when is_closed then 1 end),
        open_n := count(case when status = 'open' then 1 end),
        escalated_n := count(case when not is_void and escalated then 1 end),
        due_ticket := count(case when not is_void and due_source = 'ticket' and due_at is not null then 1 end),
        due_sla := count(case when not is_void and due_source = 'sla' and due_at is not null then 1 end),
        due_none := count(case when not is_void and due_at is null then 1 end),
        satisfied_n := count(case when not is_void and satisfaction in ('满意', '基本满意') then 1 end),
        rated_n := count(case when not is_void and satisfaction is not null then 1 end),
        resolved_n := count(case when is_closed and reopen_count = 0 then 1 end),
        rework_n := count(case when is_closed and rework_count > 0 then 1 end),
        reopen_n := count(case when is_closed and reopen_count > 0 then 1 end),
        staged_n := count(case when not is_void and staged then 1 end),
        staged_closed_n := count(case when is_closed and staged then 1 end));

-- A deadline-based fact (closed_on_time, closed_late, open_overdue) as the tickets page judges it: with
-- own_due_only, only tickets' own deadlines count (one with an SLA deadline counts as one without).
create or replace macro own_deadline(fact, own_due_only, due_source) as
    fact and (not own_due_only or coalesce(due_source = 'ticket', false));

-- The tickets page's rates (tickets/rates and tickets/rates_monthly, docs/metrics.md) over a relation of
-- counts, named by `counts` (a CTE of the calling query): one row a group, with grp, is_total, median_hours,
-- p90_hours and the counts the rates take (those of ticket_counts, on_time_n, late_n, overdue_n, response_n,
-- response_d, sla_due_n). The rates are defined here once, over the counts; dim labels streets, communities and
-- grids with their names.
create or replace macro ticket_rates_of(counts, dim) as table
    select
        a.grp, coalesce(r.name, a.grp) as label, a.is_total,
        a.n, a.void_n, a.cancelled_n, a.duplicate_n, a.closed_n, a.open_n, a.median_hours, a.p90_hours,
        a.on_time_n, a.late_n, a.overdue_n,
        a.on_time_n + a.late_n + a.overdue_n as on_time_d,
        a.on_time_n / nullif(a.on_time_n + a.late_n + a.overdue_n, 0) as on_time_rate,
        a.closed_n + a.overdue_n as due_to_close,
        a.closed_n / nullif(a.closed_n + a.overdue_n, 0) as closure_rate,
        a.on_time_n / nullif(a.closed_n + a.overdue_n, 0) as on_time_closure_rate,
        a.due_ticket, a.due_sla, a.due_none, a.satisfied_n, a.rated_n,
        a.satisfied_n / nullif(a.rated_n, 0) as satisfaction_rate,
        a.response_n, a.response_d, a.response_n / nullif(a.response_d, 0) as response_rate,
        a.resolved_n, a.resolved_n / nullif(a.closed_n + a.overdue_n, 0) as resolution_rate,
        a.rework_n, a.rework_n / nullif(a.closed_n, 0) as rework_rate,
        a.reopen_n, a.reopen_n / nullif(a.closed_n, 0) as reopen_rate,
        a.escalated_n, a.escalated_n / nullif(a.n, 0) as escalated_share,
        a.staged_n, a.staged_closed_n, a.sla_due_n,
        a.sla_due_n / nullif(a.on_time_n + a.late_n + a.overdue_n, 0) as sla_due_share,
    from query_table(counts) a
    left join regions r on r.code = a.grp and dim in ('street', 'community', 'grid');

-- Kaplan-Meier input, tallied from the relation named rel (a CTE of the calling query, read through
-- query_table) with the columns grp (the group), closed (BOOLEAN: closed, an event; otherwise censored)
-- and hours (time to close, or the age it was censored at). Per group and time t - hours rounded up
-- to the whole hour up to 72, beyond that to the whole day (in hours: 96, 120, ...), so a group brings at
-- most a few hundred rows however many tickets it holds - how many closed at t (events) and how many were
-- censored at t (censored).
create or replace macro km_tally(rel) as table
    select
        grp,
        (case when hours <= 72 then ceil(hours) else 24 * ceil(hours / 24) end)::integer as t,
        count(*) filter (where closed) as events,
        count(*) filter (where not closed) as censored,
    from query_table(rel)
    group by all;

-- Counts in buckets of edges (a LIST of numbers, first 0): bucket k (1..len(edges)) holds the values v
-- with edges[k] <= v < edges[k + 1], the last is open-ended. The relation named rel (a CTE of the
-- calling query, read through query_table) holds v and count columns. Every bucket, with lo, hi (null:
-- open-ended) and each count column summed over its values (0 when none).
create or replace macro bucket_counts(rel, edges) as table
    with counted as (
        select len(list_filter(edges, lambda e: e <= v)) as bucket, sum(columns(* exclude (v))),
        from query_table(rel)
        group by 1
    ),
    buckets as (
        select generate_subscripts(edges, 1) as bucket, unnest(edges) as lo
    )
    select b.bucket, b.lo, edges[b.bucket + 1] as hi, coalesce(columns(n.* exclude (bucket)), 0)::bigint,
    from buckets b
    left join counted n using (bucket);
