-- The SQL console's model: one view per table an analyst may read, over the database attached
-- read-only as `model`, each narrowed to the console's region scope. These are the views of schema
-- `scoped`; grassroots/console.py puts a view of the same name in front of each, with every personal
-- column (grassroots/schema/personal.toml) passed through its mask function (masking, or passing
-- through for a role that may see personal data), and the console reads only those. Tables not
-- listed here are not visible.
-- The scope is the session variable console_scope, a region code prefix ('' = every region):
-- records of a community count when its code starts with the prefix, records of a centre when the
-- centre's community does, regions and programmes when they lie in or around the prefix.
-- params: none (the scope is set with `set variable console_scope` before this runs)
-- writes: schema scoped and in it views scoped_centre_ids, regions, centres, centre_items, service_items,
--         service_records, activities, tickets, wishes, volunteering, party_member_reports, programmes,
--         programme_targets, region_boundaries, rollup_services_daily, rollup_tickets_monthly, import_log
--         in the console's in-memory catalog
create schema scoped;
create view scoped.scoped_centre_ids as
    select centre_id from model.centres where starts_with(community_code, getvariable('console_scope'));
create view scoped.regions as
    select * from model.regions
    where starts_with(code, getvariable('console_scope')) or starts_with(getvariable('console_scope'), code);
create view scoped.centres as
    select * from model.centres where starts_with(community_code, getvariable('console_scope'));
create view scoped.centre_items as
    select * from model.centre_items where centre_id in (select centre_id from scoped.scoped_centre_ids);
create view scoped.service_items as
    select * from model.service_items;
create view scoped.service_records as
    select * from model.service_records where centre_id in (select centre_id from scoped.scoped_centre_ids);
create view scoped.activities as
    select * from model.activities where centre_id in (select centre_id from scoped.scoped_centre_ids);
create view scoped.tickets as
    select * from model.tickets where starts_with(coalesce(community_code, ''), getvariable('console_scope'));
create view scoped.wishes as
    select * from model.wishes where starts_with(community_code, getvariable('console_scope'));
create view scoped.volunteering as
    select * from model.volunteering where centre_id in (select centre_id from scoped.scoped_centre_ids);
create view scoped.party_member_reports as
    select * from model.party_member_reports where starts_with(community_code, getvariable('console_scope'));
create view scoped.programmes as
    select * from model.programmes
    where starts_with(region_code, getvariable('console_scope')) or starts_with(getvariable('console_scope'), region_code);
create view scoped.programme_targets as
    select * from model.programme_targets where programme_id in (select programme_id from scoped.programmes);
create view scoped.region_boundaries as
    select * from model.region_boundaries
    where starts_with(code, getvariable('console_scope')) or starts_with(getvariable('console_scope'), code);
create view scoped.rollup_services_daily as
    select * from model.rollup_services_daily where centre_id in (select centre_id from scoped.scoped_centre_ids);
create view scoped.rollup_tickets_monthly as
    select * from model.rollup_tickets_monthly where starts_with(community_code, getvariable('console_scope'));
create view scoped.import_log as
    select * from model.import_log where getvariable('console_scope') = '';
