-- 微心愿: wishes raised in the window in scope, per group. A wish is claimed when it has a claim
-- date or its status says claimed or done, fulfilled when it has a fulfilment date or is done.
--   claim rate 认领率 = claimed / collected;  fulfilment rate 完成率 = fulfilled / claimed
-- params: $date_from, $date_to, $region, $centre_id, $centre_type, $pilot_batch, $wish_dim
--         ($wish_dim: category, street, community, claimer_type; anything else: one group '')
-- columns: grp, label, collected, claimed, fulfilled, claim_rate, fulfil_rate, median_days_to_claim,
--          median_days_to_fulfil (claim -> fulfilment)
with w as (
    select
        case $wish_dim
            when 'category' then coalesce(category, '')
            when 'street' then left(community_code, 9)
            when 'community' then community_code
            when 'claimer_type' then coalesce(claimer_type, '')
            else ''
        end as grp,
        claimed_on is not null or status in ('已认领', '已完成') as is_claimed,
        fulfilled_on is not null or status = '已完成' as is_fulfilled,
        date_diff('day', raised_on, claimed_on) as days_to_claim,
        date_diff('day', claimed_on, fulfilled_on) as days_to_fulfil,
    from wishes
    where raised_on >= $date_from and raised_on < $date_to
      and community_in_scope(community_code, $region, $centre_id, $centre_type, $pilot_batch)
),
agg as (
    select grp,
           count(*) as collected,
           count(*) filter (where is_claimed) as claimed,
           count(*) filter (where is_fulfilled) as fulfilled,
           median(days_to_claim) as median_days_to_claim,
           median(days_to_fulfil) as median_days_to_fulfil,
    from w
    group by grp
)
select
    agg.grp,
    coalesce(r.name, agg.grp) as label,
    agg.collected,
    agg.claimed,
    agg.fulfilled,
    agg.claimed / nullif(agg.collected, 0) as claim_rate,
    agg.fulfilled / nullif(agg.claimed, 0) as fulfil_rate,
    agg.median_days_to_claim,
    agg.median_days_to_fulfil,
from agg
left join regions r on r.code = agg.grp and $wish_dim in ('street', 'community')
order by agg.collected desc, agg.grp
