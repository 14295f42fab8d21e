-- Is this the demo database, holding nothing but the demo's own records? The demo builder writes
-- demo_scale into meta and imports nothing; a real database has no demo_scale. The first import that
-- added or changed records (a boundary file counts as one: its changes are not counted) ends it being
-- the demo database, and its one-click sign-in with it; re-importing the demo's own exports does not.
-- params: none
-- columns: demo (boolean)
select (select count(*) > 0 from meta where key = 'demo_scale')
       and not exists (
           select 1 from import_log where coalesce(rows_new, 1) > 0 or coalesce(rows_updated, 0) > 0
       ) as demo
