"""Three well-formed projects a reviewer would pass: no rule, basic or review, may flag them.

Written like real declarations (the seed's projects done right): goals whose numbers
all have an indicator, counts written as counts, every row under its proper 二级,
narrative amounts and periods that agree with the table, and one multi-year project
on the 2026 form whose annual goal is only that year's part.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from g60desk.domain.model import Declaration, Funding, Indicator, Project, Signatures
from tests.factories import legacy_project, money

DEPT = "上海市松江区长三角 G60 科创走廊创新研究中心"


def _funding(total: str, annual: str | None = None) -> Funding:
    t = Decimal(total)
    a = Decimal(annual) if annual else t
    zero = Decimal("0.00")
    return money(total=t, total_fiscal=t, total_other=zero, annual=a,
                   annual_appropriation=a, annual_carryover=zero, annual_other=zero)


def corridor_2022() -> Project:
    """The seed's project 1, with a quantity for every promise and rows in their places."""
    goal = ("1、发挥九城市党校专家学者作用,打造“1+2”课程体系,开发3堂课程(一堂总课、两堂分课),"
            "推动课程走进企业、走进高校。2、面向高等院校和科研机构发布10个研究方向,公开遴选承担机构,"
            "推动研究成果应用转化。3、2022年11月底前举办1场高端智库支持 G60 科创走廊发展研讨大会;"
            "在三省一市举办4场院士专家企业家走进 G60 巡回活动,促成产学研合作项目。")
    return legacy_project(
        id="good1", unit=DEPT, name="G60 科创走廊建设", category="经常性项目",
        department=DEPT, implementer=DEPT,
        start=date(2022, 1, 1), end=date(2022, 12, 31), funding=_funding("5100000.00"),
        overall_goal=goal, annual_goal=goal,
        sections={
            "overview": "“G60 科创走廊建设”项目包含课程开发、创新研究和产学研对接三个二级项目,"
                        "项目总预算510.00万元。",
            "basis": "《长三角 G60 科创走廊建设方案》;科技部等六部委联合印发的《建设方案》中有关"
                     "“营造良好氛围、强化政策支撑、促进科技成果共同转移转化”的要求。",
            "implementer": DEPT + "。",
            "plan": "(一)课程开发:建立“一堂总课+2堂分课”的课程形式,编入党校干部教育培训教材。"
                    "(二)创新研究:发布研究方向,公开遴选承担机构。"
                    "(三)产学研对接:举办研讨大会和巡回活动,其中松江场由中心全额支付,其余城市场可承担 50%。",
            "period": "2022年1月1日—2022年12月31日",
            "budget": "2022年度预算安排510.00万元,其中课程开发60.00万元、创新研究250.00万元、"
                      "产学研对接200.00万元。",
            "targets": "见财政项目支出绩效目标填报表。",
        },
        indicators=[
            Indicator("产出指标", "数量指标", "开发相关课程", "=3 堂"),
            Indicator("产出指标", "数量指标", "发布重大领域、关键领域及其他领域研究方向", "=10 个"),
            Indicator("产出指标", "数量指标", "举办院士专家企业家进 G60 巡回活动", "=4 场"),
            Indicator("产出指标", "数量指标", "举办高端智库支持 G60 科创走廊发展研讨大会", "=1 场"),
            Indicator("产出指标", "质量指标", "课程评审通过率", "=100%"),
            Indicator("产出指标", "质量指标", "研究成果验收合格率", "=100%"),
            Indicator("产出指标", "时效指标", "研讨大会举办时间", "2022年11月30日前"),
            Indicator("效益指标", "社会效益指标", "研究成果被决策部门采纳数", ">=3项"),
            Indicator("效益指标", "社会效益指标", "促成产学研合作项目数", ">=5个"),
            Indicator("效益指标", "可持续影响指标", "课程进企业、进高校场次", ">=9场"),
            Indicator("满意度指标", "服务对象满意度指标", "参会企业满意度", ">=85%"),
        ])


def furniture_2022() -> Project:
    """The seed's project 3 as a reviewer wants it: counts, not “完成”."""
    goal = ("按照《松江区区级行政事业单位通用资产》配置标准,采购办公家具120件、投影仪6台、"
            "LED显示屏1块,2022年6月底前完成验收,保障中心日常办公。")
    return legacy_project(
        id="good2", unit=DEPT, name="办公家具设备采购", category="一次性项目",
        department=DEPT, implementer=DEPT,
        start=date(2022, 1, 1), end=date(2022, 12, 31), funding=_funding("1518500.00"),
        overall_goal=goal, annual_goal=goal,
        sections={
            "overview": "为中心办公场所采购办公家具、投影仪、LED显示屏等办公设备,共151.85万元。",
            "basis": "第145次区政府常务会议纪要。",
            "implementer": DEPT + "。",
            "plan": "(1)办公家具:按竞争性磋商方式确定供应商,预计 2022 年 6 月前完成。"
                    "(2)投影仪、LED显示屏:通过电子集市采购,预计 2022 年 6 月前完成。",
            "period": "2022年1月1日—2022年12月31日",
            "budget": "2022年度预算安排151.85万元。其中办公家具98.50万元,投影仪及LED显示屏53.35万元。",
            "targets": "",
        },
        indicators=[
            Indicator("产出指标", "数量指标", "采购办公家具", "=120件"),
            Indicator("产出指标", "数量指标", "采购投影仪", "=6台"),
            Indicator("产出指标", "数量指标", "采购LED显示屏", "=1块"),
            Indicator("产出指标", "质量指标", "设备验收合格率", "=100%"),
            Indicator("产出指标", "时效指标", "采购验收完成时间", "2022年6月30日前"),
            Indicator("效益指标", "社会效益指标", "办公设备完好率", ">=98%"),
            Indicator("满意度指标", "服务对象满意度指标", "中心职工满意度", ">=90%"),
        ])


def platform_2026() -> Project:
    """A two-year 阶段性项目 on the 2026 form: this year's goal is this year's part."""
    return legacy_project(
        id="good3", unit=DEPT, name="社区智慧服务平台建设", category="特定目标类",
        nature="阶段性项目", department=DEPT, implementer=DEPT,
        start=date(2026, 1, 1), end=date(2027, 12, 31),
        funding=_funding("3000000.00", "1800000.00"),
        overall_goal="2026年至2027年建成覆盖全区的社区智慧服务平台,接入20个社区,"
                     "实现居民事项线上办理。",
        annual_goal="2026年完成平台一期建设,接入12个社区,开展4场操作培训,"
                    "2026年9月底前上线试运行。",
        sections={
            "overview": "建设社区智慧服务平台,项目总预算300.00万元,分两年实施。",
            "basis": "《松江区数字化转型实施方案》。",
            "implementer": DEPT + "。",
            "plan": "2026年完成一期建设并试运行,2027年完成二期建设并全区推广。",
            "period": "2026年1月1日—2027年12月31日",
            "budget": "2026年度预算安排180.00万元,2027年度预计安排120.00万元。",
            "targets": "",
        },
        indicators=[
            Indicator("成本指标", "经济成本指标", "一期建设成本", "≤180万元"),
            Indicator("产出指标", "数量指标", "接入社区数", "=12个"),
            Indicator("产出指标", "数量指标", "操作培训场次", "=4场"),
            Indicator("产出指标", "质量指标", "系统功能测试通过率", "=100%"),
            Indicator("产出指标", "时效指标", "一期上线时间", "2026年9月30日前"),
            Indicator("效益指标", "社会效益指标", "线上办理事项占比", "≥60%"),
            Indicator("满意度指标", "服务对象满意度指标", "社区居民满意度", "≥90%"),
        ])


def declaration_2022() -> Declaration:
    return Declaration(year=2022, template="shanghai-2022", department=DEPT, units=[DEPT],
                       signatures=Signatures(unit=DEPT, leader="王明", preparer="李华",
                                             phone="021-57700000", date="2021-10-15"),
                       projects=[corridor_2022(), furniture_2022()], id="good2022")


def declaration_2026() -> Declaration:
    return Declaration(year=2026, template="shanghai-2026", department=DEPT, units=[DEPT],
                       signatures=Signatures(unit=DEPT), projects=[platform_2026()], id="good2026")
