"""The title block: the lines above the body that name the report and its author."""

from __future__ import annotations

import re

from generator.models import SourceLine
from generator.parse.numbering import SECTION, Marker, match_marker
from generator.parse.roles import detect_role

_TITLE_WORDS = re.compile(
    r"对照|检查|检视|剖析|材料|发言|提纲|生活会|汇报|报告|對照|檢查|檢視|發言"
    r"|总结|述职|總結|述職")  # (the title of a look-alike: 2025年度个人工作总结)
_SENTENCE = re.compile(r"[。，；！？,;!?]")
_MAX_TITLE = 90  # 中共…集团有限公司委员会班子2023年学习贯彻…主题教育专题民主生活会对照检查材料
_MAX_LINES = 4
#: A title block line at least this long that runs on into a sentence on a line as long as
#: itself is the first line of a hard-wrapped paragraph (a PDF's line width), not an author
#: line.
_WRAP_MIN = 25
#: A title glued to the text after it (a copy without line breaks): up to the genre's name.
#: The genre's names, as a title ends with them (both scripts).
_GENRE_NAMES = ("对照检查材料|检视剖析材料|剖析材料|检查材料|对照材料|发言提纲|发言材料"
                "|對照檢查材料|檢視剖析材料|發言提綱|發言材料")
_GLUED_TITLE = re.compile(
    rf"(?P<title>[^。，；！？,;!?：:]{{6,{_MAX_TITLE}}}?(?:{_GENRE_NAMES}))"
    r"(?=[ \u3000]*[\u4e00-\u9fff])")


def _title_like(line: SourceLine) -> bool:
    text = line.text
    if line_of_author(text):  # a post with a comma: 县纪委常委，派驻纪检监察组组长　郜某某
        return True
    if _LABELLED_MEMBER.match(text.strip()):  # 党员：某某（某某镇机关第二党支部，…）
        return True
    return (len(text) <= _MAX_TITLE and not _SENTENCE.search(text)
            and not text.endswith(("：", ":")) and match_marker(text) is None
            and not _section_heading(text))


#: A member's labelled line under the title: the label, a name, its branch and work in brackets.
_LABELLED_MEMBER = re.compile(r"^(?:党员|姓名|发言人|汇报人)[：:]\s*[\u4e00-\u9fffXx×*]{2,4}"
                              r"[（(][^（）()]{2,40}[）)]$")


def wrapped_line(line: str, after: str) -> bool:
    """Whether ``line`` reads as a line of a paragraph a PDF wrapped: long, and as long as
    the line after it (the page's width; an author line is followed by a paragraph)."""
    width = len(line)
    return width >= _WRAP_MIN and abs(len(after) - width) <= max(4, width // 7)


def _section_heading(text: str) -> bool:
    """An unnumbered section heading (``## 存在的问题``) under the title, not part of it."""
    return not _TITLE_WORDS.search(text) and detect_role(text) != "other"


def split_title(lines: list[SourceLine]) -> tuple[list[SourceLine], list[SourceLine]]:
    """``(title_lines, body_lines)``. A title block is up to four short unpunctuated lines
    at the top, one of which names the genre (or a Markdown/Word title heading)."""
    from generator.parse.repair import breaks_sentence  # it reads this module's names

    block: list[SourceLine] = []
    for i, line in enumerate(lines[:_MAX_LINES]):
        after = lines[i + 1] if i + 1 < len(lines) else None
        if block and after is not None and wrapped_line(line.text, after.text) and not (
                _title_like(after)) and breaks_sentence(line, after):
            break  # the preamble's first line, hard-wrapped (a PDF copy): the body starts
        # Word and web copies style the title as a heading or bold; plain copies don't.
        # (An h1 that is a section heading, # 一、存在的问题, opens the body: the title may
        # be in the front matter only.)
        heading_one = line.style == "h1" and match_marker(line.text) is None and not (
            _section_heading(line.text))
        # (a print view sets the title as an h3: one naming the genre is the title too)
        genre_heading = line.style in ("h3", "h4") and names_report(line)
        if heading_one or genre_heading or (
                line.style in ("", "h2", "bold") and _title_like(line)):
            block.append(line)
        else:
            break
    if not any(line.style == "h1" or _TITLE_WORDS.search(line.text) for line in block):
        if lines and line_of_author(lines[0].text):
            # no title line (front matter may give it), only the author's post and name
            return [lines[0]], lines[1:]
        return _glued_title(lines)
    return block, lines[len(block):]


def own_title(body: list[SourceLine]) -> set[int]:
    """Lines of the report's own title block set below the page's headline, past an editor's
    note or a caption (编者按：… / 中共某某集团委员会 / 领导班子2022年度…对照检查材料, a WeChat
    article's): up to four title-like lines in the opening, before any numbered line, the last
    naming the genre. They are the preamble's text, not headings."""
    run: list[int] = []
    for i, line in enumerate(body[:_OWN_TITLE_SPAN]):
        if match_marker(line.text) is not None:
            break
        if _title_like(line) and not line_of_author(line.text):
            run.append(i)
            if names_report(line) and len(run) <= _MAX_LINES and run[0] > 0:
                return set(run)
        else:
            run = []
    return set()


def names_report(line: SourceLine) -> bool:
    """Whether ``line`` reads as a report's own title line: title-like (short, no sentence,
    no number) and ending in the genre's name (…2022年度民主生活会对照检查材料)."""
    return _title_like(line) and bool(GENRE_END.search(re.sub(r"\s+", "", line.text)))


#: How far into the body an own title block may stand (past a note of a few paragraphs).
_OWN_TITLE_SPAN = 6


#: An author line: a post (with its unit) and, set apart by blanks, a name of two to four
#: characters (渲州市交通运输局党组书记、局长　蔺某某).
_POST_END = ("(?:书记|主任|局长|县长|市长|区长|镇长|乡长|部长|厅长|委员|主席|院长|校长|经理|董事长"
             "|秘书长|组长|所长|党员|关长|台长|馆长|会长|理事长|总会计师|总工程师|总监)")
#: (The post may be followed by its duties: …副局长，分管森林资源管理工作　柯某某.)
AUTHOR_LINE = re.compile(rf"^.{{0,40}}{_POST_END}"
                         r"(?:[，,](?:分管|负责|协助|主管|联系)[^。；;]{0,40})?"
                         r"[\s\u3000]+[\u4e00-\u9fff]{2,4}$")


#: An author line glued between a glued title and the text, set apart by blanks.
_GLUED_AUTHOR = re.compile(rf"[ \u3000]*[^ \u3000。，；]{{2,40}}?{_POST_END}[ \u3000]+"
                           r"[\u4e00-\u9fff]{2,4}(?=[ \u3000]+[\u4e00-\u9fff])")


def line_of_author(text: str) -> bool:
    """Whether ``text`` is an author line: a post and a name, nothing else."""
    return bool(AUTHOR_LINE.match(text.strip()))


def _glued_title(lines: list[SourceLine]) -> tuple[list[SourceLine], list[SourceLine]]:
    """A first line that opens with the title and runs on into the text (a copy without
    line breaks) is cut after the title; otherwise there is no title block."""
    first = lines[0] if lines else None
    match = _GLUED_TITLE.match(first.text) if first and not first.style else None
    if first is None or match is None:
        return [], lines
    cut = match.end()
    title = [SourceLine(first.text[:cut], first.lineno)]
    if author := _GLUED_AUTHOR.match(first.text, cut):  # …材料 某省某厅副厅长 某某 根据…
        title.append(SourceLine(first.text[cut:author.end()], first.lineno))
        cut = author.end()
    rest = first.text[cut:].lstrip(" \u3000")
    return title, [SourceLine(rest, first.lineno), *lines[1:]]


#: A title's last words naming the genre: a line ending so, past the first report's
#: signature, is the title of another report in the same file.
GENRE_END = re.compile(rf"(?:{_GENRE_NAMES}|对照检查)$")
#: The genre's name anywhere in a line (a column's headline: …对照检查材料选登（三）).
GENRE_IN = re.compile(_GENRE_NAMES)
#: A signature's date line (2024年1月17日, 二〇二四年一月): how a report ends.
_DATE_END = re.compile(
    r"(?:(?:19|20)\d{2}|[一二〇零○][〇零一二三四五六七八九○]{3})\s*年\s*"
    r"[\d一二三四五六七八九十]{1,3}\s*月(?:\s*[\d一二三四五六七八九十]{1,3}\s*日)?[）)]?$")


def second_report(body: list[SourceLine], title: list[SourceLine]) -> int | None:
    """The line number where another report begins in the same file (a page that carries
    two members' reports, a copy pasted twice), or None: a title-like line naming the genre
    (…对照检查材料) after the first report has opened its sections, right after its
    signature's date or repeating its own title, and followed by sections numbered from the
    first again (a running header repeating the title goes on with the section it is in).
    What follows is kept as the last section's text, not read as the report's outline."""
    titles = {_blanks(line.text) for line in title if GENRE_END.search(_blanks(line.text))}
    sections = False
    recent: list[str] = []
    for i, line in enumerate(body):
        text = _blanks(line.text)
        if not text:
            continue
        if (sections and GENRE_END.search(text) and _title_like(line)
                and (text in titles or any(_DATE_END.search(r) for r in recent[-2:]))
                and _restarts(body[i + 1:])):
            return line.lineno
        heading = _section_marker(line) is not None or line.style.startswith(("h", "bold"))
        sections = sections or (heading and detect_role(line.text) != "other")
        recent.append(text)
    return None


def _restarts(lines: list[SourceLine]) -> bool:
    """Whether the next section heading in ``lines`` is a first one (一、, or a styled heading
    without a number)."""
    for line in lines:
        marker = _section_marker(line)
        if marker is not None:
            return marker.ordinal == 1
        if line.style.startswith("h") and detect_role(line.text) != "other":
            return True
    return False


def _section_marker(line: SourceLine) -> Marker | None:
    marker = match_marker(line.text)
    return marker if marker is not None and marker.cls == SECTION else None


def _blanks(text: str) -> str:
    return re.sub(r"\s+", "", text)


#: A title naming another kind of document of the meeting: its notice, the chair's script, a
#: summary of opinions, a record of talks, the report on how it went or on the rectification,
#: a review of a draft, a plan, a speech or the supervisor's comments at the meeting, a study
#: session's speech, a drafting guide, a news headline on the meeting.
_OTHER_DOCUMENT = re.compile(
    r"(?:通知|主持词|汇总|记录|纪要|审核意见|(?:召开|整改落实|落实|整改)情况的?报告|工作方案"
    r"|(?:生活会|会议)的?(?:召开)?情况的?报告"
    r"|实施方案|整改方案|点评|点评意见|指导意见|督导意见|党课|党课讲稿|讲稿|讲话|讲话稿|讲话提纲|通報|通知書|彙總|記錄|講話"
    # a study session's speech, a drafting guide or template
    r"|研讨发言|交流发言|心得体会|怎么写|如何写|写作要点|写作指南|撰写指南|写法|模板"
    # a duty report or a year's summary (they too list shortfalls and plans)
    r"|述职报告|述职述廉报告|述责述廉报告|工作总结|年终总结|个人总结|述職報告|工作總結"
    r"|情况通报|通报"
    # a member's or applicant's own letter to the Party (思想汇报, 入党申请书)
    r"|思想汇报|入党申请书|转正申请书?"
    # a news headline: 县委常委班子召开2024年度民主生活会 (… 督导组到会指导)
    r"|(?:召开|举行|开好)[^，。；]{0,40}(?:民主生活会|组织生活会)|到会指导|督导指导"
    # a table of opinions gathered, the answer to a request for them
    r"|汇总表|反馈函|意见函|复函"
    # a report on the opinions gathered for the meeting (征求意见建议情况的报告)
    r"|(?:征求|征集|收集)(?:到的)?意见(?:建议)?(?:情况|的情况)?的?(?:报告|汇报)"
    # a supervisor's report on the meetings it watched, a notice of the members' appraisal
    r"|(?:监督检查|督导检查|监督|督查|督导)情况的?(?:报告|汇报)|公示|公告)$")
#: Titles that name another document even when they end in a genre word: the criticisms
#: members put to each other (相互批评意见（发言提纲）), a drafting outline for the reports
#: (个人对照检查材料撰写提纲, also marked （参考） or （试行）).
_OTHER_DESPITE_GENRE = re.compile(r"(?:撰写|写作|起草)(?:提纲|要求|说明)"
                                  r"(?:参考|参考稿|参考文本|试行|样本|范本|模板|样稿)?$")
#: A report on a matter that names no meeting and no self-examination (关于我区村级党组织书记
#: 队伍建设情况的报告: a survey's report).
_REPORT_ON = re.compile(r"^关于.{2,50}(?:情况|问题|调研|调查)的?(?:报告|汇报)$")
#: A list of the meeting's problems and their remedies (查摆问题整改清单, 问题台账): a document of
#: its own unless the title also names the genre (对照检查材料（附问题清单）).
_LIST_ONLY = re.compile(r"(?:整改|问题|任务|责任|措施)(?:清单|台账|清单表)$")
_CRITICISM_ONLY = re.compile(r"(?:相互批评|批评意见)(?:发言)?(?:提纲|清单)?$")
#: Words of a self-examination (自我批评和相互批评发言提纲, 对照检查材料（含相互批评意见）):
#: a title with them is the author's own report, criticisms of others included.
_OWN_EXAMINATION = re.compile(r"自我批评|对照检查|检视|剖析|查摆|含")


def other_document(title: str) -> bool:
    """Whether ``title`` names a document that is not a self-examination (a look-alike: its
    lists are not the report's problems and measures)."""
    text = re.sub(r"[\s（）()【】\[\]“”\"]+", "", title)
    return bool(text) and (
        bool(_OTHER_DESPITE_GENRE.search(text))
        or bool(_CRITICISM_ONLY.search(text)) and not _OWN_EXAMINATION.search(text)
        or bool(_LIST_ONLY.search(text)) and not GENRE_IN.search(text)
        or bool(_REPORT_ON.search(text)) and not _OWN_EXAMINATION.search(text)
        and "生活会" not in text
        or bool(_OTHER_DOCUMENT.search(text)) and not GENRE_END.search(text))
