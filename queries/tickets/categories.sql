-- The ticket categories (问题大类) reported in the window and scope, most frequent first, for the
-- page's category picker (from the monthly ticket rollup, 014; cancelled and duplicates included).
-- params: $date_from, $date_to, $as_of (the data's newest record), $region, $centre_id, $centre_type,
--         $pilot_batch
-- columns: category, tickets
select category, sum(n + void_n)::bigint as tickets,
from tickets_monthly_in($date_from, $date_to, $as_of)
where category <> ''
  and community_in_scope(nullif(community_code, ''), $region, $centre_id, $centre_type, $pilot_batch)
group by category
having sum(n + void_n) > 0
order by tickets desc, category
