"""The 案例 CASE column extractor, pinned on the three seed issues that carry a column.

EXPECTED below holds each paragraph as the wrapped source lines copied from the seed (line
numbers in the comments); a paragraph is those lines joined with nothing between them. For
案例拓展 the "问题：" / "回复：" label moves into the section name.
"""

import os
import re
from pathlib import Path

import pytest
import yaml

from conftest import PROJECT_ROOT
from legalqa import ingest
from legalqa.cases import parse_case_file
from legalqa.ingest import (
    NO_COLUMN_MESSAGE,
    column_measure,
    column_slug,
    cited_documents,
    em_width,
    find_columns,
    guess_topic,
    ingest_issue,
    issue_key,
    rebuild_paragraphs,
)

COLUMN_SEEDS = ["000_0e33327127b7fe3f.txt", "001_1c1ce34bdb716284.txt", "004_1db0249e67e079a6.txt"]
NO_COLUMN_SEEDS = ["002_8d98f4abfd2f8741.txt", "003_665f2e6aa024555a.txt"]
SLUGS = {
    "000_0e33327127b7fe3f.txt": "gdgy-000-0e3332-1",
    "001_1c1ce34bdb716284.txt": "gdgy-001-1c1ce3-1",
    "004_1db0249e67e079a6.txt": "gdgy-004-1db024-1",
}
TITLES = {
    "000_0e33327127b7fe3f.txt": "职工提出辞职后，可以撤回吗？",
    "001_1c1ce34bdb716284.txt": "职工非因工死亡，家属可以获得哪些抚恤待遇？",
    "004_1db0249e67e079a6.txt": "用人单位不支付高温津贴，员工如何维权？",
}
# (first dump line, last dump line) of header/body/byline/title, as recorded in the case file
LINES = {
    "000_0e33327127b7fe3f.txt": "4010-4122",
    "001_1c1ce34bdb716284.txt": "3156-3257",
    "004_1db0249e67e079a6.txt": "3758-3877",
}
# Page furniture, captions and neighbouring articles that must not leak into a case.
FOREIGN = ["作者单位", "LENS", "镜头", "CASE", "□", "8月30日", "9月10日", "供图", "/ ", "劳模工匠",
           "话心声", "大国工匠", "爱心驿站", "娘家人", "精神力量", "时尚黄金", "提案建议篇"]

EXPECTED = {
    "000_0e33327127b7fe3f.txt": [
        ("案件概况", [
            (  # lines 4012-4042
                "网友刘先生反映，他曾在一家工厂担任生产",
                "流水线的装配技术工程师。2023年，他通过猎头",
                "了解到有另外一家公司对他所掌握的装配技术有",
                "兴趣，这家公司开出的薪酬比原单位高出了",
                "50%。由于刘先生的小孩刚出生，他希望能给家",
                "庭更好的经济环境，所以他答应了新单位的高薪",
                "聘请，并向原单位提出了辞职。但让人意想不到",
                "的是，还没等刘先生办完离职手续，新单位就打电",
                "话给刘先生，并反馈：“由于刘先生将入职的部门",
                "更换了负责人，而新负责人对刘先生拟入职的岗",
                "位有了新的想法，故刘先生不能入职新单位了。”",
                "得到新单位的反馈后，刘先生十分震惊，并立即联",
                "系原单位，希望撤回辞职，继续在原单位工作。但",
                "由于原单位已经聘请了新人顶替刘先生的岗位，",
                "无法安排刘先生继续在公司工作，故拒绝了刘先",
                "生撤回辞职的要求。",
            ),
            (  # lines 4044-4048
                "刘先生感到不解，既然辞职是职工单方提出",
                "的，为什么就不能由职工单方撤回呢？他向工会律",
                "师咨询：职工提出辞职后，可以撤回吗？",
            ),
        ]),
        ("回复意见", [
            (  # lines 4052-4064
                "根据法律规定，辞职权是劳动者的基本权利，",
                "按照“任何人有权不被强迫劳动”的基本法理，只要",
                "劳动者依法提出辞职，用人单位没有权利阻止，劳",
                "动者也无需征得用人单位的同意或者批准，三十日",
                "期满后辞职即生效。因此，劳动者的辞职权是无条",
                "件的。但是，换个角度来说，是不是提出了辞职后，",
                "在用人单位还没有回应前，还可以撤回呢？",
            ),
            (  # lines 4066-4082
                "这个问题可以这么去看：辞职行为一旦作出，",
                "并且送达或告知了用人单位后，即产生法律效力。",
                "由于辞职并不需要用人单位的同意或批准，故用人",
                "单位是否回应并不影响行为的效力。基于辞职行",
                "为的法律效力，用人单位收到辞职申请后有的可能",
                "会作出挽留、了解原因，而有的单位可能立即开始",
                "着手准备调整工作安排、招收新员工来替代。因",
                "此，如果允许劳动者随意撤回自己的辞职申请，无",
                "疑将使用人单位的权利受到损害。",
            ),
            (  # lines 4084-4092
                "劳动者作为完全民事行为能力人，行使权利理",
                "应慎重、理性、考虑周全，作出相应的行为便应承担",
                "相应的法律后果。如果允许劳动者随时撤回自己",
                "的辞职行为，是对劳动者冲动行为的纵容甚至鼓",
                "励。",
            ),
            (  # lines 4094-4098
                "基于上述分析，我们倾向认为，由于刘先生向",
                "原单位提出了辞职，辞职一旦作出且送达原单位后",
                "即生效，所以刘先生不能单方撤回辞职。",
            ),
        ]),
        ("案例拓展·问题", [
            (  # lines 4102-4104
                "问题：刘先生和原单位的劳动关系要怎样才能",
                "恢复？",
            ),
        ]),
        ("案例拓展·回复", [
            (  # lines 4106-4118
                "回复：刘先生辞职后，若原单位进行了挽留，并",
                "且经协商后刘先生又继续留任；或者刘先生反悔后",
                "撤回辞职，并且经原单位同意，那么刘先生和原单",
                "位的劳动关系得以恢复。而刘先生和原单位的劳",
                "动关系之所以得以恢复，并不是基于刘先生可以撤",
                "回辞职，而是基于刘先生和原单位就恢复劳动关系",
                "重新达成了合意。",
            ),
        ]),
    ],
    "001_1c1ce34bdb716284.txt": [
        ("案件概况", [
            (  # lines 3163-3169
                "网友刘先生反映，他的一位亲戚于2010年12月",
                "入职一家房地产企业，担任销售总监一职。2023年",
                "10月5日，该亲戚在家休息时突发疾病，经抢救无效",
                "去世。",
            ),
            (  # lines 3171-3179
                "刘先生亲戚生前所在企业工会主席得知这一情",
                "况后，立即到其家中慰问，并询问去世员工家属的需",
                "求，但刘先生和去世职工家属均不知如何作答。刘",
                "先生于是向工会律师咨询：职工非因工死亡，家属可",
                "以获得哪些抚恤待遇？",
            ),
        ]),
        ("回复意见", [
            (  # lines 3183-3227
                "根据广东省人力资源和社会保障厅《关于印发",
                "〈广东省职工假期待遇和死亡抚恤待遇规定〉的通",
                "知》（粤人社规〔2023〕17 号）第十条规定：“职工（含",
                "退休人员）因病或非因工死亡，发给丧葬补助金和抚",
                "恤金。参加企业职工基本养老保险的，所需资金从",
                "基本养老保险基金中支付，按照《人力资源社会保障",
                "部 财政部关于印发〈企业职工基本养老保险遗属待",
                "遇暂行办法〉的通知》（人社部发〔2021〕18 号）等规",
                "定执行。职工在职死亡，从未参加职工基本养老保",
                "险的，丧葬补助金由死亡时所在用人单位参照人社",
                "部发〔2021〕18 号文规定标准支付。死亡时所在用",
                "人单位存在应参保未参保情形的，应当以未参保年",
                "限参照人社部发〔2021〕18 号文规定标准支付抚恤",
                "金。职工在职死亡，曾与其建立劳动关系的其他用",
                "人单位存在应参保而未参保情形的，职工家属可以",
                "参照上述标准，按规定要求相关用人单位赔偿抚恤",
                "金损失。”因此，职工因病死亡的，其家属可参照人社",
                "部发〔2021〕18 号文规定获得丧葬补助金和抚恤",
                "金。此外，根据前述规定第十一条：“鼓励用人单位",
                "根据自身生产经营状况，加强对职工的人文关怀，给",
                "予职工优于本办法规定标准的假期待遇和死亡抚恤",
                "待遇。”用人单位可以超过上述标准向家属发放死亡",
                "抚恤待遇。",
            ),
        ]),
        ("案例拓展·问题", [
            (  # lines 3231-3233
                "问题：人社部发〔2021〕18 号文规定的丧葬补助",
                "金和抚恤金标准是什么？",
            ),
        ]),
        ("案例拓展·回复", [
            (  # lines 3235-3257
                "回复：根据人社部发〔2021〕18 号文规定，关于",
                "丧葬补助金的标准，按照参保人员死亡时本省上一",
                "年度城镇居民月人均可支配收入的2倍计算；关于抚",
                "恤金，在职人员死亡的，按以下办法确定：以死亡时",
                "本省上一年度城镇居民月人均可支配收入为基数，",
                "根据本人的缴费年限（包括实际缴费年限和视同缴",
                "费年限）确定发放月数。缴费年限不满5年的，发放",
                "月数为3个月；缴费年限满5年不满10年的，发放月",
                "数为6个月；缴费年限满10年不超过15年（含15年）",
                "的，发放月数为9个月；缴费年限15年以上的，每多",
                "缴费1年，发放月数增加1个月。缴费年限30年以",
                "上的，按照30年计算，发放月数最高为24个月。",
            ),
        ]),
    ],
    "004_1db0249e67e079a6.txt": [
        ("案件概况", [
            (  # lines 3760-3774
                "张某于 2022 年 5 月 1 日加入省内一家制造企",
                "业，担任生产线工人。随着夏季的到来，车间内温度",
                "持续升高，但公司并未采取有效的降温措施，也未向",
                "张某等一线员工发放高温津贴。张某通过同事间的",
                "交流得知，根据广东省的相关规定，劳动者在高温条",
                "件下作业应当享受高温津贴。于是，张某向公司人",
                "事部门询问，得到的回复是公司并未将高温津贴纳",
                "入福利体系，因此不予发放。",
            ),
            (  # lines 3776-3786
                "张某对此表示不解和不满，认为自己在高温环",
                "境下辛勤工作，理应获得国家规定的高温津贴。他",
                "多次尝试与公司管理层沟通，但问题始终未得到解",
                "决。张某于是寻求工会律师的帮助，希望了解：用",
                "人单位不支付高温津贴是否合法？员工应如何有",
                "效维权？",
            ),
        ]),
        ("回复意见", [
            (  # lines 3790-3802
                "针对张某的情况，首先要明确的是，广东省对高",
                "温津贴的支付有明确的法律法规依据。《广东省高温",
                "天气劳动保护办法》等文件明确规定，每年6月至10",
                "月期间，劳动者从事露天岗位工作以及用人单位不",
                "能采取有效措施将作业场所温度降低到33℃以下的",
                "（不含33℃），用人单位应当按月向劳动者发放高温",
                "津贴。所需费用在企业成本费用中列支。",
            ),
            (  # lines 3804-3812
                "从劳动者权益保护的角度来看，用人单位不支",
                "付高温津贴显然违反了广东省的相关法律法规，侵",
                "犯了劳动者的合法权益。劳动者有权要求用人单位",
                "依法支付高温津贴，并可以通过合法途径维护自己",
                "的权益。",
            ),
            (  # lines 3814-3828
                "对于张某的维权建议如下：首先，张某可以与公",
                "司管理层再次沟通，明确指出高温津贴是广东省规",
                "定的劳动者权益，要求公司立即补发并承诺未来按",
                "时支付。若沟通无果，张某可向当地劳动保障监察",
                "部门投诉举报，提供相关证据材料（如工作记录、气",
                "温数据、同事证言等），请求监察部门介入调查并责",
                "令公司改正。此外，张某还可以选择申请劳动仲裁",
                "或提起诉讼，通过法律手段维护自己的合法权益。",
            ),
            (  # lines 3830-3836
                "需要提醒的是，劳动者在维权过程中应保留好",
                "相关证据材料，确保自己的主张有据可依。同时，也",
                "应理性维权，遵守法律法规和程序规定，避免采取过",
                "激行为影响社会稳定和自身形象。",
            ),
        ]),
        ("案例拓展·问题", [
            (  # lines 3840-3842
                "问题：广东省内高温津贴的具体标准是多少？",
                "如何计算？",
            ),
        ]),
        ("案例拓展·回复", [
            (  # lines 3844-3870
                "回复：根据《广东省人力资源和社会保障厅关于",
                "做好高温天气 劳动权益维护有关工作的通知》（粤",
                "人社函〔2022〕219 号）的规定：“每年6月至10月期",
                "间，劳动者从事露天岗位工作以及用人单位不能采",
                "取有效措施将作业场所温度降低到33℃以下的（不",
                "含33℃）, 用人单位应当 按月向劳动者发放高温津",
                "贴。从2021 年6月1日起，我省高温津贴标准调整",
                "为每人每月300元，如按照规定需按天数折算高温",
                "津贴的，每人每天13.8元。各级人力资源社会保障",
                "部门要督促露天岗位工作和有高温作业场所的用人",
                "单位依照规定按时足额发放高温津贴，用人单位提",
                "供的清凉饮料不能充抵高温津贴。”因此，广东省内",
                "高温津贴标准调整为每人每月300元，如按照规定",
                "需按天数折算高温津贴的，每人每天13.8元。",
            ),
        ]),
    ],
}

FIRST_AND_LAST = {  # first and last sentence of every section, as a reader sees them
    "000_0e33327127b7fe3f.txt": {
        "案件概况": ("网友刘先生反映，他曾在一家工厂担任生产流水线的装配技术工程师。",
                  "他向工会律师咨询：职工提出辞职后，可以撤回吗？"),
        "回复意见": ("根据法律规定，辞职权是劳动者的基本权利，按照“任何人有权不被强迫劳动”的基本法理，只要劳动者依法提出辞职，用人单位没有权利阻止，劳动者也无需征得用人单位的同意或者批准，三十日期满后辞职即生效。",
                  "基于上述分析，我们倾向认为，由于刘先生向原单位提出了辞职，辞职一旦作出且送达原单位后即生效，所以刘先生不能单方撤回辞职。"),
        "案例拓展·问题": ("刘先生和原单位的劳动关系要怎样才能恢复？", "刘先生和原单位的劳动关系要怎样才能恢复？"),
        "案例拓展·回复": ("刘先生辞职后，若原单位进行了挽留，并且经协商后刘先生又继续留任；或者刘先生反悔后撤回辞职，并且经原单位同意，那么刘先生和原单位的劳动关系得以恢复。",
                    "而刘先生和原单位的劳动关系之所以得以恢复，并不是基于刘先生可以撤回辞职，而是基于刘先生和原单位就恢复劳动关系重新达成了合意。"),
    },
    "001_1c1ce34bdb716284.txt": {
        "案件概况": ("网友刘先生反映，他的一位亲戚于2010年12月入职一家房地产企业，担任销售总监一职。",
                  "刘先生于是向工会律师咨询：职工非因工死亡，家属可以获得哪些抚恤待遇？"),
        "回复意见": ("根据广东省人力资源和社会保障厅《关于印发〈广东省职工假期待遇和死亡抚恤待遇规定〉的通知》（粤人社规〔2023〕17 号）第十条规定：“职工（含退休人员）因病或非因工死亡，发给丧葬补助金和抚恤金。",
                  "”用人单位可以超过上述标准向家属发放死亡抚恤待遇。"),
        "案例拓展·问题": ("人社部发〔2021〕18 号文规定的丧葬补助金和抚恤金标准是什么？",
                     "人社部发〔2021〕18 号文规定的丧葬补助金和抚恤金标准是什么？"),
        "案例拓展·回复": ("根据人社部发〔2021〕18 号文规定，关于丧葬补助金的标准，按照参保人员死亡时本省上一年度城镇居民月人均可支配收入的2倍计算；关于抚恤金，在职人员死亡的，按以下办法确定：以死亡时本省上一年度城镇居民月人均可支配收入为基数，根据本人的缴费年限（包括实际缴费年限和视同缴费年限）确定发放月数。",
                    "缴费年限30年以上的，按照30年计算，发放月数最高为24个月。"),
    },
    "004_1db0249e67e079a6.txt": {
        "案件概况": ("张某于 2022 年 5 月 1 日加入省内一家制造企业，担任生产线工人。",
                  "张某于是寻求工会律师的帮助，希望了解：用人单位不支付高温津贴是否合法？员工应如何有效维权？"),
        "回复意见": ("针对张某的情况，首先要明确的是，广东省对高温津贴的支付有明确的法律法规依据。",
                  "同时，也应理性维权，遵守法律法规和程序规定，避免采取过激行为影响社会稳定和自身形象。"),
        "案例拓展·问题": ("广东省内高温津贴的具体标准是多少？如何计算？", "广东省内高温津贴的具体标准是多少？如何计算？"),
        "案例拓展·回复": ("根据《广东省人力资源和社会保障厅关于做好高温天气 劳动权益维护有关工作的通知》（粤人社函〔2022〕219 号）的规定：“每年6月至10月期间，劳动者从事露天岗位工作以及用人单位不能采取有效措施将作业场所温度降低到33℃以下的（不含33℃）, 用人单位应当 按月向劳动者发放高温津贴。",
                    "”因此，广东省内高温津贴标准调整为每人每月300元，如按照规定需按天数折算高温津贴的，每人每天13.8元。"),
    },
}

_LABEL = {"案例拓展·问题": "问题：", "案例拓展·回复": "回复："}


def expected_sections(seed: str) -> list[tuple[str, str]]:
    out = []
    for name, paragraphs in EXPECTED[seed]:
        texts = ["".join(lines) for lines in paragraphs]
        texts[0] = texts[0].removeprefix(_LABEL.get(name, ""))
        out.append((name, "\n".join(texts)))
    return out


def sentences(text: str) -> list[str]:
    return [s for s in re.findall(r"[^。？！]*[。？！]|[^。？！]+$", text.replace("\n", "")) if s.strip()]


@pytest.fixture(scope="module")
def seeds(shared_dir) -> Path:
    return shared_dir / "seeds"


@pytest.fixture(scope="module")
def columns(seeds):
    return {seed: find_columns((seeds / seed).read_text(encoding="utf-8")) for seed in COLUMN_SEEDS}


# --- the three columns -------------------------------------------------------------------

@pytest.mark.parametrize("seed", COLUMN_SEEDS)
def test_one_column_per_seed_with_its_title_and_byline(columns, seed):
    [column] = columns[seed]
    assert column.title == TITLES[seed]
    assert column.law_firm == "广东胜伦律师事务所"
    assert f"{column.first_line}-{column.last_line}" == LINES[seed]


@pytest.mark.parametrize("seed", COLUMN_SEEDS)
def test_sections_equal_the_hand_joined_source_lines(columns, seed):
    [column] = columns[seed]
    assert [(s.name, s.text) for s in column.sections] == expected_sections(seed)


@pytest.mark.parametrize("seed", COLUMN_SEEDS)
def test_first_and_last_sentence_of_every_section(columns, seed):
    [column] = columns[seed]
    by_name = {s.name: s.text for s in column.sections}
    assert list(by_name) == ["案件概况", "回复意见", "案例拓展·问题", "案例拓展·回复"]
    for name, (first, last) in FIRST_AND_LAST[seed].items():
        assert by_name[name].startswith(first), name
        assert by_name[name].endswith(last), name


@pytest.mark.parametrize("seed", COLUMN_SEEDS)
def test_every_sentence_between_the_first_header_and_the_byline_is_kept(seeds, columns, seed):
    """Independent of EXPECTED: all text lines of the dump from 案件概况 to the end of 案例拓展."""
    [column] = columns[seed]
    lines = (seeds / seed).read_text(encoding="utf-8").split("\n")
    start = next(i for i, line in enumerate(lines) if line.strip().strip("【】") == "案件概况")
    region = []
    for line in lines[start:]:
        line = line.strip()
        if line.startswith(("□", "/", "CASE")) or line.endswith("/"):
            break
        if line and line.strip("【】") not in {"案件概况", "回复意见", "案例拓展"}:
            region.append(line)
    joined = "".join(region)
    assert sentences(joined)
    text = column.text.replace("\n", "")
    for sentence in sentences(joined):
        for label in ("问题：", "回复："):
            sentence = sentence.removeprefix(label)
        assert sentence in text
    assert len(text) == len(joined) - len("问题：回复：")  # nothing added, only the labels moved


@pytest.mark.parametrize("seed", COLUMN_SEEDS)
def test_nothing_foreign_in_the_column(columns, seed):
    [column] = columns[seed]
    for marker in FOREIGN:
        assert marker not in column.text, marker
        assert marker not in column.title, marker


def test_spaces_inside_source_lines_are_kept_and_none_added(columns):
    reply = columns["001_1c1ce34bdb716284.txt"][0].sections[1].text
    assert "（粤人社规〔2023〕17 号）" in reply
    assert "《人力资源社会保障部 财政部关于印发〈企业职工基本养老保险遗属待遇暂行办法〉的通知》" in reply
    heat = columns["004_1db0249e67e079a6.txt"][0]
    assert heat.sections[0].text.startswith("张某于 2022 年 5 月 1 日加入")
    assert "（不含33℃）, 用人单位应当 按月向劳动者发放高温津贴。从2021 年6月1日起" in heat.text
    for seed in COLUMN_SEEDS:  # no space where two wrapped lines were joined
        for paragraph in columns[seed][0].text.split("\n"):
            assert "  " not in paragraph and not paragraph.startswith(" ") and not paragraph.endswith(" ")


@pytest.mark.parametrize("seed", NO_COLUMN_SEEDS)
def test_issues_without_a_column_write_nothing(seeds, tmp_path, seed):
    text = (seeds / seed).read_text(encoding="utf-8")
    assert "案例" in text  # mentioned in other senses (创新案例, 典型案例)
    assert find_columns(text) == []
    assert ingest_issue(seeds / seed, tmp_path / "cases") == []
    assert list(tmp_path.iterdir()) == []
    assert NO_COLUMN_MESSAGE == "未找到案例专栏，未写入任何文件"


# --- the case files ----------------------------------------------------------------------

@pytest.mark.parametrize("seed", COLUMN_SEEDS)
def test_committed_case_file_is_what_ingest_writes(seeds, tmp_path, seed):
    [path] = ingest_issue(seeds / seed, tmp_path)
    assert path.name == f"{SLUGS[seed]}.md"
    assert path.read_bytes() == (PROJECT_ROOT / "cases" / path.name).read_bytes()


@pytest.mark.parametrize("seed", COLUMN_SEEDS)
def test_case_file_front_matter_and_layout(seeds, tmp_path, seed):
    [path] = ingest_issue(seeds / seed, tmp_path)
    text = path.read_text(encoding="utf-8")
    meta = yaml.safe_load(text.split("---\n")[1])
    assert meta == {
        "id": f"case/{SLUGS[seed]}", "slug": SLUGS[seed], "title": TITLES[seed],
        "topic": {"000_0e33327127b7fe3f.txt": "辞职", "001_1c1ce34bdb716284.txt": "社保",
                  "004_1db0249e67e079a6.txt": "高温"}[seed],
        "kind": "magazine",
        "source": {"publication": "广东工运", "issue_file": seed, "lines": LINES[seed]},
        "law_firm": "广东胜伦律师事务所",
        "cited_regulations": {"000_0e33327127b7fe3f.txt": [],
                              "001_1c1ce34bdb716284.txt": ["粤人社规〔2023〕17号", "人社部发〔2021〕18号"],
                              "004_1db0249e67e079a6.txt": ["广东省高温天气劳动保护办法", "粤人社函〔2022〕219号"]}[seed],
    }
    headings = [line for line in text.split("\n") if line.startswith("#")]
    assert headings == [f"# {TITLES[seed]}", "## 案件概况", "## 回复意见", "## 案例拓展", "### 问题", "### 回复"]
    body = text.split("\n---\n", 1)[1]
    for marker in FOREIGN:
        assert marker not in body, marker
    case = parse_case_file(path)  # the loader reads back exactly what was extracted
    assert [(s.name, s.text) for s in case.sections] == expected_sections(seed)


def test_reingest_overwrites_the_same_file_and_touches_no_other(seeds, tmp_path):
    seed = seeds / "000_0e33327127b7fe3f.txt"
    other = tmp_path / "someone-elses-case.md"
    other.write_text("keep me", encoding="utf-8")
    stale = tmp_path / f"{SLUGS[seed.name]}.md"
    stale.write_text("an old version", encoding="utf-8")
    first = ingest_issue(seed, tmp_path)
    content = first[0].read_bytes()
    second = ingest_issue(seed, tmp_path)
    assert first == second == [stale]
    assert second[0].read_bytes() == content
    assert other.read_text(encoding="utf-8") == "keep me"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([other.name, stale.name])


def test_writes_go_through_a_temporary_file_and_a_rename(seeds, tmp_path, monkeypatch):
    seed = seeds / "004_1db0249e67e079a6.txt"
    renames = []
    real_replace = os.replace

    def recording_replace(src, dst):
        renames.append((Path(src), Path(dst)))
        real_replace(src, dst)

    monkeypatch.setattr(ingest.os, "replace", recording_replace)
    [path] = ingest_issue(seed, tmp_path)
    [(src, dst)] = renames
    assert dst == path and src.parent == path.parent and src != path


def test_a_failed_write_leaves_the_old_file_and_no_temporary(seeds, tmp_path, monkeypatch):
    seed = seeds / "004_1db0249e67e079a6.txt"
    target = tmp_path / f"{SLUGS[seed.name]}.md"
    target.write_text("the previous version", encoding="utf-8")

    def failing_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(ingest.os, "replace", failing_replace)
    with pytest.raises(OSError):
        ingest_issue(seed, tmp_path)
    assert target.read_text(encoding="utf-8") == "the previous version"
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


# --- the rules on their own ----------------------------------------------------------------

def test_slug_is_derived_from_the_dump_name_and_position():
    assert issue_key(Path("000_0e33327127b7fe3f.txt")) == "000-0e3332"
    assert column_slug(Path("/x/004_1db0249e67e079a6.txt"), 2) == "gdgy-004-1db024-2"
    assert issue_key(Path("Issue 7 2024.txt")) == "issue-7-2024"
    key = issue_key(Path("广东工运2024年第7期.txt"))
    assert re.fullmatch(r"2024-7-[0-9a-f]{6}", key)
    assert key == issue_key(Path("other/dir/广东工运2024年第7期.txt"))  # stable


def test_em_width_counts_ascii_as_half():
    assert em_width("刘先生") == 3
    assert em_width("50%。由于") == 1.5 + 3
    assert em_width("17 号") == 1.5 + 1


W = "一二三四五六七八九十一二三四五六七八九十一二"  # 22 ems: a full line


def test_measure_is_the_median_of_lines_inside_paragraphs():
    lines = [W[:20], W, W, W[:21], W[:9] + "。", W[:20]]
    assert column_measure([lines]) == 22  # W[:20] are first lines, W[:9]+"。" a last line


def test_short_line_with_a_closing_mark_ends_the_paragraph():
    lines = [W[:20], W[:21] + "。", W[:18] + "。", W[:20], W[:5] + "？"]
    assert rebuild_paragraphs(lines, 22) == [W[:20] + W[:21] + "。" + W[:18] + "。", W[:20] + W[:5] + "？"]


def test_full_line_ending_a_sentence_continues_unless_the_next_line_is_indented():
    # 000: "…即产生法律效力。" (22 ems) then "由于辞职…" (22 ems): one paragraph
    assert rebuild_paragraphs([W[:21] + "。", W, W[:3] + "。"], 22) == [W[:21] + "。" + W + W[:3] + "。"]
    # 004: "…维护自己的合法权益。" (22 ems) then "需要提醒的是，…保留好" (20 ems): a new paragraph
    assert rebuild_paragraphs([W[:21] + "。", W[:20], W[:3] + "。"], 22) == [W[:21] + "。", W[:20] + W[:3] + "。"]


def test_indented_first_line_ending_a_sentence_continues():
    # 004: "问题：广东省内高温津贴的具体标准是多少？" (20 ems, first line) + "如何计算？"
    assert rebuild_paragraphs([W[:19] + "？", W[:4] + "？"], 22) == [W[:19] + "？" + W[:4] + "？"]
    # a first line well short of the indented measure is a paragraph of its own
    assert rebuild_paragraphs([W[:17] + "？", W[:4] + "？"], 22) == [W[:17] + "？", W[:4] + "？"]


def test_closing_quote_ends_a_paragraph_like_a_full_stop():
    assert rebuild_paragraphs([W[:20], W[:8] + "。”", W[:20], W[:2] + "。"], 22) == [
        W[:20] + W[:8] + "。”", W[:20] + W[:2] + "。"]


def test_blank_lines_separate_paragraphs_when_the_dump_is_not_double_spaced():
    lines = ["【案件概况】", W[:20], W[:21] + "。", "", W[:20], W[:21] + "。",
             "【回复意见】", W[:20], W[:3] + "。",
             "【案例拓展】", "问题：" + W[:17], W[:2] + "？", "回复：" + W[:17], W[:2] + "。",
             "□ 某某律师事务所", "", "标题在此？"]
    [column] = find_columns("\n".join(lines))
    assert column.title == "标题在此？" and column.law_firm == "某某律师事务所"
    assert column.sections[0].paragraphs == [W[:20] + W[:21] + "。", W[:20] + W[:21] + "。"]
    assert [s.name for s in column.sections] == ["案件概况", "回复意见", "案例拓展·问题", "案例拓展·回复"]
    assert column.sections[2].text == W[:17] + W[:2] + "？"


def test_a_column_without_byline_and_title_is_an_error_with_its_line():
    lines = ["前文。", "【案件概况】", W[:3] + "。", "【回复意见】", W[:3] + "。", "【案例拓展】", W[:3] + "。"]
    with pytest.raises(ValueError, match="line 2"):
        find_columns("\n".join(lines))


def test_cited_documents_give_the_wenhao_or_the_name():
    assert cited_documents("依《关于印发〈某某规定〉的通知》（粤人社规〔2023〕17 号）第十条，《某某办法》等") == [
        "粤人社规〔2023〕17号", "某某办法"]
    assert cited_documents("《人力资源社会保障部 财政部关于印发〈企业职工基本养老保险遗属待遇暂行办法〉的通知》") == [
        "企业职工基本养老保险遗属待遇暂行办法"]
    assert cited_documents("根据法律规定") == []


def test_topic_is_the_most_mentioned_keyword_group():
    assert guess_topic("提出辞职后能否撤回辞职，劳动关系如何恢复") == "辞职"
    assert guess_topic("丧葬补助金和抚恤金从基本养老保险基金中支付") == "社保"
    assert guess_topic("高温津贴", title="") == "高温"
    assert guess_topic("无关的话") == "其他"
