-- Assessment (考核) - the units a scorecard ranks, and the records each indicator counts.
-- Each records macro carries one flag column per count (on_time_n, on_time_d, ...), so a unit's
-- figure (queries/assessment/<source>.sql) and its drill-down (<source>_records.sql) share one
-- definition. Ticket facts come from 03_tickets.sql, so the numbers agree with the overview.
-- unit_level: 'street' (9-digit code), 'community' (12-digit code) or 'centre' (centre id).
-- r, cid, ctype, batch: the shared scope (01_scope.sql).

-- The unit a record belongs to, from the community it lies in and (for centre records) its centre.
create or replace macro assessment_unit(unit_level, community_code, centre_id) as
    case unit_level
        when 'street' then left(community_code, 9)
        when 'community' then community_code
        when 'centre' then centre_id
    end;

-- The scope one unit's records are read in: a street's or community's own code when it lies within r (its
-- records are then the only ones the scans keep), else r. The unit's rows are the same either way; the
-- drill-downs (queries/assessment/*_records.sql) filter on unit_id after.
create or replace macro unit_scope(unit_level, unit_id, r) as
    case when unit_level in ('street', 'community') and starts_with(unit_id, r) then unit_id else r end;

-- The units at a level: streets or communities in (or around) the region - only those holding a
-- centre in scope when a centre filter is set - or the centres in scope. residents: the unit's
-- community populations (a centre: its community's).
create or replace macro assessment_units(unit_level, r, cid, ctype, batch) as table
    with areas as (
        select s.code as unit_id, s.name as unit_name, p.name as parent_name,
               case when s.level = 'street'
                    then (select sum(c.residents) from regions c where c.level = 'community' and c.parent_code = s.code)
                    else s.residents end as residents,
        from regions s
        left join regions p on p.code = s.parent_code
        where s.level = unit_level and unit_level in ('street', 'community')
          and (starts_with(s.code, r) or starts_with(r, s.code))
          and ((cid is null and ctype is null and batch is null)
               or exists (select 1 from scoped_centres(r, cid, ctype, batch) sc where starts_with(sc.community_code, s.code)))
    ),
    centres_in as (
        select c.centre_id as unit_id, c.name as unit_name, cm.name as parent_name, cm.residents,
        from scoped_centres(r, cid, ctype, batch) c
        left join regions cm on cm.code = c.community_code
        where unit_level = 'centre'
    )
    select * from areas
    union all
    select * from centres_in;

-- Tickets reported in the window (cancelled and duplicates apart), one row per unit they count for
-- (at centre level: every centre in scope in the ticket's community).
create or replace macro assessment_tickets(as_of, date_from, date_to, r, cid, ctype, batch, unit_level) as table
    select
        assessment_unit(unit_level, f.community_code, c.centre_id) as unit_id,
        f.ticket_id, f.community_code, f.category, f.subcategory, f.source, f.department,
        f.reported_at, f.accepted_at, f.closed_at, f.due_at, f.status, f.hours_to_close, f.age_days,
        f.rework_count, f.satisfaction, f.reporter_name, f.reporter_phone,
        f.is_closed as closed,                                              -- 结案
        f.is_closed or f.open_overdue as due,                               -- due to close: closed, or open past its deadline
        f.closed_on_time as on_time_n,                                      -- closed by the deadline
        f.closed_on_time or f.closed_late or f.open_overdue as on_time_d,   -- on-time % denominator (docs/domain.md)
        f.accepted_at is not null or f.is_closed as accepted,               -- responded to (受理)
        f.rework_count > 0 as reworked,                                     -- sent back after a failed 核查
        coalesce(f.satisfaction in ('满意', '基本满意'), false) as satisfied,
        f.satisfaction is not null as rated,
        f.escalated,
    from ticket_cohort(as_of, date_from, date_to, r, cid, ctype, batch, null, '', 'month') f
    left join scoped_centres(r, cid, ctype, batch) c
        on unit_level = 'centre' and c.community_code = f.community_code
    where not f.is_void
      and (unit_level <> 'centre' or c.centre_id is not null);

-- Services accepted in the window at centres in scope. The flags are those of rollup_services_daily
-- (migration 002), which queries/assessment/services.sql sums.
create or replace macro assessment_services(date_from, date_to, r, cid, ctype, batch, unit_level) as table
    select
        assessment_unit(unit_level, c.community_code, c.centre_id) as unit_id,
        s.service_id, s.centre_id, c.name as centre_name, s.item_code, s.item_name, s.channel,
        s.accepted_at, s.finished_at, s.rating, s.outcome, s.applicant_community_code,
        true as services,
        s.channel in ('网上办', '掌上办') as online,
        s.rating is not null as rated,
        coalesce(s.rating >= 3, false) as satisfied,
        coalesce(s.applicant_community_code <> c.community_code, false) as tongban,
    from service_records s
    join scoped_centres(r, cid, ctype, batch) c on c.centre_id = s.centre_id
    where s.accepted_at >= date_from and s.accepted_at < date_to;

-- Activities held in the window at centres in scope.
create or replace macro assessment_activities(date_from, date_to, r, cid, ctype, batch, unit_level) as table
    select
        assessment_unit(unit_level, c.community_code, c.centre_id) as unit_id,
        a.activity_id, a.centre_id, c.name as centre_name, a.date, a.category, a.title,
        1 as activities,
        a.participants as person_visits,
        a.volunteers, a.partner,
    from activities a
    join scoped_centres(r, cid, ctype, batch) c on c.centre_id = a.centre_id
    where a.date >= date_from and a.date < date_to;

-- Resident wishes (微心愿) raised in the window, placed like tickets; claimed and fulfilled as
-- 00_wish_state.sql defines them.
create or replace macro assessment_wishes(date_from, date_to, r, cid, ctype, batch, unit_level) as table
    select
        assessment_unit(unit_level, w.community_code, c.centre_id) as unit_id,
        w.wish_id, w.community_code, w.raised_on, w.category, w.content, w.claimed_on, w.claimed_by,
        w.claimer_type, w.fulfilled_on, w.status,
        true as collected,
        wish_is_claimed(w.claimed_on, w.fulfilled_on, w.status) as claimed,
        wish_is_fulfilled(w.fulfilled_on, w.status) as fulfilled,
    from wishes w
    left join scoped_centres(r, cid, ctype, batch) c
        on unit_level = 'centre' and c.community_code = w.community_code
    where w.raised_on >= date_from and w.raised_on < date_to
      and community_in_scope(w.community_code, r, cid, ctype, batch)
      and (unit_level <> 'centre' or c.centre_id is not null);
