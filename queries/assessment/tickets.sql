-- Ticket counts per unit for the tickets reported in the window (the overview's cohort, from the
-- shared ticket facts), each the sum of a flag of assessment/tickets_records.
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
from assessment_tickets($as_of, $date_from, $date_to, $region, $centre_id, $centre_type, $pilot_batch, $unit_level)
where unit_id is not null
group by unit_id
order by unit_id
