-- The SQL console's model: one view per table an analyst may read, over the database attached
-- read-only as `model`, each narrowed to the console's region scope and with residents' personal
-- data passed through the mask functions (grassroots/console.py registers them: masking, or passing
-- through for a role that may see personal data). Tables not listed here are not visible.
-- The scope is the session variable console_scope, a region code prefix ('' = every region):
-- records of a community count when its code starts with the prefix, records of a centre when the
-- centre's community does, regions and programmes when they lie in or around the prefix.
-- params: none (the scope is set with `set variable console_scope` before this runs)
-- writes: views regions, centres, centre_items, service_items, service_records, activities, tickets,
--         wishes, volunteering, party_member_reports, programmes, programme_targets, region_boundaries,
--         rollup_services_daily, rollup_tickets_daily, import_log in the console's in-memory catalog
create view scoped_centre_ids as
    select centre_id from model.centres where starts_with(community_code, getvariable('console_scope'));
create view regions as
    select * from model.regions
    where starts_with(code, getvariable('console_scope')) or starts_with(getvariable('console_scope'), code);
create view centres as
    select * from model.centres where starts_with(community_code, getvariable('console_scope'));
create view centre_items as
    select * from model.centre_items where centre_id in (select centre_id from scoped_centre_ids);
create view service_items as
    select * from model.service_items;
create view service_records as
    select * from model.service_records where centre_id in (select centre_id from scoped_centre_ids);
create view activities as
    select * from model.activities where centre_id in (select centre_id from scoped_centre_ids);
create view tickets as
    select * replace (
        mask_name(reporter_name) as reporter_name,
        mask_phone(reporter_phone) as reporter_phone,
        mask_id(reporter_id_number) as reporter_id_number,
        mask_address(reporter_address) as reporter_address
    )
    from model.tickets where starts_with(coalesce(community_code, ''), getvariable('console_scope'));
create view wishes as
    select * from model.wishes where starts_with(community_code, getvariable('console_scope'));
create view volunteering as
    select * from model.volunteering where centre_id in (select centre_id from scoped_centre_ids);
create view party_member_reports as
    select * from model.party_member_reports where starts_with(community_code, getvariable('console_scope'));
create view programmes as
    select * from model.programmes
    where starts_with(region_code, getvariable('console_scope')) or starts_with(getvariable('console_scope'), region_code);
create view programme_targets as
    select * from model.programme_targets where programme_id in (select programme_id from programmes);
create view region_boundaries as
    select * from model.region_boundaries
    where starts_with(code, getvariable('console_scope')) or starts_with(getvariable('console_scope'), code);
create view rollup_services_daily as
    select * from model.rollup_services_daily where centre_id in (select centre_id from scoped_centre_ids);
create view rollup_tickets_daily as
    select * from model.rollup_tickets_daily where starts_with(community_code, getvariable('console_scope'));
create view import_log as
    select * from model.import_log where getvariable('console_scope') = '';
