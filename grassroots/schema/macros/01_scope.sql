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
