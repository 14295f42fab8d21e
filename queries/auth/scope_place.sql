-- The place an account's scope names: the region's name, or the centre's name and community.
-- params: $code (region code, '' for none), $centre (centre id or null)
-- columns: region_name (null when unknown), centre_name (null when unknown), centre_community
select
    (select name from regions where code = $code) as region_name,
    (select name from centres where centre_id = $centre) as centre_name,
    (select community_code from centres where centre_id = $centre) as centre_community
