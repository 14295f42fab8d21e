-- Re-aggregate rollup_services_daily for the days in $days (a LIST of DATE; NULL: every day).
-- params: $days, $day_min, $day_max (bounds of $days, or NULL)
-- needs: temp table ext_spans(weekend boolean, start_min integer, end_min integer): minutes of the day
-- writes: rollup_services_daily (day, centre_id, channel, n, n_finished, n_rated, rating_sum,
--         n_satisfied, n_tongban, n_extended)
insert into rollup_services_daily
with recs as (
    select
        s.accepted_at::date as day,
        s.centre_id,
        s.channel,
        s.finished_at,
        s.rating,
        s.applicant_community_code,
        c.community_code as centre_community,
        exists (  -- noqa: LT01,LT06
            select 1 from ext_spans e
            where e.weekend = (isodow(s.accepted_at) >= 6)
              and hour(s.accepted_at) * 60 + minute(s.accepted_at) >= e.start_min
              and hour(s.accepted_at) * 60 + minute(s.accepted_at) < e.end_min
        ) as is_extended,
    from service_records s
    left join centres c using (centre_id)
    where $days is null
       or (s.accepted_at >= $day_min::date and s.accepted_at < $day_max::date + interval 1 day
           and list_contains($days::date[], s.accepted_at::date))
)
select
    day,
    centre_id,
    channel,
    count(*) as n,
    count(finished_at) as n_finished,
    count(rating) as n_rated,
    coalesce(sum(rating), 0) as rating_sum,
    count(*) filter (where rating >= 3) as n_satisfied,
    count(*) filter (where applicant_community_code is not null
                       and applicant_community_code <> centre_community) as n_tongban,
    count(*) filter (where is_extended) as n_extended,
from recs
group by all
