-- Volunteering by month at centres in scope: volunteers, hours, points earned and redeemed, and
-- points outstanding at each month's end. Every month of the window appears.
-- params: $date_from, $date_to (DATE, exclusive; months are reported whole), $region, $centre_id,
--         $centre_type, $pilot_batch
-- columns: month (DATE), volunteers, hours, points_earned, points_redeemed, outstanding_end
with v as (
    select v.*
    from volunteering v
    join scoped_centres($region, $centre_id, $centre_type, $pilot_batch) c using (centre_id)
    where v.date < $date_to
),
months as (
    select unnest(generate_series(date_trunc('month', $date_from::date), $date_to::date - interval 1 day,
                                  interval 1 month))::date as month
),
g as (
    select date_trunc('month', date)::date as month, count(distinct volunteer_id) as volunteers,
           sum(hours) as hours, sum(points_earned) as points_earned, sum(points_redeemed) as points_redeemed,
    from v
    where date >= date_trunc('month', $date_from::date)
    group by 1
),
opening as (
    select coalesce(sum(points_earned - points_redeemed), 0) as balance,
    from v
    where date < date_trunc('month', $date_from::date)
)
select
    months.month,
    coalesce(g.volunteers, 0) as volunteers,
    coalesce(g.hours, 0) as hours,
    coalesce(g.points_earned, 0) as points_earned,
    coalesce(g.points_redeemed, 0) as points_redeemed,
    opening.balance + sum(coalesce(g.points_earned, 0) - coalesce(g.points_redeemed, 0))
        over (order by months.month) as outstanding_end,
from months
cross join opening
left join g using (month)
order by months.month
