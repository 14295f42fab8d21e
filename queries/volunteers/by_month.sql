-- Volunteering by month at centres in scope: volunteers, hours, points earned and redeemed, and points
-- outstanding at each month's end. Every month of the window appears. Sums from the monthly rollup
-- (the macro volunteering_in); volunteers from the records.
-- params: $date_from, $date_to (DATE, exclusive; months are reported whole), $as_of (TIMESTAMP), $region,
--         $centre_id, $centre_type, $pilot_batch
-- columns: month (DATE), volunteers, hours, points_earned, points_redeemed, outstanding_end
with c as (
    select centre_id from scoped_centres($region, $centre_id, $centre_type, $pilot_batch)
),
months as (
    select * from window_months($date_from, $date_to, $as_of)
),
sums as (
    select r.month, sum(r.hours) as hours, sum(r.points_earned) as points_earned,
           sum(r.points_redeemed) as points_redeemed,
    from volunteering_in(date_trunc('month', $date_from::date)::date, $date_to, $as_of) r
    where r.centre_id in (select centre_id from c)
    group by 1
),
people as (
    select date_trunc('month', v.date)::date as month, count(distinct v.volunteer_id) as volunteers,
    from volunteering v
    where v.date >= date_trunc('month', $date_from::date) and v.date < $date_to
      and v.centre_id in (select centre_id from c)
    group by 1
),
opening as (
    select coalesce(sum(r.points_earned - r.points_redeemed), 0) as balance,
    from volunteering_in(date '0001-01-01', date_trunc('month', $date_from::date)::date, $as_of) r
    where r.centre_id in (select centre_id from c)
)
select
    months.month,
    coalesce(people.volunteers, 0) as volunteers,
    coalesce(sums.hours, 0) as hours,
    coalesce(sums.points_earned, 0) as points_earned,
    coalesce(sums.points_redeemed, 0) as points_redeemed,
    opening.balance + sum(coalesce(sums.points_earned, 0) - coalesce(sums.points_redeemed, 0))
        over (order by months.month) as outstanding_end,
from months
cross join opening
left join sums using (month)
left join people using (month)
order by months.month
