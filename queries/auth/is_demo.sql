-- Is this the demo database, holding nothing but the demo's own records? The demo builder writes
-- demo_scale into meta and imports nothing; a real database has no demo_scale, and the first import of
-- other data into the demo database ends it being one (its one-click sign-in goes with it).
-- params: none
-- columns: demo (boolean)
select (select count(*) > 0 from meta where key = 'demo_scale')
       and not exists (select 1 from import_log) as demo
