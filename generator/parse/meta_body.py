"""Who: the issuing body and the author, read where reports name them.

- the title: ``中共桐溪县人民法院党组2023年度民主生活会…`` → ``中共桐溪县人民法院党组``;
  ``彤鲁县委常委、组织部部长卢佳2025年度…`` → the post ``彤鲁县委常委、组织部部长`` and the
  person ``卢佳``;
- the author line under the title: ``漳竺县元垣镇党委书记  武某某``;
- the signature block at the end: ``中共松蜀县委常委会`` / ``2024年1月17日``, ``对照检查人：卢佳``;
- the opening paragraph, only for a full name (``中共某某县委常委班子认真…``).

A name counts only if it ends like an organisation (…党组, …班子, …局, …委员会) or a post
(…书记, …部长); anything else found there is not a body.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from generator.parse.bodies import PLACE, POSTS, is_post, normalise, place_units, split_place
from generator.parse.meta_level import LEVEL_WORDS
from generator.parse.meta_time import DATE_LINE, ocr_zero

_HAN = "[\u4e00-\u9fff]"
#: Where the body ends in a title: the year (in digits or 二〇二二; 20**年, redacted, is 20年
#: once normalised), the campaign, the meeting or the genre words.
_TITLE_TAIL = re.compile(
    r"(?:19|20)(?:\d\d)?\s*年|[一二][〇零○一二三四五六七八九]{3}\s*年|[“\"「]|关于|(?:党|D|X)史学习教育|不忘初心|学习贯彻|主题教育|党纪学习教育"
    r"|深入贯彻|中央八项规定|(?:中央|[省市区县]委)?(?:第[一二三四五六七八九十]+)?巡[视察]|(?:党的)?群众路线|三严三实|两学一做"
    r"|以案|专题|(?:年度)?(?:民主|组织)生活会|对照|检视|剖析|个人|发言|提纲"
    r"|材料(?![与和及]|科学|工程|化学|学院|研究|物理)")  # (材料科学与工程学院 names a unit)
#: A headline's subject and its verb (市交通运输局党组召开…民主生活会).
_HOLDS_MEETING = re.compile(r"^(.{2,40}?)(?:组织|专题|隆重|集中|高质量)?召开$")
#: How the name of an organisation ends.
_ORG_END = re.compile(r"(?:委|委员会|党组|党委|班子|政府|局|院|公司|支部|中心|学校|人大|政协"
                      r"|街道|镇|乡|村|社区|办公室|厅|部|所|站|队|集团|机关|单位|协会|联合会|社"
                      r"|行|处|科|馆|常委会|[部局厅院委校]务会)$")  # (组织部部务会, 局务会)
#: A kind of member opening a title (离退休干部党员, 学生党员, 普通党员个人): no body.
_MEMBERS = re.compile(r"(.{0,8}?)党员(?:个人)?")
#: A body joined to its leader (领导班子及党委书记, 党组暨党组书记, 常委班子和): the body.
_JOINED = re.compile(r"^(.{2,}?(?:班子|党组|党委|党工委|委员会|常委会))(?:及|和|暨|与|以及)")
#: A post and a name in brackets closing a title.
_CLOSING_WHO = re.compile(r"(?:材料|发言|提纲)[（(]([^（()）]{2,40})[）)]$")
#: A committee's second name in brackets after its first: 党委（党组）.
_ALSO = re.compile(r"[（(](?:党组|党委|党工委|党总支|党支部)[）)]$")
#: (X某某: a copy that redacts the surname with a letter)
_NAME = re.compile(rf"^(?:{_HAN}{{2,3}}|某某|[xX×*]{{2,3}}|[\u4e00-\u9fff][xX×*某]{{1,2}}"
                   rf"|[xX×*]某{{1,2}})$")
_NOT_NAME = re.compile(r"[委会组班局院部党府处科室队站所稿]")
_POST = re.compile("|".join(sorted(POSTS, key=len, reverse=True)))
#: The labels of the line naming who examines himself (对照检查人：…, 检视人：…).
SIGNER_LABELS = "对照检查人|检查人|检视人|发言人|剖析人|汇报人|报告人"
_SIGNER = re.compile(rf"^(?:{SIGNER_LABELS}|署名|本人)[：:]\s*(?P<name>.+)$")
_FULL_NAME = re.compile(
    rf"中共{PLACE.pattern}{_HAN}{{0,12}}?(?:常委班子|常委会|领导班子|党组班子|党委班子"
    r"|党工委|党组|党委|委员会|班子|党总支|党支部|支部)")
_LEVEL_BODY = re.compile(
    rf"(?<!{_HAN})[省市区县](?:委|政府|人大|政协)(?:常委会?)?(?:党组|领导)?班子"
    rf"|(?<!{_HAN})[省市区县](?:政府|人大常委会|政协)党组")
_ROLE = re.compile(r"作为([省市区县](?:委|政府)(?:主要负责(?:人|同志)|第一责任人))")
#: …or the author's post (作为市审计局党组书记、局长，我…; 作为蓟川市审计局…; 本人现任…): a
#: unit named by its level or its place, and a post.
_ROLE_POST = re.compile(r"(?:作为(?:一名)?|(?:本人|我)(?:现任|担任|任))"
                        r"((?:[省市区县镇乡]|中共|[\u4e00-\u9fff]{2,8}?[省市区县])"
                        r"[^，,。；;：:“”（）()]{2,30}?)[，,]")
#: The unit such a post must name (not 作为区内主要负责同志).
_ROLE_UNIT = re.compile(r"[委局办院厅部司府所站队社行馆]|公司|中心|集团|党组|支部")
#: The county (district, banner) whose Party committee convenes a township's meeting:
#: 根据漓源县委关于开好…的通知.
#: (A town's too, for a village or community: 按照芸香街道党工委.)
_CONVENER = re.compile(rf"(?:根据|按照|遵照|依据)(?:中共)?({PLACE.pattern})"
                       r"(?:委|党委|党工委|人民政府)")
#: …or the unit that holds the meeting, named in full before 于…召开 (我所在的澹州经济技术
#: 开发区管委会机关第三党支部于2024年7月召开专题组织生活会): a place or institution, then the
#: organisation.
_HOLDS = re.compile(
    r"(?:^|[，,。；;：:]|我所在的|我们)((?!我|本|该|各|全|所)(?:中共)?[\u4e00-\u9fff]{2,8}?"
    r"(?:省|市|县|区|州|盟|旗|镇|乡|村|大学|学院|公司|集团|医院|开发区|新区)"
    r"[\u4e00-\u9fff]{0,24}?(?:党支部|党总支|支部委员会|党委|党组|党工委|领导班子|委员会))"
    r"(?:[（(][^（()）]{0,30}[）)])?(?:于|在)[^，,。；;]{0,20}?召开")
#: The branch an individual's opening says they belong to (我作为中共某大学外国语学院教工
#: 第二党支部的一名党员; …，现在是市委老干部局离退休干部第三党支部党员).
_MEMBER_OF = re.compile(
    r"(?:作为|现在是|我是|，是)((?!我|本|该|各|全|所|班子|联系)(?:中共)?[^\s和与及的、，,。；;]{2,30}?"
    r"(?:党支部|党总支|支部))"
    r"的?(?:一名|一位)?(?:普通|正式)?(?:共产党员|党员)")
_SPACES = re.compile(r"[ \u3000\t]{1,}")


@dataclass(frozen=True, slots=True)
class Who:
    """A body (or an individual's post and unit) and, for an individual, the person."""

    body: str = ""
    person: str = ""


#: A post's column before its headline (学习园地丨局党组书记…, 党建|…): not the body.
COLUMN = re.compile(r"^[^丨｜|，。]{2,10}[丨｜|]")


def from_title(title: str) -> Who:
    """The body or post the title opens with (before its year, campaign or meeting), or the
    post and name it ends with in brackets (…对照检查材料（市委常委、常务副市长　某某）)."""
    closing = _CLOSING_WHO.search(title.strip())
    named = ""
    if closing:
        who = from_author_line(closing.group(1))
        if who.body:
            return who
        # …个人对照检查材料（卞某某）: the name only; the body is the one the title opens with
        named = who.person
        title = title.strip()[:closing.start() + 2] if named else title
    # 关于中共X县委常委班子…的对照检查材料; 关于对X党组…的反馈函 (a letter about X)
    # (关于召开…会议的通知: a notice's verb, no body)
    text = re.sub(r"^关于(?:对(?!照|外)|(?:认真)?(?:召开|开好|做好|印发|组织开展|开展))?", "",
                  COLUMN.sub("", normalise(title)))
    # 省委第三督导组对市委常委班子…的点评意见: the body reviewed, not the reviewers
    text = re.sub(r"^[^，,。对]{2,30}?(?:督导组|指导组|巡视组|巡察组|调研组|工作组)对", "", text)
    # 中共X市委常委班子2O22年度…: the year ends the body however its zeros were typed
    match = _TITLE_TAIL.search(ocr_zero(text))
    head = (text[:match.start()] if match else "").strip("，,、：: ")
    kind = _MEMBERS.sub(r"\1", head)
    if _MEMBERS.fullmatch(head) and (kind.endswith("干部") or not _ORG_END.search(kind)):
        return Who()  # 离退休干部党员…, 学生党员…: who speaks, not the body (the author line's)
    # 县长李四在县政府党组民主生活会上的发言: the speaker; 在区委班子…会上的讲话: the meeting's
    speaker, _, meeting = head.partition("在")
    head = re.sub(r"同志$", "", speaker) or meeting
    # 市交通运输局党组召开2023年度民主生活会 (a news item's headline): who holds it
    if (held := _HOLDS_MEETING.match(head)) and _ORG_END.search(held.group(1)):
        head = held.group(1)
    if _is_name(head):
        return Who("", head)
    # 中共X乡委员会领导班子及党委书记个人…, 县政府党组和个人…: the collective body first
    joined = _JOINED.match(head)
    if joined and _ORG_END.search(joined.group(1)):
        head = joined.group(1)
    who = _who(head) if 0 < len(head) <= 40 else Who()
    return Who(who.body, who.person or named) if named else who


def from_author_line(line: str) -> Who:
    """``漳竺县元垣镇党委书记  武某某`` → post and person; ``卢佳`` → the person."""
    text = normalise(_SPACES.sub(" ", line.strip()))
    if (labelled := _labelled(text)) is not None:
        return labelled
    if (found := _POST_COLON_NAME.match(text)) and is_post(found.group(1)):
        return Who(_who(found.group(1)).body or found.group(1), found.group(2))
    parts = line.split() or [line]
    bracketed = _NAME_POST.match(normalise(parts[-1])) if len(parts) > 1 else None
    if bracketed and _is_name(bracketed.group("name")):
        # 退休干部党支部党员　殷某某（原县农业农村局副局长）: the name, its post in brackets
        # (a former post, 原…, is no longer the unit)
        who = from_author_line(" ".join([*parts[:-1], bracketed.group("name")]))
        post = bracketed.group("post")
        if who.body or post.startswith("原"):
            return who
        return Who(_who(post).body, who.person)
    if len(parts) > 1 and _is_name(normalise(parts[0])) and not _is_name(normalise(parts[-1])):
        parts = [*parts[1:], parts[0]]  # 甄某某　洹阳市发改委党组书记、主任: the name first
    if len(parts) > 2 and _is_name(normalise(parts[-1])):
        # 中共柏溪镇委员会　镇党委副书记、镇长　邹某某: the organisation, then a post that
        # names no place: the organisation is the body
        # (…学校党支部　语文教师　某某, …学院学生第三党支部　2019级本科生党员　某某: a
        # member's branch, named with its place or as a Party organisation)
        org, post = normalise(parts[0]), normalise("".join(parts[1:-1]))
        if (_ORG_END.search(org) and not is_post(org)
                and (split_place(org)[0] and is_post(post) or _PARTY_ORG.search(org))
                and not split_place(post)[0]):
            return Who(org, normalise(parts[-1]))
    if len(parts) > 1 and _is_name(normalise(parts[-1])) and (
            _PARTY_ORG.search(org := normalise("".join(parts[:-1]))) and not is_post(org)):
        return Who(org, normalise(parts[-1]))  # 城关镇南街社区党总支　周某某: the branch, a name
    if len(parts) > 1 and _is_name(normalise(parts[-1])):
        post = _who(_DUTIES.sub("", normalise("".join(parts[:-1]))))
        # (…内科党支部　党员　某某: an ordinary member's body is the branch)
        body = _MEMBER.sub("", post.body)
        # (党员　某某: a member, of no unit the line names)
        return Who("" if _BARE_MEMBER.fullmatch(body) else body, normalise(parts[-1]))
    if _is_name(text):
        return Who("", text)
    return _who(text) if len(text) <= 40 else Who()


#: How a Party organisation's name ends (…党支部, …联合党支部, …党总支, …党委).
_PARTY_ORG = re.compile(r"(?:党支部|党总支|党委|党组|党工委|支部委员会)$")
#: A post, a colon and a name (柘坪乡白沙村驻村第一书记：宁某).
_POST_COLON_NAME = re.compile(r"^([^：:]{4,40})[：:]\s*([\u4e00-\u9fff]{2,4})$")
#: The duties an author line adds after the post (…副局长，分管森林资源管理工作): not the post.
_DUTIES = re.compile(r"[，,、;；]\s*(?:分管|负责|协助|主管|联系|兼管)[^，,]*$")
#: A member named as one, of no unit (党员, 中共党员, 预备党员).
_BARE_MEMBER = re.compile(r"(?:中共)?(?:正式|预备)?党员")
#: "Member" after a branch's name in an author line (…党支部党员): not part of the body.
_MEMBER = re.compile(r"(?<=支部|总支|党委|党组)党员$")
#: An author line's labelled fields (鹊山村党支部　党员：戚某某, 姓名：… 单位：…).
#: (A form's labels may be spaced out to one width: 姓　　名, 岗　　位; 岗位, 班级 and 职称 say
#: what a member does or studies, not the unit.)
_LABEL = re.compile(rf"(姓\s*名|党\s*员|{SIGNER_LABELS}|单\s*位|工作单位|所在(?:班子|单位|党组织)"
                    r"|所在党?支部|(?<![\u4e00-\u9fff])(?:党?支部|党组织)|职\s*务|岗\s*位|工作岗位"
                    r"|班\s*级|职\s*称)\s*[：:]\s*")
#: The labels of a unit's field (所在支部：…, 单位：…).
UNIT_LABEL = re.compile(r"(?:单\s*位|所在[^：:\s]{0,4}|(?<![\u4e00-\u9fff])(?:党?支部|党组织))"
                        r"\s*[：:]")
_PERSON_LABELS = ("姓名", "党员", *SIGNER_LABELS.split("|"))
#: A name with the post after it in brackets (骆某某（党委副书记、校长）).
_NAME_POST = re.compile(r"^(?P<name>[\u4e00-\u9fffXx×*]{2,4})[（(](?P<post>[^（()）]{2,60})[）)]$")


def _labelled(text: str) -> Who | None:
    """The body and person of an author line with labelled fields (the unit named before the
    first label, or after 单位：), ``None`` for a line without labels."""
    parts = _LABEL.split(text)
    if len(parts) < 3:
        return None
    fields = {re.sub(r"\s", "", label): value.strip()
              for label, value in zip(parts[1::2], parts[2::2], strict=True)}
    given = next((fields[k] for k in _PERSON_LABELS if fields.get(k)), "")
    if not _is_name(given) and given and len(fields) == 1 and not parts[0].strip():
        return _signed(given)  # 发言人：某公司党委书记、董事长　某某 / 发言人：某某（校长）
    person = next((name for k in _PERSON_LABELS if (name := _name_of(fields.get(k, "")))), "")
    unit = next((v for k, v in fields.items()
                 if k.startswith(("单位", "所在", "支部", "党支部", "党组织"))), "")
    unit = unit or parts[0].strip()
    if not unit and (post := fields.get("职务", "")):
        # 姓名：某某　职务：东坳村党支部书记: the post names the unit, as an unlabelled line's does
        return Who(_who(post).body, person)
    return Who(_who(unit).body if unit else "", person)


def _name_of(value: str) -> str:
    """The name a labelled field gives: 覃某某, or 覃某某（预算股股长） with its post."""
    if _is_name(value):
        return value
    found = _NAME_POST.match(normalise(value))
    return found.group("name") if found and _is_name(found.group("name")) else ""


#: A member's unit before what he does there (杏河县第二小学党支部　四年级语文教师).
_UNIT_FIRST = re.compile(r"^(.{2,30}(?:党支部|总支部|党总支|支部|党委|党组|党工委|委员会))")
#: What separates the unit from what a member does there, in brackets after a name.
_FIELD_BREAKS = frozenset("，,、；; \u3000")


_HAN_ONLY = re.compile(r"[\u4e00-\u9fff]+")


def _signed(value: str) -> Who:
    """Who a signer's label names: a name, a post and a name, or a name and its post in
    brackets."""
    found = _NAME_POST.match(normalise(value.strip()))
    if found and (_HAN_ONLY.fullmatch(found.group("name")) or _is_name(found.group("name"))):
        # (X某某（中共溆原市委办公室）: a redacted name, its unit in brackets)
        # (芮某（杏河县第二小学党支部　四年级语文教师）: the unit, then what the member does)
        unit = _UNIT_FIRST.match(found.group("post"))
        posts = [found.group("post"), *([unit.group(1)] if unit else [])]
        if unit and found.group("post")[unit.end():unit.end() + 1] in _FIELD_BREAKS:
            # (卜某某（柏岙镇机关第一党支部，镇农业综合服务中心）: the branch, then where the
            # member works: the branch is the body)
            posts.reverse()
        body = next((b for b in (_who(p).body for p in posts) if b), "")
        return Who(body, found.group("name"))
    who = from_author_line(value)
    return who if who.body or who.person else Who("", normalise(value.strip()))


def signature(lines: Sequence[str]) -> tuple[Who, str]:
    """``(who, date line)`` from the last short lines of a report."""
    who, date = Who(), ""
    for raw in reversed(lines[-4:]):
        line = raw.strip()
        if DATE_LINE.match(normalise(line)):
            date = date or line
            continue
        if len(line) > 40 or re.search(r"[。；！？!?，,]", line):
            break
        signer = _SIGNER.match(line)
        found = _signed(signer.group("name")) if signer else from_author_line(line)
        who = Who(who.body or found.body, who.person or found.person)
    return who, date


def from_opening(text: str) -> str:
    """A body the opening paragraph names: in full (中共 + place + organisation), by its
    level (区委班子, 市政府党组) or as the unit that holds the meeting (…党支部于…召开); never
    a fragment such as 其中涉及院党组班子; or the branch an individual belongs to (我作为…党支部的
    一名党员); or the post an individual introduces themselves by (我叫…，现任…)."""
    text = normalise(text)
    match = _FULL_NAME.search(text)
    if match and split_place(match.group(0))[0]:
        return match.group(0)
    match = _LEVEL_BODY.search(text)
    if match:
        return match.group(0)
    match = _HOLDS.search(text) or _MEMBER_OF.search(text) or _SUBJECT.search(text)
    if match:
        return match.group(1)
    return self_introduced(text).body


def self_introduced(opening: str) -> Who:
    """Who an individual's opening introduces (我叫某某，现任柳塬镇党委书记 → that post and
    某某; 本人2016年8月起担任…校长 → the post alone), or nobody."""
    match = _SELF_POST.search(normalise(opening))
    if match:
        return Who(_who(match.group(2)).body, match.group(1))
    match = _SELF_POST_UNNAMED.search(normalise(opening))
    return Who(_who(match.group(1)).body) if match and is_post(match.group(1)) else Who()


#: The post an individual's opening introduces them by (我叫某某，现任柳塬镇党委书记，…;
#: 本人某某，2019年起任县纪委监委第三纪检监察室主任).
_SELF_POST = re.compile(r"(?:我叫|我是|本人)([\u4e00-\u9fff]{2,4})[，,][^，,。；;]{0,12}?"
                        r"(?:现任|担任|任)([^，,。；;（(]{2,40})")


#: …or without a name (本人2016年8月起担任某中学党总支书记、校长; 我现任…).
_SELF_POST_UNNAMED = re.compile(
    r"(?:我|本人)(?:于|自|从)?(?:(?:19|20)\d\d年(?:\d{1,2}月)?(?:起|以来)?)?[，,]?"
    r"(?:现任|担任)([^，,。；;（(]{2,40})")


#: …or the subject of a clause that does what the report is about (，桤阳县人民法院党组围绕
#: “六个带头”…): a place and an organisation, then the verb.
_SUBJECT = re.compile(
    r"(?:^|[，,。；;])((?!我|本|该|各|全|所)[\u4e00-\u9fff]{2,8}?(?:省|市|县|区|州|盟|旗)"
    r"[\u4e00-\u9fff]{1,20}?(?:党组|党委|党工委|党支部|支部委员会|委员会))(?:领导)?(?:班子)?"
    r"(?=围绕|认真|紧扣|紧密|坚持|结合|对照|聚焦|深入|严格|把|以|按照|于|召开)")


_COUNTIES = ("县", "区", "旗", "自治县", "市")
_TOWNS = ("镇", "乡", "街道")
#: A body named by its place alone → the places whose committee may convene its meeting.
_CONVENED_BY = {("镇",): _COUNTIES, ("乡",): _COUNTIES, ("街道",): _COUNTIES,
                ("村",): _TOWNS, ("社区",): _TOWNS}


def with_county(body: str, opening: str) -> str:
    """A township body named without its county gets the county that convenes its meeting
    (中共石坝乡委员会 + 根据漓源县委… → 中共漓源县石坝乡委员会): two 石坝乡 stay apart; a
    village's or community's, the town that does (按照芸香街道党工委的安排)."""
    over = _CONVENED_BY.get(tuple(place_units(body)))
    county = convener(opening)
    if not over or not county or place_units(county)[-1] not in over:
        return body
    bare = re.sub(r"^中共", "", body)
    return ("中共" if bare != body else "") + county + bare


#: A unit's part that reports name without the unit it belongs to (政策法规司, 护理支部,
#: 化学学院党委): the end of such a name.
_PART_OF = re.compile(r"(?:司|处|科|室|所|支部|总支|学院|系|分院|分公司|事业部|中心)"
                      r"(?:党支部|支部|党总支|总支|党委)?(?:领导班子|班子)?$")
#: What a unit it belongs to may be named (国家物资储运局, 桐岭县人民医院, 岷川大学), set
#: right before the part's name in the text; no function words (它的, 在, 和).
_PARENT = re.compile(r"[\u4e00-\u9fff]{2,20}?(?:局|部|委|厅|署|院|集团|公司|大学|医院|中心|银行"
                     r"|分行|总局|总院)")
_FUNCTION_WORDS = re.compile(r"[的了在和与及我是对为把从向按照根据关于等这该其们本]")


def with_parent(body: str, text: str) -> str:
    """A unit's part named alone (政策法规司领导班子, 护理支部) gets the unit the report's text
    names it with (国家物资储运局政策法规司领导班子, 桐岭县人民医院护理党支部 → 桐岭县人民医院
    护理支部): the first time the text gives the part's name after a unit's."""
    bare = re.sub(r"^中共", "", normalise(body))
    if not _PART_OF.search(bare) or split_place(bare)[0]:
        return body
    core = re.sub(r"(?:领导班子|班子)$", "", bare)
    forms = {core, core.replace("党支部", "支部"), core.replace("支部", "党支部")}
    text = normalise(text)
    for form in sorted(forms, key=len, reverse=True):
        if len(form) < 3:
            continue
        for found in re.finditer(re.escape(form), text):
            before = text[max(0, found.start() - 20):found.start()]
            head = re.search(r"[\u4e00-\u9fff]{2,20}$", before)
            if not head:
                continue
            parent = next((m.group(0) for i in range(len(head.group(0)) - 1)
                           if (m := _PARENT.fullmatch(head.group(0)[i:]))
                           and not _FUNCTION_WORDS.search(m.group(0))), "")
            if parent:
                return ("中共" if body.startswith("中共") else "") + parent + bare
    return body


def with_group(body: str, opening: str) -> str:
    """A member's post named by the group alone, or by its unit's short name (党组成员、副局长;
    厅党组成员、副厅长; 内科党支部副书记) gets the group the opening says convenes the meeting,
    named in full there (按照中共国家海岸带管理局党组关于召开… → 国家海岸带管理局党组成员、
    副局长; 根据中共岚江省农业农村厅党组2020年度… → 岚江省农业农村厅党组成员、副厅长)."""
    text = normalise(body)
    own = _GROUP_POST.match(text)
    if not own or not is_post(text):
        return body
    short, group = own.group(1), own.group(2)
    held = _HOLDS.search(normalise(opening))
    name = re.sub(r"^中共", "", held.group(1)) if held else ""
    if group == "党委" and name.endswith("委员会") and held.group(1).startswith("中共"):
        name = name[:-3] + "党委"  # (中共…集团有限公司委员会 is that firm's 党委)
    unit = name[:-len(group)] if name.endswith(group) else ""
    if unit and _FIRM_FORM.sub("", unit).endswith(short) and len(unit) > len(short):
        # (根据省国资委党委的通知要求，某集团有限公司党委于…召开: the author's group is the one
        # that holds the meeting, not the one whose notice it follows)
        return unit + text[len(short):]
    for match in _CONVENING_GROUP.finditer(normalise(opening)):
        # (按照市委组织部和局党组的要求: two conveners, neither the author's own group named)
        full = match.group(1)
        if (match.group(2) == group and full.endswith(short) and len(full) > len(short)
                and not _TWO_UNITS.search(full)):
            return full + text[len(short):]
    return body


#: A firm's legal form after its name (集团 is short for …集团有限公司).
_FIRM_FORM = re.compile(r"(?:股份)?有限(?:责任)?公司$")


def with_unit(body: str, opening: str) -> str:
    """A post named without its unit (校长, 院长) gets the unit the opening says holds the
    meeting (中共云梓县第一中学委员会于…召开 → 云梓县第一中学校长)."""
    text = normalise(body)
    if not is_post(text) or len(text) > 8 or split_place(text)[0] \
            or _ORG_WORD.search(text[:-2]):  # (校长: its last two characters are the post)
        return body
    held = _HOLDS.search(normalise(opening))
    if not held:
        return body
    unit = _HELD_GROUP.sub("", re.sub(r"^中共", "", held.group(1)))
    return unit + text if len(unit) >= 4 and not unit.endswith(("党", "中共")) else body


#: The group words closing a body that holds a meeting (…第一中学委员会, …医院党委).
_HELD_GROUP = re.compile(r"(?:领导班子|班子)?(?:委员会|党委|党组|党总支|党支部)(?:领导班子|班子)?$")
#: Words of an organisation inside a post (党委书记, 局长): the post names its unit already.
_ORG_WORD = re.compile(r"[委局厅部院校司处科所站队社行馆会组]|公司|中心|集团|支部|街道|办事处")


#: Two organisations joined (市委组织部和局…), not one whose name has 和 (发展和改革委员会).
_TWO_UNITS = re.compile(r"[委部局厅办院会组](?:和|及|与|、)")
#: A post in a group named by the group's word alone or after a short name of its unit (厅,
#: 内科): the short name, the group's word.
_GROUP_POST = re.compile(r"^([^，,。、\s]{0,3}?)(党组|党委|党工委|党总支|党支部|支部委员会)"
                         r"(?:成员|委员|书记|副书记)")
#: The group the opening says convenes the meeting: its organisation and its word.
_CONVENING_GROUP = re.compile(r"(?:根据|按照|遵照|依据)(?:中共)?([^，,。；;、：:\s“”]{2,30}?)"
                              r"(党组|党委|党工委|党总支|党支部|支部委员会)"
                              r"(?:关于|的|统一|安排|部署|要求|通知|(?=(?:19|20)\d\d))")


def with_place(body: str, *others: str, text: str = "", heads: Sequence[str] = ()) -> str:
    """A body named by its level alone (镇党委班子, 市委常委班子: a speech title) gets the
    place another name of the report gives at that level (the speaker's post 河埠镇党委副书记),
    else the one a line over the report gives the same unit (a web page's second title
    中共汀浦县委常委、政法委书记 over 县委常委、…; a running header 柘溪县财政局党组 over 县财政局
    党组书记、局长), else the one its text names where reports name their own place
    (结合潼阳实际)."""
    place, rest = split_place(body)
    units = place_units(body)
    if place and units not in (["村"], ["社区"]):
        # 汀泉街道党工委副书记 in the author line, 中共蓼源区汀泉街道工作委员会 in the opening:
        # the same place with the one above it
        for other in others:
            found = split_place(other)[0]
            if found.endswith(place) and len(found) > len(place) \
                    and place_units(other)[-len(units):] == units:
                return body.replace(place, found, 1)
    if place and units in (["村"], ["社区"]):
        # 杏岙村党支部书记 signed, 中共柘坪镇杏岙村支部委员会 in the opening: the village's town
        for other in others:
            found = split_place(other)[0]
            if found.endswith(place) and len(found) > len(place) and \
                    place_units(other)[-2:-1] in (["镇"], ["乡"], ["街道"]):
                return body.replace(place, found, 1)
        return body
    word = next((w for w, _ in LEVEL_WORDS if rest.startswith(w)), "")
    if place or not word:
        return body
    for other in others:
        found = split_place(other)[0]
        if found.endswith(word):
            return found + rest[len(word):]
    for head in heads:  # (read as a title or an author line: 关于对X县…的反馈函 names no place)
        found, unit = split_place(from_title(head).body or from_author_line(head).body)
        if found.endswith(word) and len(rest) > len(word) and unit.startswith(rest[len(word)]):
            return found + rest[len(word):]
    core = _GROUP_WORD.sub("", rest[len(word):])  # (省自然资源厅党组 → 自然资源厅)
    if len(core) >= 3 and not core.startswith("委"):
        # the unit named with its place in the text (云岭省自然资源厅是2018年…新组建的部门,
        # ，宁川回族自治区党委政法委…); not a 市委 / 县委 (通报市委常委班子…: a verb before it)
        longest = 10 if word.startswith("自治") else 4
        stated = {m.group(1) for m in re.finditer(
            rf"(?:^|(?<=[，,。；;：:、“”\"\s（(]))([\u4e00-\u9fff]{{2,{longest}}})"
            rf"{re.escape(word + core)}",
            text) if not _FUNCTION_WORDS.search(m.group(1)) and m.group(1) not in _NOT_PLACE}
        if len(stated) == 1:
            return (body[:len(body) - len(rest)] if body.endswith(rest) else "") + \
                stated.pop() + rest
    named = set(_OWN_PLACE.findall(text)) - _NOT_PLACE
    if len(named) == 1:
        return (body[:len(body) - len(rest)] if body.endswith(rest) else "") + named.pop() + rest
    return body


#: The group's word closing a unit's name (…厅党组, …局领导班子).
_GROUP_WORD = re.compile(r"(?:领导班子|班子|委员会|常委会|党组|党委|党工委)$")
#: Where a report names its own place, two characters without the level word: 结合潼阳实际,
#: 开创临江各项事业, 推动柏州高质量发展, 宣传柏州疫情防控.
_OWN_PLACE = re.compile(
    r"(?<=结合|立足)[\u4e00-\u9fff]{2}(?=实际|实情)"
    r"|(?<=开创|推动|促进|服务|建设)[\u4e00-\u9fff]{2}(?=各项事业|高质量发展|经济社会发展)"
    r"|(?<=宣传)[\u4e00-\u9fff]{2}(?=疫情防控|发展成就|形象)")
#: Words that fill those places but name none.
_NOT_PLACE = frozenset((
    "工作", "岗位", "本地", "当地", "地方", "本市", "全市", "我市", "本县", "全县",
    "我县", "本区", "全区", "我区", "全省", "我省", "本省", "全国", "城市", "县域",
    "区域", "基层", "乡村", "农村", "企业", "产业", "单位", "部门", "行业", "系统",
    "自身", "各自", "经济", "社会", "文化", "教育", "生态", "民生", "实际", "国家",
    "中国", "群众", "人民", "党的", "改革", "全面", "我们", "自己", "分管", "机关",
    "思想", "理论", "新时", "镇村", "村镇", "城镇", "乡镇", "城乡", "村级", "镇域",
))


def from_role(full: str) -> str:
    """An individual's post stated in the text: 作为区政府主要负责人 → 区政府主要负责人,
    作为市审计局党组书记、局长，… → 市审计局党组书记、局长."""
    text = normalise(full)
    match = _ROLE.search(text)
    if match:
        return match.group(1)
    match = _ROLE_POST.search(text)
    post = match.group(1) if match else ""
    if member := _MEMBER_OF.fullmatch("作为" + post):
        return member.group(1) + "党员"  # (作为…第一党支部的一名党员: a member of the branch)
    return post if is_post(post) and _ROLE_UNIT.search(post) else ""


def convener(opening: str) -> str:
    """The place whose committee convenes the meeting (根据漓源县委关于… → 漓源县), or ``""``."""
    match = _CONVENER.search(normalise(opening))
    return match.group(1) if match else ""


def _who(head: str) -> Who:
    """Split a trailing person's name off a post (``…组织部部长卢佳``)."""
    for match in reversed(list(_POST.finditer(head))):
        rest = head[match.end():]
        if rest and _is_name(rest):
            return Who(head[:match.end()], rest)
        if not rest:
            break
    org = _ALSO.sub("", head)  # 卫健委党委（党组）: one committee that is also a Party group
    return Who(head) if _ORG_END.search(org) or is_post(head) else Who()


def _is_name(text: str) -> bool:
    # (濑溪镇, 桐溪县: a place of three characters, not a name)
    return (bool(_NAME.match(text)) and not _NOT_NAME.search(text) and not is_post(text)
            and not (len(text) >= 3 and text[-1] in _PLACE_ENDS))


_PLACE_ENDS = "省市县区镇乡村州旗盟"
