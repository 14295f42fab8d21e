-- Is this the demo database? The demo builder writes demo_scale into meta; a real database has none.
-- params: none
-- columns: demo (boolean)
select count(*) > 0 as demo
from meta
where key = 'demo_scale'
