-- The ticket categories (问题大类) reported in the window and scope, most frequent first, for the
-- page's category picker (from rollup_tickets_daily; cancelled and duplicates included).
-- params: $date_from, $date_to, $region, $centre_id, $centre_type, $pilot_batch
-- columns: category, tickets
select category, sum(received + cancelled)::bigint as tickets,
from rollup_tickets_daily
where day >= $date_from and day < $date_to
  and category <> ''
  and community_in_scope(nullif(community_code, ''), $region, $centre_id, $centre_type, $pilot_batch)
group by category
order by tickets desc, category
