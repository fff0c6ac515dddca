"""Issuing bodies: places, levels and one canonical name per organisation.

A report names its body in many ways; the archive groups them under one key::

    中共祥门县委员会 / 祥门县委 / 中共祥门县委常委会 / 祥门县委常委班子   → 祥门县委
    浦云县应急管理局领导班子 / 中共浦云县应急管理局党组                → 浦云县应急管理局
    麟台市凰江县政府党组班子 / 麟台市凰江县人民政府党组                → 麟台市凰江县人民政府
    远贤镇党委班子 / 中共远贤镇委员会                                  → 远贤镇党委
    机关第四党支部 / 机关第四支部委员会                                → 机关第四支部

The key keeps the whole place (two 城关镇 in different counties stay apart) and drops only
what names the group rather than the organisation (中共, 领导班子, 党组, 常委会, 委员会…).
An individual's post (县委常委、组织部部长) is its own key.
"""

from __future__ import annotations

import re
import unicodedata

from generator.chars import to_simplified

_HAN = "[\u4e00-\u9fff]"
#: Administrative units and the archive's level for each (乡, 街道, 社区 and 村 count as 镇).
UNIT_LEVELS = {"自治区": "省", "特别行政区": "省", "省": "省", "自治州": "市", "州": "市",
               "地区": "市",  # (a prefecture: 塔木尔地区, its 行署 and 纪委)
               "盟": "市", "市": "市", "自治县": "县", "县": "县", "旗": "县", "区": "区",
               "镇": "镇", "乡": "镇", "街道": "镇", "社区": "镇", "村": "镇"}
#: (城乡 is a word, as in 城乡建设厅, not a township; so are 农村 and 乡村, and 市场 no city;
#: 城乡社区 / 农村社区 name a field of work, as in 城乡社区发展治理委员会, not a community.)
_UNIT = ("自治区|特别行政区|自治州|自治县|省|州|盟|市(?!场)|县|旗|地区|(?<![社小景片辖学园营])区|镇"
         "|(?<!城)乡|街道|(?<!城乡|农村)社区|(?<![农乡])村")
#: A place: one or more ``name + unit`` (垭峪市渚博区), each name two to four characters, or
#: a redacted one (XX县, ××市: copies that hide the place keep its level).
#: (An autonomous area's name is longer: the place and its peoples, 澜桑傣族景颇族自治州; 自治
#: alone is no name: 自治区党委 is the region's committee, its name left out.)
_NAME = rf"(?:(?!自治){_HAN}{{2,4}}?|[Xx×]{{1,4}})"
_AUTONOMOUS = rf"(?!自治){_HAN}{{2,10}}?(?:自治区|自治州|自治县)"
PLACE = re.compile(rf"(?:{_AUTONOMOUS}|{_NAME}(?:{_UNIT}))+")
_ONE_UNIT = re.compile(rf"(?:(?!自治){_HAN}{{2,10}}?(?=自治区|自治州|自治县)|{_NAME})({_UNIT})")
_PARTY = re.compile(r"^(?:中国共产党|中共)")
#: Words naming the group, not the organisation, stripped from the end (repeatedly).
_GROUP_TAIL = re.compile(r"(?:领导班子|班子|党组|党工委|工作委员会|委员会|常委会|常委|党委)$")
#: Posts that end an individual's title (the person's name may follow).
POSTS = ("副书记", "书记", "部长", "主任", "省长", "市长", "区长", "县长", "镇长", "乡长", "主席",
         "局长", "委员", "经理", "董事长", "院长", "校长", "检察长", "庭长", "所长", "站长",
         "队长", "组长", "秘书长", "政委", "社长", "行长", "处长", "科长", "常委", "成员", "负责人",
         "负责同志", "责任人", "厅长", "司长", "署长", "总经理", "党员",
         # vertically managed bodies, firms and institutions (关长, 台长, 总会计师…)
         "关长", "台长", "监狱长", "馆长", "会长", "理事长", "总会计师", "总工程师",
         "总经济师", "总审计师", "总监",
         # a branch committee's members and the secretary a body sends to a village
         "组织委员", "宣传委员", "纪检委员", "青年委员", "统战委员", "第一书记", "驻村第一书记")
#: Full names folded to the short ones reports use as often.
_SHORT_NAMES = (("纪律检查委员会", "纪委"), ("监察委员会", "监委"),
                ("纪委监委", "纪委"),  # (one body, the two names of one office)
                ("人民代表大会常务委员会", "人大常委会"), ("人民代表大会", "人大"),
                ("政治协商会议", "政协"),
                # departments as reports shorten them (市人社局 is 市人力资源和社会保障局)
                ("人力资源和社会保障", "人社"), ("人力资源社会保障", "人社"),
                ("发展和改革委员会", "发改委"), ("发展改革委员会", "发改委"),
                ("发展改革委", "发改委"), ("住房和城乡建设", "住建"), ("住房城乡建设", "住建"),
                ("市场监督管理", "市场监管"), ("卫生健康委员会", "卫健委"),
                ("卫生和健康委员会", "卫健委"), ("卫生健康委", "卫健委"),
                ("国有资产监督管理委员会", "国资委"), ("工业和信息化", "工信"),
                ("退役军人事务", "退役军人"), ("医疗保障局", "医保局"),
                ("教育和体育局", "教体局"), ("文化和旅游", "文旅"), ("文化广电和旅游", "文广旅"),
                # courts, procuratorates and zones as reports shorten them
                ("人民检察院", "检察院"), ("人民法院", "法院"), ("高新技术产业开发区", "高新区"),
                ("经济技术开发区", "经开区"))
_POST_END = re.compile(rf"(?:{'|'.join(POSTS)})$")


def normalise(name: str) -> str:
    """NFKC, simplified characters, no whitespace or redaction asterisks."""
    text = unicodedata.normalize("NFKC", to_simplified(name))
    return re.sub(r"[\s*]", "", text)


def split_place(name: str) -> tuple[str, str]:
    """``("垭峪市渚博区", "委常委会")`` for ``垭峪市渚博区委常委会``; ``("", name)`` if none."""
    match = PLACE.match(_PARTY.sub("", normalise(name)))
    if not match:
        return "", _PARTY.sub("", normalise(name))
    return match.group(0), _PARTY.sub("", normalise(name))[match.end():]


def place_level(name: str) -> str:
    """The level of the innermost place a body names: 县 for 浦云县应急管理局, 镇 for
    漳竺县元垣镇党委书记, 区 for 垭峪市渚博区委; ``""`` without a place."""
    units = place_units(name)
    return UNIT_LEVELS[units[-1]] if units else ""


def place_units(name: str) -> list[str]:
    """The units of the place a name opens with: ``["县", "镇"]`` for 长宁县白沙镇党委."""
    return _ONE_UNIT.findall(split_place(name)[0])


#: How a leadership group's name ends, however many bodies it names.
_GROUP_END = re.compile(r"(?:领导班子|班子|委员会|党组|党委|党工委)$")


def is_post(name: str) -> bool:
    """An individual's post and unit (县委常委、组织部部长), not an organisation."""
    text = _PARTY.sub("", normalise(name))
    if _GROUP_END.search(text):
        return False  # 党工委、管委会领导班子: two bodies' one leadership group
    return "、" in text or bool(_POST_END.search(text)) and not text.endswith("常委")


def _bracketed_place(text: str) -> str:
    """``白沙镇委员会(长宁县)`` → ``长宁县白沙镇委员会``: the superior place some registers
    write after a township's name, put in front where reports write it."""
    match = re.fullmatch(r"(.+)\((.+)\)", text)
    if match and PLACE.fullmatch(match.group(2)):
        return match.group(2) + match.group(1)
    return text


def body_key(name: str) -> str:
    """The canonical name grouping the variants of one organisation (see the module)."""
    text = _bracketed_place(_PARTY.sub("", normalise(name)))
    if not text or is_post(text):
        return text
    text = re.sub(r"(?<!人民)政府", "人民政府", text).replace("党支部", "支部")
    text = re.sub(r"党总支(?:部)?|总支部", "总支", text)  # (党总支委员会 = 总支部委员会)
    for long, short in _SHORT_NAMES:
        text = text.replace(long, short)
    while True:
        stripped = _GROUP_TAIL.sub("", text)
        if stripped == text or not stripped:
            break
        text = stripped
    place, rest = split_place(text)
    if place and rest in ("", "委"):  # the place's own Party committee
        unit = _ONE_UNIT.findall(place)[-1]
        return place + {"镇": "党委", "乡": "党委", "街道": "党工委"}.get(unit, "委")
    return text


_GOVERNMENT_POST = re.compile(r"^(?:常务)?副?(?:省|市|区|县|镇|乡|州)长$")
_POST_TAIL = re.compile(rf"(?:{'|'.join(sorted(POSTS, key=len, reverse=True))}|常务|副|主要)$")


def unit_key(name: str) -> str:
    """The key of the organisation a post belongs to (乌岭市副市长 → 乌岭市人民政府,
    彤鲁县委常委、组织部部长 → 彤鲁县委); an organisation's own key otherwise."""
    text = _PARTY.sub("", normalise(name))
    if not is_post(text):
        return body_key(text)
    first = text.split("、")[0]
    place, rest = split_place(first)
    if place and _GOVERNMENT_POST.match(rest):
        return body_key(place + "人民政府")
    while (shorter := _POST_TAIL.sub("", first)) != first and shorter:
        first = shorter
    if "、" in text and not text.split("、")[0].endswith("党员"):
        # 司党支部书记、司长: the branch's secretary (or a committee member) also holds a post
        # of the unit (but 机关党支部党员、股长: a member's body is the branch)
        first = re.sub(r"(?:党支部|党总支|支部)$", "", first) or first
    return body_key(first)
