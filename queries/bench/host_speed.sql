-- A fixed piece of work for the bench to time on this host (python -m grassroots bench, section "host"): the hash of
-- every number below $n, summed. The same work on a slower host takes longer, so bench runs on different days can
-- be told apart by it; nothing in the app reads it.
-- params: $n (BIGINT)
-- columns: n, total
select count(*) as n, sum(hash(i) % 1000) as total,
from range($n) as t (i)
