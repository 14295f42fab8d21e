-- Tickets in the standard export layout (exports.md 诉求工单), for measuring import speed.
-- params: $n (how many tickets, newest first is not needed: the first $n by id)
-- columns: 工单编号, 来源渠道, 问题大类, 问题小类, 网格编码, 社区代码, 上报时间, 受理时间, 派遣时间, 处置时间,
--          核查时间, 结案时间, 办理时限, 承办部门, 是否吹哨, 返工次数, 满意度, 诉求内容, 诉求人, 联系电话, 状态
select
    ticket_id as 工单编号,
    source as 来源渠道,
    category as 问题大类,
    subcategory as 问题小类,
    grid_code as 网格编码,
    community_code as 社区代码,
    strftime(reported_at, '%Y-%m-%d %H:%M:%S') as 上报时间,
    strftime(accepted_at, '%Y-%m-%d %H:%M:%S') as 受理时间,
    strftime(dispatched_at, '%Y-%m-%d %H:%M:%S') as 派遣时间,
    strftime(handled_at, '%Y-%m-%d %H:%M:%S') as 处置时间,
    strftime(verified_at, '%Y-%m-%d %H:%M:%S') as 核查时间,
    strftime(closed_at, '%Y-%m-%d %H:%M:%S') as 结案时间,
    case when due_source = 'ticket' then strftime(due_at, '%Y-%m-%d %H:%M:%S') end as 办理时限,
    department as 承办部门,
    case when escalated then '是' else '否' end as 是否吹哨,
    rework_count as 返工次数,
    satisfaction as 满意度,
    description as 诉求内容,
    reporter_name as 诉求人,
    reporter_phone as 联系电话,
    coalesce(source_status, case status when 'closed' then '已办结' when 'open' then '办理中' else '已关闭' end) as 状态,
from tickets
where community_code is not null
order by ticket_id
limit $n
