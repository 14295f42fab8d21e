-- 008: the tickets behind a number of the tickets page (drill-down), defined once for the records
-- and their count. On top of ticket_cohort (006):
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
