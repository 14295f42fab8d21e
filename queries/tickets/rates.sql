-- Ticket indicators per group of the cohort reported in the window, and for the whole cohort (the
-- row with is_total: the page's headline, from the same pass over the tickets). Facts come from the macros
-- ticket_facts through ticket_cohort, counts from ticket_counts and rates from ticket_rates_of (03_tickets.sql),
-- the one definition every tickets view shows (docs/domain.md):
--   on-time %        closed on time / (closed on time + closed late + open and overdue at as_of)
--   closure 结案率    closed / due to close;  按期结案率  closed on time / due to close,
--                    where due to close = closed + open and overdue
--   response 响应率   first action (the first stage time recorded) within $response_hours of reporting /
--                    tickets whose answer is due (answered, or open past the limit); only tickets from
--                    sources that record acceptance at all (a source channel with an accepted_at in
--                    the window)
--   resolution 解决率 closed and never reopened / due to close
--   satisfaction     (满意 + 基本满意) / rated;  rework 返工率, reopen: closed with one or more / closed
--   escalated share  escalated (吹哨) / received
-- Cancelled and duplicate tickets are counted apart (void_n) and in no rate.
-- Deadlines: a ticket's own (due_source 'ticket') or from config/sla.toml ('sla'). With $own_due_only
-- every deadline-based count (on time, late, open past due, hence on-time %, closure rates) uses only
-- tickets' own deadlines: one with an SLA deadline counts as one without. sla_due_n: of on_time_d,
-- those judged by an SLA deadline; sla_due_share = sla_due_n / on_time_d.
-- params: $date_from, $date_to, $as_of, $region, $centre_id, $centre_type, $pilot_batch, $category,
--         $dim, $grain, $escalated_only (boolean), $response_hours, $own_due_only (boolean)
-- columns: grp (null on the total row), label, is_total, n, void_n, cancelled_n, duplicate_n, closed_n, open_n, median_hours, p90_hours,
--          on_time_n, late_n, overdue_n, on_time_d, on_time_rate, due_to_close, closure_rate,
--          on_time_closure_rate, due_ticket, due_sla, due_none, satisfied_n, rated_n, satisfaction_rate,
--          response_n, response_d, response_rate, resolved_n, resolution_rate, rework_n, rework_rate,
--          reopen_n, reopen_rate, escalated_n, escalated_share, staged_n, staged_closed_n, sla_due_n,
--          sla_due_share
with cohort as (
    select * replace (
        own_deadline(closed_on_time, $own_due_only, due_source) as closed_on_time,
        own_deadline(closed_late, $own_due_only, due_source) as closed_late,
        own_deadline(open_overdue, $own_due_only, due_source) as open_overdue)
    from ticket_cohort($as_of, $date_from, $date_to, $region, $centre_id, $centre_type, $pilot_batch,
                       $category, $dim, $grain)
    where not $escalated_only or escalated
),
recording as (
    -- source channels that record acceptance at all (in the window, any region): their tickets owe
    -- a response; a source that records no stages (a hotline export) is not judged on it
    select list(distinct coalesce(source, '')) as sources
    from tickets
    where reported_at >= $date_from and reported_at < $date_to and accepted_at is not null
),
facts as (
    select
        c.*,
        coalesce(c.accepted_at, c.dispatched_at, c.handled_at, c.verified_at, c.closed_at) as first_action_at,
        date_diff('second', c.reported_at, first_action_at) as response_seconds,
        list_contains((select sources from recording), coalesce(c.source, '')) as owes_response,
        coalesce(c.accepted_at, c.dispatched_at, c.handled_at, c.verified_at) is not null as staged,
    from cohort c
),
counted as (
    -- the counts of ticket_counts (03_tickets.sql), and those judged at $as_of or by this page's options
    select
        grp,
        grouping(grp) = 1 as is_total,
        ticket_counts(is_void, status, is_closed, escalated, due_source, due_at, satisfaction,
                      reopen_count, rework_count, staged) as tc,
        quantile_cont(hours_to_close, [0.5, 0.9]) as q_hours,  -- null unless closed
        count(*) filter (where closed_on_time) as on_time_n,
        count(*) filter (where closed_late) as late_n,
        count(*) filter (where open_overdue) as overdue_n,
        count(*) filter (where not is_void and owes_response and response_seconds <= $response_hours * 3600) as response_n,
        count(*) filter (where not is_void and owes_response
                 and (first_action_at is not null
                      or reported_at <= $as_of - to_microseconds(($response_hours * 3600000000)::bigint))) as response_d,
        count(*) filter (where (closed_on_time or closed_late or open_overdue) and due_source = 'sla') as sla_due_n,
    from facts
    group by grouping sets ((grp), ())
),
-- read by ticket_rates_of, by name
agg as (  -- noqa: ST03
    select * exclude (tc, q_hours), unnest(tc), q_hours[1] as median_hours, q_hours[2] as p90_hours,
    from counted
)
select * from ticket_rates_of('agg', $dim)
order by is_total desc, n desc, grp
