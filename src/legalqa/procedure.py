"""The road from a dispute to court, with the dates the deadline calculator computed: what a
worker can do first, the last day to apply for arbitration, and the time limits after it
(劳动争议调解仲裁法). Drawn by the server as a timeline on the deadline calculator's page."""

from dataclasses import dataclass
from datetime import date

LAW = "article/劳动争议调解仲裁法/"


@dataclass(frozen=True)
class Stage:
    label: str
    text: str
    source_ids: tuple[str, ...]
    day: date | None = None  # computed, where the law fixes it from dates the worker gave
    passed: bool = False  # the day is before the day of the calculation


def arbitration_timeline(known: date | None, last_day: date | None, as_of: date) -> list[Stage]:
    """The stages from knowing of the wrong to suing; `last_day` is the calculator's last day to apply."""
    return [
        Stage("知道权利被侵害", "可以先与单位协商，或向劳动保障监察（12333）投诉、请工会帮忙；向单位主张权利或向有关部门"
              "请求救济，仲裁时效从那时起中断、重新计算一年。", (LAW + "27",), known),
        Stage("申请仲裁的最后一天", "向劳动合同履行地或者用人单位所在地的劳动争议仲裁委员会提交书面仲裁申请。",
              (LAW + "27", LAW + "21", LAW + "28"), last_day, last_day is not None and last_day < as_of),
        Stage("仲裁委员会决定是否受理", "收到申请之日起五日内决定；不予受理或者逾期未作出决定的，可以就该劳动争议事项向"
              "人民法院提起诉讼。", (LAW + "29",)),
        Stage("仲裁裁决", "仲裁庭应当自受理之日起四十五日内结束；案情复杂需要延期的，经批准可以延期，但延长期限不得超过"
              "十五日；逾期未作出仲裁裁决的，可以向人民法院提起诉讼。", (LAW + "43",)),
        Stage("不服裁决，向法院起诉", "自收到仲裁裁决书之日起十五日内向人民法院提起诉讼；期满不起诉的，裁决书发生法律效力。",
              (LAW + "48", LAW + "50")),
    ]
