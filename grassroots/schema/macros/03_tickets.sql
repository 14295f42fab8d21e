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
