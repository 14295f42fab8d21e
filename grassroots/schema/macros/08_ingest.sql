-- Conversion macros of the import (grassroots/ingest/statements.py builds its statements on them).
--   ingest_blank(s)       trimmed text, NULL when blank
--   ingest_num(s)         a number, thousands separators and spaces allowed; NULL if not a number
--   ingest_int(s)         a whole number; NULL if not one
--   ingest_ts(s, fmts)    a timestamp: ISO 'YYYY-MM-DD[ HH:MM[:SS]]', one of the strptime formats `fmts`
--                         (a LIST), ISO 8601 with 'T' and an offset (the offset is dropped, the
--                         clock time kept), or an Excel serial day number (1901..2099)
--   ingest_year_ok(t)     whether a parsed date lies within 1950..2100 (others are bad dates)
--   ingest_time(s)        a clock time: HH:MM[:SS], 14时05分, an Excel day fraction, or a timestamp
--   ingest_is_total(s)    whether a row's first cell marks a total row (合计 / 总计) that ends the data
create or replace macro ingest_blank(s) as nullif(trim(s), '');

create or replace macro ingest_num(s) as
    try_cast(replace(replace(replace(replace(s, ',', ''), '，', ''), ' ', ''), '_', '') as double);

create or replace macro ingest_int(s) as
    case when ingest_num(s) = round(ingest_num(s)) and abs(ingest_num(s)) < 1e15 then ingest_num(s)::bigint end;

-- Excel's 1900 date system: day 1 is 1900-01-01 and day 60 the phantom 1900-02-29, so from day 61
-- on a serial counts days since 1899-12-30.
create or replace macro ingest_serial(x) as
    timestamp '1899-12-30' + to_microseconds(round(x * 86400000000)::bigint);

-- ISO text (YYYY-...) without an offset takes DuckDB's fast cast first; other forms try the formats
-- in order. The year range (1950..2100) is checked by the validation, not here.
create or replace macro ingest_ts_local(s, fmts) as
    case when substr(s, 5, 1) = '-' then coalesce(try_cast(s as timestamp), try_strptime(s, fmts))
         else try_strptime(s, fmts) end;

create or replace macro ingest_ts_forms(s, fmts) as
    case
        when s like '%T%' or s like '%Z'
            then ingest_ts_local(regexp_replace(replace(s, 'T', ' '), '(Z|[+-][0-9][0-9]:?[0-9][0-9])$', ''), fmts)
        when substr(s, 5, 1) = '-' then coalesce(try_cast(s as timestamp), try_strptime(s, fmts))
        when try_cast(s as double) between 367 and 73051 then ingest_serial(try_cast(s as double))
        else try_strptime(s, fmts)
    end;

-- Text that starts 'YYYY-' is first given to DuckDB's cast (which reads a 'T' between date and time and
-- drops a 'Z' or an offset, keeping the clock time, as ingest_ts_forms does, and allows spaces around);
-- the other forms, and what the cast refuses, go through ingest_ts_forms, trimmed.
create or replace macro ingest_ts(s, fmts) as
    case when strpos(s, '-') = 5 then coalesce(try_cast(s as timestamp), ingest_ts_forms(trim(s), fmts))
         else ingest_ts_forms(trim(s), fmts) end;

-- whether a parsed date lies in the years the import accepts
create or replace macro ingest_year_ok(t) as year(t) between 1950 and 2100;

create or replace macro ingest_time(s) as
    case
        when try_cast(s as double) >= 0 and try_cast(s as double) < 1
            then (timestamp '2000-01-01' + to_microseconds(round(try_cast(s as double) * 86400000000)::bigint))::time
        else coalesce(
            try_strptime(s, ['%H:%M:%S', '%H:%M', '%H时%M分%S秒', '%H时%M分', '%H点%M分', '%H点', '%H时'])::time,
            try_cast(s as timestamp)::time)
    end;

create or replace macro ingest_is_total(s) as
    replace(coalesce(s, ''), ' ', '') like '合计%' or replace(coalesce(s, ''), ' ', '') like '总计%';
