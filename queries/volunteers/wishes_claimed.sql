-- Resident wishes (微心愿) raised in a window and scope, by who claimed them (party members, co-building
-- units, volunteers, others). claimed and fulfilled as the macro assessment_wishes defines them.
-- params: $date_from, $date_to (DATE, exclusive), $region, $centre_id, $centre_type, $pilot_batch
-- columns: claimer_type ('' = not claimed yet), wishes, claimed, fulfilled, claim_share (of all
--          claimed wishes), fulfilment_rate (fulfilled / claimed)
with w as (
    select *
    from assessment_wishes($date_from, $date_to, $region, $centre_id, $centre_type, $pilot_batch, 'community')
),
g as (
    select case when claimed then coalesce(nullif(trim(claimer_type), ''), '其他') else '' end as claimer_type,
           count(*) as wishes,
           count(*) filter (where claimed) as claimed,
           count(*) filter (where fulfilled) as fulfilled,
    from w
    group by 1
)
select claimer_type, wishes, claimed, fulfilled,
       claimed / nullif(sum(claimed) over (), 0) as claim_share,
       fulfilled / nullif(claimed, 0) as fulfilment_rate,
from g
order by coalesce(list_position(['党员', '共建单位', '志愿者', '其他', ''], claimer_type), 90), claimer_type
