-- 006: the tickets page's cohort - the facts of tickets reported in a window and scope (defined
-- once in 004 ticket_facts), narrowed to a category, with a group label for breakdowns.
-- as_of: "now" (TIMESTAMP); date_from, date_to: reported_at window (exclusive end);
-- r, cid, ctype, batch: the shared scope (003); cat: category or null (all);
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
