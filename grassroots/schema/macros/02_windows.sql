-- Date windows read from month-grain rollups: whole months from the rollup, the days at the window's
-- edges from finer data (the builders of 05_services.sql and 06_volunteering.sql; their readers, the
-- *_in macros, are made from one text: grassroots/schema/migrate.py WINDOW_READERS).

-- The first day of the first whole month of a window starting on date_from.
create or replace macro whole_from(date_from) as
    case when date_trunc('month', date_from::date)::date = date_from::date then date_from::date
         else (date_trunc('month', date_from::date) + interval 1 month)::date end;

-- The end (exclusive) of the last whole month of a window ending before date_to. A window that runs
-- past as_of (the data's newest record) holds its last month whole: no record comes later.
create or replace macro whole_to(date_to, as_of) as
    case when date_to::date::timestamp > as_of::timestamp
         then (date_trunc('month', date_to::date - interval 1 day) + interval 1 month)::date
         else date_trunc('month', date_to::date)::date end;

-- Whether t lies in [lo, hi) but not in [skip_from, skip_to): the finer rows a window reads beside the
-- whole months it takes from a rollup (the *_agg macros).
create or replace macro in_edges(t, lo, hi, skip_from, skip_to) as
    t >= lo and t < hi and not (t >= skip_from and t < skip_to);

-- Whether a rollup's month m is one of the whole months of the window [date_from, date_to).
create or replace macro in_whole_months(m, date_from, date_to, as_of) as
    m >= whole_from(date_from) and m < whole_to(date_to, as_of);

-- The end (exclusive) of the days a window [.., date_to) holds data for: the day after as_of (the data's
-- newest record) when the window runs past it. A series of months or days (window_months, a trend, a flow)
-- stops there: a month after the data's last is not a month of zeros but one nobody has imported yet.
create or replace macro data_to(date_to, as_of) as
    least(date_to::date, (as_of::timestamp::date + interval 1 day)::date);

-- The first day of every month the window [date_from, date_to) touches, up to the data's newest record (none
-- for a window starting after it).
create or replace macro window_months(date_from, date_to, as_of) as table
    select unnest(generate_series(date_trunc('month', date_from::date), data_to(date_to, as_of) - interval 1 day,
                                  interval 1 month))::date as month
    where data_to(date_to, as_of) > date_from::date;

-- Rows by month and group filled out to every month of the window [date_from, date_to) up to the data's newest
-- record (as_of), for every group that has a row: the relation named rel (a CTE of the calling query, read
-- through query_table) holds month, grp and count columns; a month without a group's row gets 0 in each count
-- column.
create or replace macro months_filled(rel, date_from, date_to, as_of) as table
    select month, grp, coalesce(columns(lambda c: c not in ('month', 'grp')), 0),
    from window_months(date_from, date_to, as_of)
    cross join (select distinct grp from query_table(rel))
    left join query_table(rel) using (month, grp);
