-- tickets/rates (same parameters, columns and definitions) read from the monthly ticket rollup (014):
-- the window's whole months, and the records of a custom window's edge days; what depends on $as_of
-- (open and overdue, a response still awaited) from the records of tickets still open or not yet acted
-- on. Counts equal tickets/rates. Median and P90 come from the histograms (by street and category) when
-- the groups and the scope are ones they hold (within 1% or 0.5 h, whichever is larger), otherwise from
-- the records' hours to close. grassroots/sql.py routes tickets/rates here for the groupings the rollup
-- holds (source, category, street, community, month periods, none), without escalated_only, and for a
-- response limit of 1, 2, 4, 8 or 24 hours (the rollup's response counts). Its counts are the rollup's
-- (ticket_month_agg, from ticket_counts) and the rates those of ticket_rates_of, as tickets/rates.
-- params: $date_from, $date_to, $as_of, $region, $centre_id, $centre_type, $pilot_batch, $category,
--         $dim, $grain, $escalated_only (boolean), $response_hours, $own_due_only (boolean)
-- columns: grp (null on the total row), label, is_total, n, void_n, cancelled_n, duplicate_n, closed_n, open_n,
--          median_hours, p90_hours,
--          on_time_n, late_n, overdue_n, on_time_d, on_time_rate, due_to_close, closure_rate,
--          on_time_closure_rate, due_ticket, due_sla, due_none, satisfied_n, rated_n, satisfaction_rate,
--          response_n, response_d, response_rate, resolved_n, resolution_rate, rework_n, rework_rate,
--          reopen_n, reopen_rate, escalated_n, escalated_share, staged_n, staged_closed_n, sla_due_n,
--          sla_due_share
with rows_in as (
    select * from tickets_monthly_in($date_from, $date_to, $as_of)
),
recording as (
    -- source channels that record acceptance at all (in the window, any region)
    select list(distinct source) as sources
    from rows_in
    where accepted_n > 0
),
roll as (
    select
        case $dim
            when 'source' then r.source
            when 'category' then r.category
            when 'street' then left(r.community_code, 9)
            when 'community' then r.community_code
            when 'period' then strftime(r.month, '%Y-%m-%d')
            else ''
        end as grp,
        r.*,
        list_contains((select sources from recording), r.source) as owes_response,
    from rows_in r
    where community_in_scope(nullif(r.community_code, ''), $region, $centre_id, $centre_type, $pilot_batch)
      and ($category is null or r.category = $category)
),
hist as (
    select
        case $dim
            when 'category' then h.category
            when 'street' then h.street_code
            when 'period' then strftime(h.month, '%Y-%m-%d')
            else ''
        end as grp,
        h.bucket, h.n,
    from ticket_hist_in($date_from, $date_to, $as_of) h
    -- the histograms hold the groups' quantiles: by category, street, month or none, at a street or wider
    where (hist_scope($region, $centre_id, $centre_type, $pilot_batch) and $dim in ('category', 'street', 'period', ''))
      and h.measure = 0
      and starts_with(h.street_code, left($region, 9))
      and ($category is null or h.category = $category)
),
live as (
    -- tickets whose counts depend on "now": still open, or received and not yet acted on
    select
        case $dim
            when 'source' then coalesce(t.source, '')
            when 'category' then coalesce(t.category, '')
            when 'street' then coalesce(left(t.community_code, 9), '')
            when 'community' then coalesce(t.community_code, '')
            when 'period' then strftime(date_trunc('month', t.reported_at), '%Y-%m-%d')
            else ''
        end as grp,
        t.status = 'open' and t.due_at < $as_of
            and (not $own_due_only or coalesce(t.due_source = 'ticket', false)) as overdue,
        t.due_source,
        t.status not in ('cancelled', 'duplicate')
            and coalesce(t.accepted_at, t.dispatched_at, t.handled_at, t.verified_at, t.closed_at) is null
            and list_contains((select sources from recording), coalesce(t.source, ''))
            and t.reported_at <= $as_of - to_microseconds(($response_hours * 3600000000)::bigint) as awaited,
    from tickets t
    where t.reported_at >= $date_from and t.reported_at < $date_to
      and (t.status = 'open'
           or (t.status not in ('cancelled', 'duplicate')
               and coalesce(t.accepted_at, t.dispatched_at, t.handled_at, t.verified_at, t.closed_at) is null))
      and community_in_scope(t.community_code, $region, $centre_id, $centre_type, $pilot_batch)
      and ($category is null or t.category = $category)
),
counts as (
    select
        grp,
        sum(n) as n, sum(void_n) as void_n, sum(cancelled_n) as cancelled_n, sum(duplicate_n) as duplicate_n,
        sum(closed_n) as closed_n, sum(open_n) as open_n,
        sum(case when $own_due_only then on_time_own_n else on_time_n end) as on_time_n,
        sum(case when $own_due_only then late_own_n else late_n end) as late_n,
        0 as overdue_n, sum(due_ticket) as due_ticket, sum(due_sla) as due_sla, sum(due_none) as due_none,
        sum(satisfied_n) as satisfied_n, sum(rated_n) as rated_n,
        sum(case $response_hours when 1 then response_1h_n when 2 then response_2h_n when 4 then response_4h_n
                                 when 8 then response_8h_n when 24 then response_24h_n end)
            filter (where owes_response) as response_n,
        sum(acted_n) filter (where owes_response) as response_d, sum(resolved_n) as resolved_n,
        sum(rework_n) as rework_n, sum(reopen_n) as reopen_n, sum(escalated_n) as escalated_n,
        sum(staged_n) as staged_n, sum(staged_closed_n) as staged_closed_n,
        sum(case when $own_due_only then 0 else sla_closed_n end) as sla_due_n,
    from roll
    group by all
    union all
    select
        grp, 0, 0, 0, 0, 0, 0, 0, 0,
        count(*) filter (where overdue), 0, 0, 0, 0, 0, 0,
        count(*) filter (where awaited), 0, 0, 0, 0, 0, 0,
        count(*) filter (where overdue and due_source = 'sla'),
    from live
    group by all
),
agg as (
    select grp, grouping(grp) = 1 as is_total, coalesce(sum(columns(* exclude (grp))), 0)::bigint,
    from counts
    group by grouping sets ((grp), ())
),
close_hist as (
    select grp, grouping(grp) = 1 as is_total, bucket, sum(n) as n,
    from hist
    group by grouping sets ((grp, bucket), (bucket))
),
close_cum as (
    select *,
           sum(n) over (partition by grp, is_total order by bucket rows unbounded preceding) as cum,
           sum(n) over (partition by grp, is_total) as tot,
    from close_hist
),
quantiles as (
    select grp, is_total,
           hist_quantile(bucket, cum, n, tot, 0.5) as median_hours,
           hist_quantile(bucket, cum, n, tot, 0.9) as p90_hours,
    from close_cum
    group by all
    union all
    -- groups or a scope the histograms do not hold: the records' hours to close
    select grp, is_total, q[1], q[2],
    from (
        select grp, grouping(grp) = 1 as is_total, quantile_cont(hours_to_close, [0.5, 0.9]) as q,
        from ticket_cohort($as_of, $date_from, $date_to, $region, $centre_id, $centre_type, $pilot_batch,
                           $category, $dim, $grain)
        where not (hist_scope($region, $centre_id, $centre_type, $pilot_batch)
                   and $dim in ('category', 'street', 'period', ''))
          and is_closed
        group by grouping sets ((grp), ())
        having count(*) > 0
    )
),
-- read by ticket_rates_of, by name
counted as (  -- noqa: ST03
    select agg.*, q.median_hours, q.p90_hours,
    from agg
    left join quantiles q on q.is_total = agg.is_total and q.grp is not distinct from agg.grp
    where agg.is_total or agg.n + agg.void_n > 0
)
select * from ticket_rates_of('counted', $dim)
order by is_total desc, n desc, grp
