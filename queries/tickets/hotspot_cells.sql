-- Hot-spot cells (热点诉求): community x category x subcategory cells of each calendar month starting in
-- [$date_from, $date_to), from rollup_tickets_subcat_monthly, with what their expectation is made of:
-- baseline_n, the same cell's received tickets over the previous $baseline_months months, and
-- baseline_months, how many of those months the data holds any ticket in (months before the data
-- began do not count as zeros). Without $pairs: only cells with at least $min_count tickets (the
-- candidates). With $pairs (a LIST of 'community_code|category|subcategory'): every month of those
-- pairs, zero months included (their history). Tickets naming no community are left out.
-- params: $date_from, $date_to, $as_of, $region, $centre_id, $centre_type, $pilot_batch, $category,
--         $baseline_months, $min_count, $pairs
-- columns: month, community_code, community, street, lon, lat, category, subcategory, n, baseline_n,
--          baseline_months, month_share (the share of the month before $as_of: 1 for past months)
with bounds as (
    select date_trunc('month', $date_from::date)::date as first_month,
           (date_trunc('month', $date_from::date) - to_months($baseline_months::integer))::date as base_from
),
scoped as (
    select r.*
    from rollup_tickets_subcat_monthly r, bounds b
    where r.month >= b.base_from and r.month < $date_to::date
      and r.community_code <> ''
      and community_in_scope(r.community_code, $region, $centre_id, $centre_type, $pilot_batch)
),
cells as (
    select * from scoped where $category is null or category = $category
),
covered as (   -- months the data holds any ticket in, anywhere: before the first, history is unknown, not zero
    select distinct r.month
    from rollup_tickets_subcat_monthly r, bounds b
    where r.month >= b.base_from and r.month < $date_to::date
),
target as (
    select c.month, c.community_code, c.category, c.subcategory, c.n
    from cells c, bounds b
    where $pairs is null and c.month >= b.first_month and c.n >= $min_count
    union all
    select m.month, p.community_code, p.category, p.subcategory, coalesce(c.n, 0) as n
    from (select unnest(generate_series(b.first_month::timestamp, (data_to($date_to, $as_of) - interval 1 day)::timestamp,
                                        interval 1 month))::date as month from bounds b) m
    cross join (select split_part(x, '|', 1) as community_code, split_part(x, '|', 2) as category,
                       split_part(x, '|', 3) as subcategory
                from (select unnest($pairs::varchar[]) as x)) p
    left join cells c using (month, community_code, category, subcategory)
    where $pairs is not null
),
base as (
    select t.month, t.community_code, t.category, t.subcategory, any_value(t.n) as n,
           coalesce(sum(c.n), 0)::bigint as baseline_n
    from target t
    left join cells c
      on c.community_code = t.community_code and c.category = t.category and c.subcategory = t.subcategory
     and c.month < t.month and c.month >= t.month - to_months($baseline_months::integer)
    group by all
),
cover as (
    select t.month, count(v.month)::integer as baseline_months
    from (select distinct month from target) t
    left join covered v on v.month < t.month and v.month >= t.month - to_months($baseline_months::integer)
    group by all
)
select b.month, b.community_code, r.name as community, s.name as street, r.lon, r.lat,
       b.category, b.subcategory, b.n, b.baseline_n, v.baseline_months,
       least(1.0, greatest(0.0, date_diff('second', b.month::timestamp, $as_of::timestamp)
             / date_diff('second', b.month::timestamp, (b.month + interval 1 month)::timestamp)))::double as month_share,
from base b
join cover v using (month)
left join regions r on r.code = b.community_code
left join regions s on s.code = r.parent_code
order by b.month, b.community_code, b.category, b.subcategory
