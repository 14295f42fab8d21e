-- Records past the retention period (config/app.toml [privacy]): every row of a table with personal
-- columns (grassroots/schema/personal.toml) that was finished before $cutoff. A ticket is finished when
-- closed, cancelled or merged as a duplicate (an open ticket keeps its reporter, however old); a wish
-- when fulfilled, else claimed, else raised; the other records on their own day.
-- params: $cutoff (DATE)
-- columns: table_name, row_id (the row's DuckDB rowid, for grassroots/retention.py's update)
select 'tickets' as table_name, rowid as row_id
from tickets
where status <> 'open' and coalesce(closed_at, reported_at) < $cutoff
union all
select 'wishes', rowid from wishes where coalesce(fulfilled_on, claimed_on, raised_on) < $cutoff
union all
select 'activities', rowid from activities where date < $cutoff
union all
select 'volunteering', rowid from volunteering where date < $cutoff
union all
select 'party_member_reports', rowid from party_member_reports where reported_on < $cutoff
union all
select 'import_log', rowid from import_log where imported_at < $cutoff
