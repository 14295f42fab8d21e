-- The texts of the tickets behind hot-spot cells, for their keywords: received tickets reported in
-- [$texts_from, $texts_to) whose cell ('YYYY-MM-01|community_code|category|subcategory') is in $cells,
-- the newest $texts_per_cell of each cell, in scope.
-- params: $texts_from, $texts_to, $cells, $texts_per_cell, $region, $centre_id, $centre_type, $pilot_batch
-- columns: cell, description
select cell, description
from (
    select strftime(date_trunc('month', t.reported_at), '%Y-%m-%d') || '|' || t.community_code || '|'
               || coalesce(t.category, '') || '|' || coalesce(t.subcategory, '') as cell,
           t.description, t.reported_at, t.ticket_id
    from tickets t
    where t.reported_at >= $texts_from::timestamp and t.reported_at < $texts_to::timestamp
      and t.status not in ('cancelled', 'duplicate')
      and t.description is not null
      and t.community_code in (select split_part(c, '|', 2) from (select unnest($cells::varchar[]) as c))
      and t.subcategory in (select split_part(c, '|', 4) from (select unnest($cells::varchar[]) as c))
      and community_in_scope(t.community_code, $region, $centre_id, $centre_type, $pilot_batch)
) x
where list_contains($cells::varchar[], cell)
qualify row_number() over (partition by cell order by reported_at desc, ticket_id) <= $texts_per_cell
order by cell, reported_at desc, ticket_id
