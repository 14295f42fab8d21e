"""The service-item catalogue (事项清单) of the demo places.

Each item: (name, 1+6+X category, can be done online, median processing time in minutes, popularity).
Kunming's lists follow 小街社区's published 30 government-service items and 25 proxy items; Daxing's
follow 魏善庄's "47+N" high-frequency list; Putian's are the centres' high-frequency items.
"""

from __future__ import annotations

from dataclasses import dataclass

DAY = 24 * 60


@dataclass(frozen=True)
class Item:
    code: str
    name: str
    category: str
    list_kind: str  # 政务服务 / 代办 / 高频
    online: bool
    median_minutes: float
    popularity: float


# name, category, online, median minutes, popularity
KM_GOV = (
    ("城乡居民基本养老保险参保登记", "老有所养", True, 20, 8),
    ("城乡居民养老保险待遇申领", "老有所养", False, 3 * DAY, 4),
    ("城乡居民基本医疗保险参保登记", "病有所医", True, 15, 10),
    ("医保关系转移接续", "病有所医", True, 5 * DAY, 3),
    ("医疗费用零星报销", "病有所医", False, 10 * DAY, 4),
    ("门诊慢特病待遇认定", "病有所医", False, 7 * DAY, 2),
    ("残疾人证办理", "其他", False, 20 * DAY, 1.5),
    ("残疾人两项补贴申请", "其他", False, 15 * DAY, 1.2),
    ("生育登记", "幼有所育", True, 15, 5),
    ("生育津贴申领", "幼有所育", False, 10 * DAY, 2),
    ("独生子女父母光荣证办理", "幼有所育", False, 5 * DAY, 0.5),
    ("就业登记", "事有所办", True, 15, 6),
    ("失业登记", "事有所办", True, 15, 3),
    ("就业困难人员认定", "事有所办", False, 7 * DAY, 1),
    ("灵活就业人员社保登记", "事有所办", True, 20, 4),
    ("居住证办理", "事有所办", False, 7 * DAY, 7),
    ("老年人优待证办理", "老有所养", False, 3 * DAY, 5),
    ("高龄津贴申领", "老有所养", False, 10 * DAY, 3),
    ("最低生活保障申请", "事有所办", False, 20 * DAY, 1),
    ("临时救助申请", "事有所办", False, 7 * DAY, 0.6),
    ("社会保障卡申领", "事有所办", True, 30, 7),
    ("社会保障卡挂失补换", "事有所办", True, 20, 5),
    ("计划生育家庭特别扶助申请", "幼有所育", False, 15 * DAY, 0.3),
    ("城乡居民医保缴费", "病有所医", True, 5, 12),
    ("退役军人优待证申领", "其他", False, 10 * DAY, 0.8),
    ("婚姻登记预约", "幼有所育", True, 10, 1.5),
    ("流动人口婚育证明", "幼有所育", False, 2 * DAY, 0.7),
    ("困难职工帮扶申请", "事有所办", False, 10 * DAY, 0.4),
    ("殡葬补贴申领", "老有所养", False, 10 * DAY, 0.5),
    ("养老服务补贴申请", "老有所养", False, 10 * DAY, 1.5),
)
KM_PROXY = (
    ("团组织关系转接", "事有所办", True, 2 * DAY, 1.5),
    ("党组织关系转接", "事有所办", False, 3 * DAY, 2),
    ("居民身份证办理代办", "事有所办", False, 15 * DAY, 4),
    ("户口迁移代办", "事有所办", False, 10 * DAY, 2),
    ("新生儿落户代办", "幼有所育", False, 5 * DAY, 1.5),
    ("不动产登记代办", "事有所办", False, 10 * DAY, 1.2),
    ("水电气过户代办", "事有所办", False, 3 * DAY, 2),
    ("燃气开户代办", "事有所办", False, 3 * DAY, 1),
    ("有线电视报装代办", "居有所乐", False, 3 * DAY, 0.4),
    ("公积金提取代办", "事有所办", True, 3 * DAY, 2.5),
    ("公积金贷款咨询代办", "事有所办", False, 60, 0.8),
    ("个体工商户登记代办", "事有所办", True, 3 * DAY, 1.5),
    ("食品经营许可代办", "食有所安", False, 10 * DAY, 0.8),
    ("老年助餐卡办理", "食有所安", False, 30, 2.5),
    ("居家养老服务申请", "老有所养", False, 5 * DAY, 1.5),
    ("适龄儿童入学登记代办", "幼有所育", True, 2 * DAY, 1.5),
    ("托育机构入托申请", "幼有所育", False, 5 * DAY, 0.6),
    ("预防接种证补办", "幼有所育", False, DAY, 0.5),
    ("家庭医生签约", "病有所医", True, 20, 3),
    ("慢病长处方代办", "病有所医", False, DAY, 1),
    ("法律援助申请代办", "其他", False, 7 * DAY, 0.4),
    ("人民调解申请", "其他", False, 5 * DAY, 0.6),
    ("电动车上牌代办", "事有所办", False, 2 * DAY, 2),
    ("交通违法处理代办", "事有所办", True, 60, 0.7),
    ("文体场地预约", "居有所乐", True, 10, 0.3),
)
DX_47 = (
    ("城乡居民养老保险参保登记", "老有所养", True, 20, 6),
    ("城乡居民医疗保险参保登记", "病有所医", True, 15, 8),
    ("城乡居民医保缴费", "病有所医", True, 5, 9),
    ("社会保障卡补办", "事有所办", True, 20, 6),
    ("北京通养老助残卡办理", "老有所养", False, 5 * DAY, 5),
    ("残疾人证办理申请", "其他", False, 20 * DAY, 1),
    ("困难残疾人生活补贴申请", "其他", False, 15 * DAY, 0.8),
    ("重度残疾人护理补贴申请", "其他", False, 15 * DAY, 0.6),
    ("最低生活保障申请", "事有所办", False, 20 * DAY, 0.8),
    ("临时救助申请", "事有所办", False, 7 * DAY, 0.5),
    ("医疗救助申请", "病有所医", False, 10 * DAY, 0.6),
    ("教育救助申请", "幼有所育", False, 10 * DAY, 0.3),
    ("住房救助申请", "事有所办", False, 20 * DAY, 0.2),
    ("生育登记", "幼有所育", True, 15, 3),
    ("独生子女父母光荣证办理", "幼有所育", False, 5 * DAY, 0.4),
    ("计划生育家庭特别扶助申请", "幼有所育", False, 15 * DAY, 0.3),
    ("就业登记", "事有所办", True, 15, 4),
    ("失业登记", "事有所办", True, 15, 2),
    ("灵活就业人员社保登记", "事有所办", True, 20, 3),
    ("居住登记", "事有所办", False, 3 * DAY, 3),
    ("出租房屋登记", "事有所办", False, DAY, 2),
    ("流动人口登记", "事有所办", False, 30, 2),
    ("农村宅基地申请初审", "事有所办", False, 20 * DAY, 0.5),
    ("村民建房申请初审", "事有所办", False, 20 * DAY, 0.5),
    ("土地承包经营权证明", "事有所办", False, 2 * DAY, 1),
    ("耕地地力保护补贴申请", "事有所办", False, 10 * DAY, 2),
    ("农机购置补贴申请", "事有所办", False, 15 * DAY, 0.6),
    ("农业保险投保", "事有所办", False, DAY, 1.2),
    ("冬季清洁取暖补贴申请", "居有所乐", False, 10 * DAY, 3),
    ("高龄津贴申领", "老有所养", False, 10 * DAY, 2.5),
    ("养老服务补贴申请", "老有所养", False, 10 * DAY, 1.5),
    ("老年人能力评估申请", "老有所养", False, 7 * DAY, 1),
    ("殡葬补贴申领", "老有所养", False, 10 * DAY, 0.5),
    ("退役军人优待证申领", "其他", False, 10 * DAY, 0.6),
    ("优抚对象认定申请", "其他", False, 20 * DAY, 0.3),
    ("居民身份证办理代办", "事有所办", False, 15 * DAY, 3),
    ("户口登记代办", "事有所办", False, 10 * DAY, 1.5),
    ("新生儿医保参保", "幼有所育", True, 15, 1.5),
    ("家庭医生签约", "病有所医", True, 20, 2.5),
    ("预防接种预约", "幼有所育", True, 10, 1.5),
    ("法律援助申请", "其他", False, 7 * DAY, 0.3),
    ("人民调解申请", "其他", False, 5 * DAY, 0.5),
    ("村级证明开具", "事有所办", False, 15, 5),
    ("适龄儿童入学登记", "幼有所育", True, 2 * DAY, 1.2),
    ("公积金提取代办", "事有所办", True, 3 * DAY, 1),
    ("不动产登记代办", "事有所办", False, 10 * DAY, 0.8),
    ("助残辅具申请", "其他", False, 10 * DAY, 0.3),
)
DX_N = (
    ("水费缴纳", "事有所办", True, 5, 6),
    ("电费缴纳", "事有所办", True, 5, 7),
    ("燃气费缴纳", "事有所办", True, 5, 4),
    ("交通违法罚款缴纳", "事有所办", True, 10, 2),
    ("有线电视缴费", "居有所乐", True, 5, 1),
    ("社保费缴纳", "事有所办", True, 5, 3),
)
# the "+N" items a single station adds for its village
DX_LOCAL = (
    ("集市摊位登记", "事有所办", False, 30, 1),
    ("果园采摘预约", "居有所乐", True, 10, 0.6),
    ("农家院经营备案", "食有所安", False, 3 * DAY, 0.4),
    ("村民活动室预约", "居有所乐", True, 10, 0.5),
    ("农资购买登记", "事有所办", False, 20, 0.6),
    ("老年餐桌订餐", "食有所安", True, 5, 1.2),
)
PT_HIGH = (
    ("城乡居民养老保险参保登记", "老有所养", True, 20, 6),
    ("城乡居民养老保险待遇领取资格认证", "老有所养", True, 10, 6),
    ("城乡居民医保参保登记", "病有所医", True, 15, 8),
    ("城乡居民医保缴费", "病有所医", True, 5, 10),
    ("医保电子凭证激活", "病有所医", True, 5, 5),
    ("医疗费用手工报销", "病有所医", False, 10 * DAY, 3),
    ("门诊特殊病种认定", "病有所医", False, 7 * DAY, 1.5),
    ("异地就医备案", "病有所医", True, 30, 2),
    ("社会保障卡申领", "事有所办", True, 30, 5),
    ("社会保障卡挂失补换", "事有所办", True, 20, 4),
    ("社保缴费证明打印", "事有所办", True, 5, 5),
    ("个人所得税纳税证明打印", "事有所办", True, 5, 3),
    ("不动产权属证明查询", "事有所办", True, 10, 3),
    ("公积金缴存证明打印", "事有所办", True, 5, 3),
    ("公积金提取", "事有所办", True, 3 * DAY, 2.5),
    ("居住证申领", "事有所办", False, 7 * DAY, 4),
    ("居住证签注", "事有所办", True, 10, 2),
    ("港澳通行证签注", "事有所办", True, 10, 1.5),
    ("就业登记", "事有所办", True, 15, 3),
    ("失业登记", "事有所办", True, 15, 2),
    ("失业保险金申领", "事有所办", True, 5 * DAY, 1.5),
    ("灵活就业人员社保登记", "事有所办", True, 20, 2.5),
    ("就业困难人员认定", "事有所办", False, 7 * DAY, 0.6),
    ("创业担保贷款申请", "事有所办", False, 15 * DAY, 0.4),
    ("生育登记", "幼有所育", True, 15, 3),
    ("生育津贴申领", "幼有所育", False, 10 * DAY, 1.5),
    ("新生儿医保参保", "幼有所育", True, 15, 1.5),
    ("婴幼儿托育服务预约", "幼有所育", True, 10, 1.5),
    ("四点半学校报名", "幼有所育", True, 10, 1.5),
    ("适龄儿童入学登记", "幼有所育", True, 2 * DAY, 1),
    ("老年人免费乘车卡办理", "老有所养", False, 3 * DAY, 4),
    ("高龄补贴申领", "老有所养", False, 10 * DAY, 2),
    ("居家养老服务申请", "老有所养", False, 5 * DAY, 1.5),
    ("长者食堂助餐登记", "食有所安", False, 30, 2.5),
    ("食品经营备案", "食有所安", False, 5 * DAY, 0.6),
    ("家庭医生签约", "病有所医", True, 20, 2.5),
    ("残疾人证办理", "其他", False, 20 * DAY, 0.8),
    ("残疾人两项补贴申请", "其他", False, 15 * DAY, 0.6),
    ("最低生活保障申请", "事有所办", False, 20 * DAY, 0.6),
    ("临时救助申请", "事有所办", False, 7 * DAY, 0.4),
    ("特困人员救助供养申请", "事有所办", False, 20 * DAY, 0.2),
    ("退役军人优待证申领", "其他", False, 10 * DAY, 0.5),
    ("法律援助申请", "其他", False, 7 * DAY, 0.3),
    ("人民调解申请", "其他", False, 5 * DAY, 0.4),
    ("个体工商户设立登记", "事有所办", True, 3 * DAY, 1.5),
    ("个体工商户变更登记", "事有所办", True, 2 * DAY, 0.8),
    ("水电气报装", "事有所办", True, 3 * DAY, 1.5),
    ("水电气过户", "事有所办", False, 3 * DAY, 1.2),
    ("有线电视报装", "居有所乐", True, 3 * DAY, 0.3),
    ("文体场地预约", "居有所乐", True, 10, 1.2),
    ("图书借阅证办理", "居有所乐", True, 10, 1),
    ("时间银行福分兑换", "居有所乐", False, 10, 2),
    ("党组织关系转接", "事有所办", False, 3 * DAY, 1),
    ("团组织关系转接", "事有所办", True, 2 * DAY, 0.6),
    ("居民身份证办理代办", "事有所办", False, 15 * DAY, 2),
    ("户口迁移代办", "事有所办", False, 10 * DAY, 1),
    ("电动车上牌代办", "事有所办", False, 2 * DAY, 1.5),
    ("交通违法处理", "事有所办", True, 30, 1),
    ("预防接种预约", "幼有所育", True, 10, 1.2),
    ("慢病长处方续方", "病有所医", False, DAY, 1),
)


def _items(prefix: str, kind: str, rows) -> list[Item]:
    return [Item(f"{prefix}{i:03d}", n, c, kind, o, m, p) for i, (n, c, o, m, p) in enumerate(rows, start=1)]


def family_lists(family: str) -> dict[str, list[Item]]:
    """The published lists of a family of places (KM Kunming, GY Guiyang, DX Daxing, PT Putian)."""
    if family in ("KM", "GY"):
        return {
            "政务服务": _items(f"{family}-ZW-", "政务服务", KM_GOV),
            "代办": _items(f"{family}-DB-", "代办", KM_PROXY),
        }
    if family == "DX":
        return {"高频": _items("DX-GP-", "高频", DX_47), "N": _items("DX-N-", "高频", DX_N)}
    if family == "PT":
        return {"高频": _items("PT-GP-", "高频", PT_HIGH)}
    raise ValueError(f"unknown family {family}")


def local_items(village_code: str, picks: list[int]) -> list[Item]:
    """The "+N" local items of one 魏善庄 station (indexes into DX_LOCAL)."""
    out = []
    for j, i in enumerate(picks, start=1):
        name, category, online, minutes, popularity = DX_LOCAL[i]
        out.append(Item(f"DX-L-{village_code[-3:]}-{j:02d}", name, category, "高频", online, minutes, popularity))
    return out
