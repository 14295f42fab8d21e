-- The shared filter scope, defined once for every query.
-- r: region code prefix ('' for all); cid: centre id or null; ctype: centre type or null;
-- batch: pilot batch or null.

-- centres in scope
create or replace macro scoped_centres(r, cid, ctype, batch) as table
    select *
    from centres
    where starts_with(community_code, r)
      and (cid is null or centre_id = cid)
      and (ctype is null or type = ctype)
      and (batch is null or pilot_batch = batch);

-- a community-level record (ticket, wish, party member) is in scope when its community lies in the
-- region and, if a centre filter is set, a centre in scope stands in that community.
create or replace macro community_in_scope(code, r, cid, ctype, batch) as
    starts_with(coalesce(code, ''), r)
    and (
        (cid is null and ctype is null and batch is null)
        or code in (select community_code from scoped_centres(r, cid, ctype, batch))
    );

-- The same for a scope without a centre filter (cid, ctype and batch null): the region alone. Its value is
-- community_in_scope's then; grassroots/sql.py calls it in place of community_in_scope for such a scope, sparing
-- the planning and the join of the centres' subquery.
create or replace macro community_in_region(code, r, cid, ctype, batch) as
    starts_with(coalesce(code, ''), r);

-- The centres in scope with the names of their community and street.
create or replace macro placed_centres(r, cid, ctype, batch) as table
    select c.*, cm.name as community, st.name as street
    from scoped_centres(r, cid, ctype, batch) c
    left join regions cm on cm.code = c.community_code
    left join regions st on st.code = left(c.community_code, 9);

-- The code of the area a centre serves: its street for a street-level centre (a 党群服务中心 registered
-- to a street code, or named after its street, e.g. 关上街道党群服务中心), otherwise its community.
create or replace macro served_code(community_code, ctype, name, street) as
    case when length(community_code) = 9 or (ctype = '党群服务中心' and starts_with(name, coalesce(street, name || '-')))
         then left(community_code, 9) else community_code end;

-- The population a rate per 1,000 divides by: the residents, and the floating population as well when
-- with_floating.
create or replace macro population_of(residents, floating, with_floating) as
    residents + case when with_floating then floating else 0 end;
