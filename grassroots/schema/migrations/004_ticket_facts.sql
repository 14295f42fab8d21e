-- 004: one definition of each ticket's facts, used by every page that counts tickets.
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
