-- 微心愿: wishes raised in the window in scope, per group (the macro wish_cohort defines the group and
-- when a wish counts as claimed or fulfilled).
--   claim rate 认领率 = claimed / collected;  fulfilment rate 完成率 = fulfilled / claimed
-- params: $date_from, $date_to, $region, $centre_id, $centre_type, $pilot_batch, $wish_dim
--         ($wish_dim: category, street, community, claimer_type; anything else: one group '')
-- columns: grp, label, collected, claimed, fulfilled, claim_rate, fulfil_rate, median_days_to_claim,
--          median_days_to_fulfil (claim -> fulfilment)
with agg as (
    select grp,
           count(*) as collected,
           count(*) filter (where is_claimed) as claimed,
           count(*) filter (where is_fulfilled) as fulfilled,
           median(date_diff('day', raised_on, claimed_on)) as median_days_to_claim,
           median(date_diff('day', claimed_on, fulfilled_on)) as median_days_to_fulfil,
    from wish_cohort($date_from, $date_to, $region, $centre_id, $centre_type, $pilot_batch, $wish_dim)
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
