-- Ticket counts per unit for the tickets reported in the window (the overview's cohort), each the sum of
-- a flag of assessment/tickets_records (assessment_tickets, 007), read from the monthly ticket rollup
-- (014) with the records of a custom window's edge days: counts exact; open and overdue at $as_of from
-- the open records; the median hours to close from the histograms for streets at a street or wider
-- scope (within 1% or 0.5 h, whichever is larger), from the records otherwise. A window of a quarter or less
-- reads assessment/tickets_from_records instead (grassroots/sql.py).
-- params: $date_from, $date_to (DATE, exclusive), $as_of (TIMESTAMP), $region, $centre_id,
--         $centre_type, $pilot_batch, $unit_level ('street' | 'community' | 'centre')
-- columns: unit_id, n_tickets, closed, due, on_time_n, on_time_d, accepted, reworked, satisfied,
--          rated, escalated, median_hours_to_close
with c as (
    select * from scoped_centres($region, $centre_id, $centre_type, $pilot_batch)
),
roll as (
    select assessment_unit($unit_level, nullif(r.community_code, ''), c.centre_id) as unit_id,
           sum(r.n)::bigint as n_tickets, sum(r.closed_n)::bigint as closed, sum(r.on_time_n)::bigint as on_time_n,
           sum(r.on_time_n + r.late_n)::bigint as judged_closed, sum(r.answered_n)::bigint as accepted,
           sum(r.reworked_n)::bigint as reworked, sum(r.satisfied_n)::bigint as satisfied,
           sum(r.rated_n)::bigint as rated,
           sum(r.escalated_n)::bigint as escalated,
    from tickets_monthly_in($date_from, $date_to, $as_of) r
    left join c on $unit_level = 'centre' and c.community_code = r.community_code
    where community_in_scope(nullif(r.community_code, ''), $region, $centre_id, $centre_type, $pilot_batch)
      and ($unit_level <> 'centre' or c.centre_id is not null)
    group by all
),
overdue as (
    -- open and past the deadline at $as_of (the one count that depends on "now"), from the open records
    select assessment_unit($unit_level, t.community_code, c.centre_id) as unit_id, count(*) as overdue_n,
    from tickets t
    left join c on $unit_level = 'centre' and c.community_code = t.community_code
    where t.reported_at >= $date_from and t.reported_at < $date_to
      and t.status = 'open' and t.due_at < $as_of
      and community_in_scope(t.community_code, $region, $centre_id, $centre_type, $pilot_batch)
      and ($unit_level <> 'centre' or c.centre_id is not null)
    group by all
),
close_median as (
    select unit_id, hist_quantile(bucket, cum, n, tot, 0.5) as median_hours_to_close,
    from (
        select h.street_code as unit_id, h.bucket, sum(h.n) as n,
               sum(sum(h.n)) over (partition by h.street_code order by h.bucket rows unbounded preceding) as cum,
               sum(sum(h.n)) over (partition by h.street_code) as tot,
        from ticket_close_hist_in($date_from, $date_to, $as_of) h
        where $unit_level = 'street' and hist_scope($region, $centre_id, $centre_type, $pilot_batch)
          and h.street_code <> '' and starts_with(h.street_code, left($region, 9))
        group by h.street_code, h.bucket
    )
    group by unit_id
    union all
    select unit_id, median(hours_to_close) filter (where closed),
    from assessment_tickets($as_of, $date_from, $date_to, $region, $centre_id, $centre_type, $pilot_batch,
                            $unit_level)
    where not ($unit_level = 'street' and hist_scope($region, $centre_id, $centre_type, $pilot_batch))
      and unit_id is not null
    group by unit_id
)
select
    r.unit_id,
    r.n_tickets,
    r.closed,
    r.closed + coalesce(o.overdue_n, 0) as due,
    r.on_time_n,
    r.judged_closed + coalesce(o.overdue_n, 0) as on_time_d,
    r.accepted,
    r.reworked,
    r.satisfied,
    r.rated,
    r.escalated,
    m.median_hours_to_close,
from roll r
left join overdue o using (unit_id)
left join close_median m using (unit_id)
where r.unit_id is not null and r.n_tickets > 0
order by r.unit_id
