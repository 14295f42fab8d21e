-- assessment/tickets (same parameters and columns) from the ticket records alone: each count the sum of a
-- flag of assessment_tickets (007), the median hours to close exact. grassroots/sql.py routes
-- assessment/tickets here for a window of a quarter or less, whose records take less reading than the
-- rollup's months, its ragged edges and the open records together.
-- params: $date_from, $date_to (DATE, exclusive), $as_of (TIMESTAMP), $region, $centre_id,
--         $centre_type, $pilot_batch, $unit_level ('street' | 'community' | 'centre')
-- columns: unit_id, n_tickets, closed, due, on_time_n, on_time_d, accepted, reworked, satisfied,
--          rated, escalated, median_hours_to_close
select
    unit_id,
    count(*) as n_tickets,
    count(*) filter (where closed) as closed,
    count(*) filter (where due) as due,
    count(*) filter (where on_time_n) as on_time_n,
    count(*) filter (where on_time_d) as on_time_d,
    count(*) filter (where accepted) as accepted,
    count(*) filter (where reworked) as reworked,
    count(*) filter (where satisfied) as satisfied,
    count(*) filter (where rated) as rated,
    count(*) filter (where escalated) as escalated,
    median(hours_to_close) filter (where closed) as median_hours_to_close,
from assessment_tickets($as_of, $date_from, $date_to, $region, $centre_id, $centre_type, $pilot_batch, $unit_level) t
where t.unit_id is not null
group by all
order by all
