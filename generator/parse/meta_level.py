"""Level: where in the hierarchy the issuing body sits (中央 省 市 区 县 镇, or 单位).

In order: the innermost place the body names (长宁县白沙镇党委 → 镇); its leading level word
(县委常委班子 → 县); a central body by its name (国家…局, 中国…集团, a ministry 部 or 总局
and its 司, 管理局, 委员会, 中心 or institute (水利部…流域管理局) → 中央; a central
system's local branch,
国家税务总局浦云县税务局, by the branch's place); for a unit without a place, the Party
committee that convenes its meeting (按照省委和省委教育工委… → 省; 根据中央组织部和国务院国资委党委…
→ 中央); a university or college without a place → 省 (most are run by a province); else 单位
for any unit, else how the text counts (全县/我区). A development zone's or new area's
党工委 / 管委会 sits at its superior's level (某县经济开发区 → 县; 湄浦新区工委 convened by 市委,
or a zone named after no known place → 市).
"""

from __future__ import annotations

import re
from collections import Counter

from generator.parse.bodies import PLACE, normalise, place_level, unit_key
from generator.readers.meta_values import LEVELS

#: The level words a body named without its place opens with (省自然资源厅, 自治区党委…), longest
#: first, and the level each names.
LEVEL_WORDS = (("自治区", "省"), ("自治州", "市"), ("自治县", "县"), ("省", "省"), ("市", "市"),
               ("州", "市"), ("盟", "市"), ("区", "区"), ("县", "县"), ("旗", "县"), ("镇", "镇"),
               ("乡", "镇"), ("街道", "镇"))
_UNIT = re.compile(r"局|公司|学校|医院|大学|学院|中心|支部|机关|院|委员会|司|部|署")
#: Names only central bodies carry: 国家…局, 中国…集团, 国务院…, 全国…, or a ministry.
_CENTRAL_NAME = re.compile(r"^(?:中央|国务院|全国|国家|中国|中华)")
#: A ministry (…部, …总局, …总署) named alone or with one of its own units (司, 管理局,
#: 委员会, a 中心 or an institute: 水利部…流域管理局, 自然资源部…调查中心); not a branch (支部),
#: a headquarters (总部) or a Party committee's own department (组织部, 宣传部, 统战部).
_MINISTRY = re.compile(r"^(?![\u4e00-\u9fff]*(?:组织|宣传|统战)部)[\u4e00-\u9fff]{2,10}"
                       r"(?:(?<![支总分党本干])部|总局|总署)"
                       r"(?:[\u4e00-\u9fff]{2,12}(?:(?<!公)司|管理局|委员会|中心|研究院|研究所))?$")
#: Who convenes the meeting: the first 根据/按照 clause of the opening.
_CONVENER = re.compile(r"(?:根据|按照|遵照|依据)([^，,。；;]{0,40}?)(?:关于|的|[，,。；;])")
_SUPERIOR = re.compile(r"党?中央|中组部|国务院|[省市区县](?=委|政府|人民政府|国资委|直)")
_UNIVERSITY = re.compile(r"大学|学院")
#: A zone's name read as a place (开发区 ends in 区): no level of its own.
_ZONE_NAME = re.compile(r"(?:开发|高新|园|保税|示范|试验|新)区$")
#: A development zone or new area run by a body the government sends (党工委, 管委会): it sits
#: at its superior's level, the place its name opens with (某县经济开发区 → 县), else the
#: committee that convenes its meeting, else a city's (most zones are a city's).
#: (新区 after a one-character name is a district's name: 安新区 is 安新 + 区, not a new area.)
_ZONE = re.compile(r"(?:开发区|经开区|高新区|工业园区|产业园区|园区|保税区|示范区|试验区|"
                   r"(?<=[^\W\d_省市县区州盟旗镇乡]{2})新区)"
                   r"(?=.*(?:工作委员会|工委|管委会|管理委员会|机关|支部))")


def infer_level(body: str, source: str, opening: str, full: str) -> tuple[str, str]:
    """``(level, source)``: the body's source when the body says it, ``opening`` when the
    convening committee does, ``text`` when only the counting words do."""
    bare = re.sub(r"^中共", "", normalise(body))
    if zone := _ZONE.search(bare):
        head = PLACE.findall(bare[:zone.start()])
        if outer := place_level(head[-1]) if head else "":
            return outer, source
        convened = _convener_level(opening)
        return (convened, "opening") if convened else ("市", source)
    level = place_level(body) or next((lv for w, lv in LEVEL_WORDS if bare.startswith(w)), "")
    if level == "市" and _county_level(PLACE.findall(bare), full):
        return "县", source  # 临渚市（县级）: a county-level city
    if level:
        return level, source
    name = unit_key(body) if bare else ""  # the unit, without group words or a post
    if _CENTRAL_NAME.match(name) or _MINISTRY.match(name):
        # 国家税务总局浦云县税务局, 中国银行浦云市分行: a central system's local branch
        inner = PLACE.findall(name)
        return (place_level(inner[-1]) if inner else "中央"), source
    if bare and _UNIT.search(bare):
        convened = _convener_level(opening)
        if convened:
            return convened, "opening"
        if owned := _owner_level(full):
            return owned, "text"
        return ("省" if _UNIVERSITY.search(bare) else "单位"), source
    counts: Counter[str] = Counter()
    for word, level in LEVEL_WORDS:
        counts[level] += full.count("全" + word) + full.count("我" + word)
    level, n = counts.most_common(1)[0]
    return (level, "text") if n >= 2 else ("", "")


def _county_level(places: list[str], full: str) -> bool:
    """Whether the text calls the body's city county-level (临渚市（县级）, 县级临渚市, 临渚这样
    一个县级市)."""
    city = places[-1] if places else ""
    if not city.endswith("市") or len(city) < 3:
        return False
    name = re.escape(city[:-1])
    return bool(re.search(rf"{name}市\s*[（(]\s*县级\s*[)）]|县级{name}市"
                          rf"|{name}(?:市)?[^，。；,;]{{0,6}}县级市", full))


#: What the text says owns or oversees the unit: 省属国有企业, 市属医院, 中央企业, or the
#: committee it answers to (隶属某县律师行业党委).
_OWNED = re.compile(r"(?P<tier>[省市县区])属(?=(?:国有|重点|大型|骨干|独资|控股|一级|二级)*"
                    r"(?:企业|国企|高校|医院|院校|事业单位|公司|集团))"
                    r"|(?P<central>中央企业|(?<![\u4e00-\u9fff])央企)"
                    r"|隶属于?(?P<place>(?:(?![的是])[\u4e00-\u9fff]){2,12}?(?:省|市|县|区|州|盟|旗))")


def _owner_level(text: str) -> str:
    """The level the text's first ownership or affiliation statement gives, or ``""``."""
    for found in _OWNED.finditer(normalise(text)):
        if found.group("tier"):
            return {"区": "区"}.get(found.group("tier"), found.group("tier"))
        if found.group("central"):
            return "中央"
        if level := place_level(found.group("place")):
            return level
    return ""


def _convener_level(opening: str) -> str:
    """The lowest level among the committees the opening says convened the meeting."""
    match = _CONVENER.search(normalise(opening))
    if not match:
        return ""
    found = ["中央" if len(word) > 1 else word for word in _SUPERIOR.findall(match.group(1))]
    if not found:
        # 按照澹海省交通投资集团有限公司党委…: a group a province owns convenes its firm's
        places = [p for p in PLACE.findall(match.group(1)) if not _ZONE_NAME.search(p)]
        return place_level(places[-1]) if places else ""
    return max(found, key=LEVELS.index)
