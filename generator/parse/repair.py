"""Line-level repairs before parsing, each a small pass over the lines:

- page furniture (page numbers, portal metadata, view counters, file names) is lifted out
  of the body — kept on the report page's source view and counted in the build report;
- a table of contents printed before the report is lifted out the same way;
- lines broken inside a sentence, a word or a 《book title》 (PDF and Word exports) are
  rejoined, and a curly quote stranded on its own line rejoins its text;
- spaces that PDF extraction put between Han characters are removed.

Only whitespace and line breaks change; every other character stays in the body or in
the furniture list.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from generator.chars import to_simplified
from generator.models import SourceLine
from generator.parse.meta_time import DATE_LINE
from generator.parse.numbering import (
    BULLET_MARKS,
    NOTE_MARK,
    POINT,
    RUN_ON,
    SECTION,
    WIDE_GAP,
    clause_end,
    match_marker,
)
from generator.parse.tables import ROW, ROW_ASPECT
from generator.parse.titles import (
    GENRE_END,
    GENRE_IN,
    line_of_author,
    names_report,
    wrapped_line,
)

#: A byline's date after the year: -02-05, or 年02月14日 as the app shows it.
_BYLINE_DATE = r"(?:-\d\d-\d\d|年\d{1,2}月\d{1,2}日)"
#: A chat record's title (“…”和“…”的聊天记录, 「…」的聊天记录), as chat apps export one.
_CHAT_TITLE = r"[“\"「][^”\"」]{1,30}[”\"」](?:和[“\"「][^”\"」]{1,30}[”\"」])?的聊天记录"
#: A classification mark (内部资料　注意保存): furniture, in brackets or not, in any style at
#: the top.
_CLASSIFIED = r"(?:内部资料|内部文件|内部材料)[\s，,、]*(?:注意保存|请勿外传|不得外传|妥善保管)?"
_FURNITURE = re.compile(
    r"^(?:"
    r"第\s*\d+\s*页\s*[,，/]?\s*共\s*\d+\s*页"             # 第1页共4页
    r"|[-—–－]\s*\d{1,3}\s*[-—–－]"                         # - 3 -
    r"|\d{1,3}\s*/\s*\d{1,3}"                               # 3/12
    r"|第\s*\d+\s*页"
    r"|(?:浏览|阅读|访问|点击)(?:量|次数|数)?\s*[:：]?\s*\d+\s*次?"
    r"|(?:发布|发表|更新|导出|转载)(?:时间|日期)\s*[:：].{0,60}"
    # …or labelled 时间 / 日期 alone, with the page's other fields after it (时间：2021年02月05日
    # 来源：办公室　浏览次数：427)
    r"|(?:时间|日期)\s*[:：]\s*(?:19|20)\d\d\S{0,20}[ \t\u3000]+"
    r"(?:来源|信息来源|作者|编辑|责任编辑|浏览|点击|阅读|字号)(?:次数|量)?\s*[:：].{0,80}"
    # …or the date and time alone before the page's other fields (2021-02-05 16:30　来源：…)
    r"|(?:19|20)\d\d" + _BYLINE_DATE + r"(?:\s+\d{1,2}:\d\d(?::\d\d)?)?\s+"
    r"(?:来源|信息来源|作者|编辑|责任编辑|浏览|点击|字号|【\s*字体)\s*[:：].{0,80}"
    # a blog's repost lines: （2020-01-09 21:36:52）转载▼, 标签：…, 原文地址：… 作者：…
    r"|[（(]\s*(?:19|20)\d\d-\d\d-\d\d(?:\s+\d{1,2}:\d\d(?::\d\d)?)?\s*[）)]\s*转载\S?"
    r"|(?:标签|分类|原文地址|原文链接)\s*[:：].{0,80}"
    # a sharer's disclaimer (整理自网络，仅供学习交流。如有侵权请联系删除。)
    r"|.{0,12}(?:整理自网络|仅供(?:学习)?(?:交流|参考)|如有侵权).{0,40}"
    # an empty quote mark or a short Markdown rule standing for a page's divider
    r"|[>\s]*>|[*\-_]{3,}"
    r"|(?:来源|信息来源|责任编辑|责编|编辑|校对|审核|审校|终审|监制|排版|美编|作者|字号|字体"
    r"|摄影|供图|图源|图片来源|图片"
    # a note app's document fields (所有者：…　最近修改：…, 创建者：…)
    r"|所有者|创建者|创建人|创建时间|最近修改|最后修改|修改时间|最后编辑|最近编辑|字数)"
    r"\s*[:：｜丨|].{0,40}"
    # a picture's caption, as a new-media article sets it under the photo (图｜…, 图为…)
    r"|图\s*[｜丨|：:]\s*[^。]{1,60}|图为[^。]{2,60}"
    # a feed platform's byline: its account fields and the date set apart by dots (百家号 ·
    # 某某在线 · 2019-03-08 10:21 · 关注)
    r"|(?:[^\s·•。，]{1,20}\s*[·•]\s*){1,3}(?:19|20)\d\d-\d\d-\d\d(?:\s+\d{1,2}:\d\d)?"
    r"(?:\s*[·•]\s*(?:\+?\s*关注|阅读\s*\d+|\d+\s*阅读))?"
    # a portal's catalogue fields (索引号：…, 发布机构：…, 主题分类：…)
    r"|(?:索引号|发布机构|发文机关|主题分类|信息分类|体裁分类|成文日期|生成日期|公开方式|公开范围|信息名称"
    r"|公开时限|有效性)\s*[:：].{0,60}"
    # an official document's number (青委〔2024〕12号)
    r"|[\u4e00-\u9fff]{1,12}\s*[〔\[［(（]\s*(?:19|20)\d\d\s*[〕\]］)）]\s*\d{1,4}\s*号"
    r"|【\s*字体\s*[:：].{0,20}】|\[?打印(?:本页)?\]?|关闭(?:窗口|本页)|分享到\s*[:：]?.{0,30}"
    # a print view's buttons on one line (打印　关闭), a page's address under a site's name
    r"|(?:\[?打印(?:本页)?\]?|关闭(?:窗口|本页)?|返回)(?:[ \t\u3000]+(?:\[?打印(?:本页)?\]?"
    r"|关闭(?:窗口|本页)?|返回)){1,3}"
    r"|[^\s，。；]{0,30}[ \t\u3000]*https?://\S{4,200}"
    r"|上一篇\s*[:：].{0,80}|下一篇\s*[:：].{0,80}|扫一扫.{0,20}|返回顶部|收藏本页"
    r"|(?:本文档|本文)?(?:由|来自).{0,30}(?:上传|提供|整理|导出)|免责声明.{0,80}|欢迎(?:访问|光临).{0,40}"
    # a document-sharing site's fields, disclaimer and buttons around the document
    # (格式：DOCX页数：8页…; 本文档由用户上传，…如有侵权请联系删除。; VIP免费下载 下载文档
    # 收藏 举报; 还剩6页未读)
    r"|(?:文档)?格式\s*[:：]\s*(?:DOCX?|PDF|WPS|TXT|PPTX?)(?![A-Za-z]).{0,100}"
    r"|(?:本文档|本文)由用户上传.{0,80}"
    r"|(?:(?:VIP)?免费下载|下载文档|加入收藏|收藏|举报)"
    r"(?:[\s\u3000]*(?:(?:VIP)?免费下载|下载文档|加入收藏|收藏|举报)){1,6}"
    r"|还剩\s*\d+\s*页未读.{0,12}"
    r"|\S{1,80}\.(?:docx?|wps|pdf|txt)"                     # a trailing source file name
    # a WeChat article's byline: 原创 青崖基层党建 2026-02-05 07:30
    # (原创 and a date, or an account and a date and time; not a signature's name and date)
    # (…发表于浙江: the IP location WeChat adds after the time)
    r"|原创\s*[^\s，。；]{1,30}(?:\s+[^\s，。；]{1,30})?\s+(?:19|20)\d\d" + _BYLINE_DATE +
    r"(?:\s+\d{1,2}:\d\d)?(?:\s*(?:发表于)?\s*[^\s，。；\d]{1,12})?"
    r"|[^\s，。；]{1,30}(?:\s+[^\s，。；]{1,30})?\s+(?:19|20)\d\d" + _BYLINE_DATE +
    r"\s+\d{1,2}:\d\d(?:\s*(?:发表于)?\s*[^\s，。；\d]{1,12})?"
    # …or an account, the date and the IP location without the time (某某医院 2022-01-21 云川省)
    r"|[^\s，。；]{1,30}\s+(?:19|20)\d\d-\d\d-\d\d\s+(?:发表于\s*)?[^\s，。；\d:：]{2,12}"
    # …or its date first, on a line of its own under the account's name (2024-01-26 18:02
    # 发表于江西)
    r"|(?:19|20)\d\d" + _BYLINE_DATE + r"\s+\d{1,2}:\d\d\s*发表于\s*[^\s，。；\d]{1,12}"
    # a post's closing lines: 阅读原文, 分享 收藏 赞 在看 (往期推荐 and its list: _RELATED)
    r"|阅读原文|(?:分享|收藏|点赞|赞|在看|转发)(?:\s*(?:分享|收藏|点赞|赞|在看|转发)){1,5}"
    # a chat record's header and its file or picture messages (a report pasted in a chat)
    r"|" + _CHAT_TITLE +
    # …its export line, and each message's sender and time (**唐某某** `2025-01-16 21:03`)
    r"|导出时间\s*[:：].{0,60}"
    r"|\**[^\s*`，。]{1,12}\**\s+`?(?:19|20)\d\d[-/.]\d\d?[-/.]\d\d?\s+\d{1,2}:\d\d(?::\d\d)?`?"
    r"|\[(?:文件|图片|语音|视频|链接|表情)\].{0,60}"
    # a slide's number in a presentation saved as text (幻灯片 3, Slide 3)
    r"|(?:幻灯片|Slide)\s*\d{1,3}"
    # a site's breadcrumb (公文范文网 > 讲话致辞 > 点评讲话), its upload fields after it
    r"|[^\s>＞›»]{2,12}(?:\s*[>＞›»]\s*[^\s>＞›»]{2,12}){2,6}(?:[ \t\u3000].{0,80})?"
    r"|目\s*录"
    # a contents marker an editor replaces by a table of contents: [TOC], [[_TOC_]], __TOC__
    r"|\[\[?_?TOC_?\]\]?|__(?:NO)?TOC__|\{:toc\}|\$\{toc\}"
    # a forum post's edit note and attachment notice (Discuz!)
    r"|本帖最后由.{1,40}编辑|本帖子中包含更多资源|您需要\s*登录\s*才可以下载或查看.{0,20}"
    # a note's or a post's tag line: #党建 #组织生活会 #2023 (two or more tags, nothing else)
    r"|(?:#[^\s#]{1,20}[ \t\u3000]*){2,10}"
    # a classification mark: 内部资料　注意保存, 密级：内部, 秘密★1年, 附件1
    r"|[（(]?\s*" + _CLASSIFIED + r"\s*[）)]?"
    # a printed copy's count (共印35份　第14份), a WeChat article's collection tag (收录于合集
    # #党建园地 23个), a file's full path on the author's computer (C:\Users\…\….doc)
    r"|共印\s*\d+\s*份[\s，,]*第\s*\d+\s*份"
    r"|收录于(?:合集|话题)\s*.{0,40}|#[^\s#]{1,20}[ \t\u3000]*\d+\s*个"
    r"|[A-Za-z]:[\\/].{1,200}\.(?:docx?|wps|pdf|txt)"
    r"|密\s*级\s*[:：]\s*\S{0,10}|(?:绝密|机密|秘密)(?:\s*★\s*\S{0,8})?|附\s*件\s*\d{0,2}"
    # a breadcrumb: 首页 > 范文 > 正文
    r"|(?:当前位置\s*[:：]\s*)?(?:[^>＞»\s]{1,12}\s*[>＞»]\s*){2,}[^>＞»\s]{1,12}"
    r")$", re.I)
#: A file's name set as a page's heading (a document-sharing site's …对照检查材料.docx), or
#: a chat record's (# 「…」的聊天记录, as a chat app exports it in Markdown).
_FILE_HEADING = re.compile(r"^h\d (?:\S{1,80}\.(?:docx?|wps|pdf|txt)"
                           r"|" + _CHAT_TITLE + r")$", re.I)
#: Portal metadata is often a bulleted list (``- 发布时间：…``): the bullet is looked through.
_BULLET = re.compile(rf"^[{BULLET_MARKS}]\s+")
_INLINE_PAGE = re.compile(r"第\s*\d+\s*页\s*[,，/]?\s*共\s*\d+\s*页")
#: A page number set far off at a line's end (a running header: the section's heading, a wide
#: gap, 第 2 页), as a copy of a printed page keeps it.
_TRAILING_PAGE = re.compile(r"(?:[ \t\u3000]{2,}|^)"
                            r"(?:第\s*\d{1,3}\s*页|[-—－]\s*\d{1,3}\s*[-—－])$")
_TOC_ENTRY = re.compile(r"^(?P<text>.+?)\s*(?:[.．…·\-_ ]{2,}|\t)\s*\d{1,3}$")
_SENTENCE_END = tuple("。！？!?；;：:…")
_CLOSING = "”’」』）)】》\"'"
_HEADING_END = re.compile(r"(?:方面|问题|原因|情况|措施|方向|剖析|分析|打算|材料|根源|说明)"
                          r"[。：:]?$")
_TITLE_END = re.compile(r"(?:对照检查|检视剖析|剖析|发言)(?:材料|提纲)$|发言$")
#: An organisation's name alone on a line (a signature), never the rest of a sentence.
_SIGNED_BODY = re.compile(r"^(?:中共|中国共产党)?[\u4e00-\u9fff]{2,30}"
                          r"(?:委员会|党委|党组|党工委|领导班子|支部|总支|人民政府|管委会)$")
_PAIRS = (("《", "》"), ("“", "”"), ("（", "）"))
#: A quote mark alone on a line: a docx-to-text artefact, it belongs to the text around it.
_LONE_QUOTES = ("“", "”", "「", "」", "‘", "’")
_HAN = r"[\u3400-\u9fff]"
_HAN_SPACE = re.compile(rf"(?<={_HAN})[ \u3000]+(?={_HAN})")


#: A line number in front of a line (a copy from a code editor or a line-numbered print).
_LINE_NUMBER = re.compile(r"^[ \t]*(\d{1,5})(?:[ \t\u3000]+|$)")
#: Share of a text's lines that must carry their own running line number.
_LINE_NUMBERED_SHARE = 0.9


def lift_line_numbers(lines: Sequence[SourceLine]) -> tuple[list[SourceLine], list[SourceLine]]:
    """``(body, numbers)``: a copy whose every line starts with its own line number (1, 2,
    3 … as an editor numbers them, blank lines included, or as a print preview numbers its
    text lines across pages) loses that column. A text where fewer lines, or not
    consecutive ones, start with numbers is left as it is."""
    plain = [line for line in lines if not line.style]
    if len(plain) < 10 or len(plain) != len(lines):
        return list(lines), []
    found = [_LINE_NUMBER.match(line.text) for line in lines]
    # A number runs on from the last one: by the lines between them (an editor numbers its
    # blank lines too), or by one (a print preview numbers text lines, page after page, its
    # page headers unnumbered).
    running: set[int] = set()
    last: tuple[int, int] | None = None  # (number, line number) of the last running one
    for i, (line, m) in enumerate(zip(lines, found, strict=True)):
        if m is None:
            continue
        number = int(m.group(1))
        if last is None or number in (last[0] + 1, last[0] + line.lineno - last[1]):
            running.add(i)
            last = (number, line.lineno)
    if len(running) < _LINE_NUMBERED_SHARE * len(lines):
        return list(lines), []
    body, numbers = [], []
    for i, (line, m) in enumerate(zip(lines, found, strict=True)):
        if m and i in running:
            numbers.append(SourceLine(m.group(0).strip(), line.lineno))
            line = replace(line, text=line.text[m.end():])
        if line.text.strip():
            body.append(line)
    return body, numbers


#: A blog's or an account's prompt to follow it (点击上方“…”关注我, 点击关注，每天获取…, 长按
#:识别二维码): furniture in whatever style the page sets it.
_FOLLOW = re.compile(r"^(?:点击(?:上方|下方|蓝字|关注)|长按(?:识别|扫码|二维码)|扫码关注"
                     r"|(?:欢迎|记得)(?:关注|点赞|转发)|(?:觉得有用|喜欢|觉得不错).{0,4}(?:请|就)?"
                     r"(?:点赞|转发|收藏|点个在看))[^。；;]{0,40}$")
#: A post's account and date alone under its headline (滁岚学院宣传部 2019-12-30): at the top
#: only (a signature may be dated so at the end).
_TOP_BYLINE = re.compile(r"^[^\s，。；：:]{2,30}\s+(?:19|20)\d\d-\d\d-\d\d$")
#: Emoji and pictographs a post sets before a line (📢 本文由…, 👍觉得有用请点赞): looked
#: through when a line is matched as furniture.
_EMOJI = re.compile(r"^[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF\uFE0F\u200d\s]+")


#: An enclosure's label alone on a line: furniture at the top of a document sent as one
#: (附件1 over its title), an appendix's start below the report (附件 / …整改清单 / table).
_ENCLOSURE_MARK = re.compile(r"^附\s*件\s*\d{0,2}$")
_TOP_LINES = 10
#: An official document's masthead at the top: the issuing body's name and 文件
#: (中共青峪镇委员会文件), in whatever style it is set.
_MASTHEAD = re.compile(r"^[\u4e00-\u9fff（）()]{2,30}(?:委员会|委|党组|政府|办公室|办公厅)文件$"
                       # …or a classification mark in brackets: （内部材料　注意保存）
                       r"|^[（(]\s*" + _CLASSIFIED + r"\s*[）)]$")
#: A cover page's form fields at the top (编号：…, 份号：…, 会议名称：…, 报送单位：…, 日　　期：…):
#: the cover's, not the report's title block.
_COVER_FIELD = re.compile(r"^(?:编\s*号|份\s*号|文\s*号|会议名称|材料名称|材料类别|报送单位"
                          r"|呈报单位|报送日期|日\s*期)\s*[:：].{0,60}$")


#: A rule of one mark repeated (~~~~~~, ======): a page's separator, no text.
_RULE_LINE = re.compile(r"^\s*([~\-=_*—─━·•.])\1{5,}\s*$")


def _running_lines(lines: Sequence[SourceLine]) -> set[str]:
    """Lines repeated word for word across a copy's pages, its running headers and footers:
    short, no sentence, no number, three times or more, or twice with wide blanks in them
    (not a table's header row, 序号　问题　措施, which may head two tables; not the title or
    the author's line, which a signature may repeat)."""
    counts = Counter(line.text.strip() for line in lines if not line.style)
    return {text for text, n in counts.items()
            if n >= 2 and 4 <= len(text) <= 60 and not re.search(r"[。！？；!?;]", text)
            and "序号" not in text and match_marker(text) is None
            and not GENRE_IN.search(text) and not line_of_author(text)
            and (n >= 3 or WIDE_GAP.search(text))}


def _running_titles(lines: Sequence[SourceLine]) -> set[str]:
    """The title repeated as a running header (its first line at the top, then again on two
    pages or more): every line after the first of these is furniture."""
    counts = Counter(line.text.strip() for line in lines if not line.style)
    return {text for text, n in counts.items()
            if n >= 3 and 6 <= len(text) <= 60 and GENRE_IN.search(text)
            and not re.search(r"[。！？；!?;，,]", text) and match_marker(text) is None}


#: A heading carried over to a new page or slide, marked so: 二、查摆的问题（续）.
_CARRIED = re.compile(r"^(.{2,60}?)\s*[（(]\s*续\s*[)）]$")
#: A post's list of other posts under its text (往期推荐, then their titles, one a line).
_RELATED = re.compile(r"^(?:往期(?:推荐|回顾|精彩|链接)|推荐阅读|相关阅读|延伸阅读"
                      r"|相关(?:文章|新闻|链接|推荐))\s*[:：]?$")
#: A post's byline with its date first (2024-01-26 18:02 发表于江西), under its account's name.
_DATED_BYLINE = re.compile(r"^(?:19|20)\d\d" + _BYLINE_DATE + r"\s+\d{1,2}:\d\d")


def _account_line(text: str, after: Sequence[SourceLine]) -> bool:
    """An account's name alone over a byline that starts with the date (磐亭发布 /
    2024-01-26 18:02 发表于…): short, no sentence, not the title."""
    return (bool(after) and bool(_DATED_BYLINE.match(to_simplified(after[0].text.strip())))
            and 2 <= len(text) <= 16 and not re.search(r"[，。；：:,;]", text)
            and not GENRE_IN.search(text) and match_marker(text) is None)


def _followed_account(text: str, after: Sequence[SourceLine]) -> bool:
    """An account's name alone over the line that asks to follow it (淇岭融媒 / 👆点击上方
    蓝字，关注“淇岭融媒”), or right over one pointing up at it (沅州水务 / 点击上方蓝字关注我们)."""
    if not 2 <= len(text) <= 16 or re.search(r"[，。；：:,;]", text):
        return False
    for i, line in enumerate(after):
        simple = _EMOJI.sub("", to_simplified(line.text)).strip()
        if _FOLLOW.match(simple) and (re.search(rf"关注\s*[“\"「]?{re.escape(text)}", simple)
                                      or i == 0 and "上方" in simple):
            return True
    return False


def lift_furniture(lines: Sequence[SourceLine]) -> tuple[list[SourceLine], list[SourceLine]]:
    """``(body, furniture)``: whole-line furniture and ``第1页共4页`` inside lines."""
    body, furniture = [], []
    seen: set[str] = set()
    running = _running_lines(lines)
    titles = _running_titles(lines)
    related = False  # inside a post's list of other posts (往期推荐 / ●title / ●title)
    for i, line in enumerate(lines):
        simple = _EMOJI.sub("", to_simplified(line.text))
        if _RELATED.match(simple.strip()):
            related = True
        elif related and not (len(simple) <= 40 and not re.search(r"[。；;]", simple)):
            related = False
        late_label = i >= _TOP_LINES and _ENCLOSURE_MARK.match(simple.strip())
        masthead = i < _TOP_LINES and (_MASTHEAD.match(simple.strip())
                                       or _TOP_BYLINE.match(simple.strip())
                                       or _account_line(simple.strip(), lines[i + 1:i + 2])
                                       or _followed_account(simple.strip(), lines[i + 1:i + 3])
                                       or _COVER_FIELD.match(simple.strip()))
        if related:
            furniture.append(line)
            continue
        # (一、查摆的问题（续）: a heading carried over to the next page or slide)
        carried = _CARRIED.match(line.text.strip())
        repeated = (carried and carried.group(1).strip() in seen) or not line.style and (
            line.text.strip() in running or _RULE_LINE.match(simple)
            or line.text.strip() in titles and line.text.strip() in seen)
        caption = line.style == "caption"  # a picture's caption (html: <figcaption>)
        if _FOLLOW.match(simple.strip()) or masthead or repeated or caption or _FILE_HEADING.match(
                line.style + " " + simple.strip()) or not line.style and (
                not late_label and (
                    _FURNITURE.match(simple) or _FURNITURE.match(_BULLET.sub("", simple)))):
            furniture.append(line)
            continue
        page = _TRAILING_PAGE.search(line.text) if not line.style else None
        if page and page.start() > 0:
            rest = line.text[:page.start()].strip()
            if rest in seen:  # a running header: an earlier heading again, and the page
                furniture.append(line)
                continue
            furniture.append(SourceLine(line.text[page.start():].strip(), line.lineno))
            line = SourceLine(line.text[:page.start()].rstrip(), line.lineno, line.style)
        seen.add(line.text.strip())
        found = _INLINE_PAGE.findall(line.text) if "页" in to_simplified(line.text) else []
        if found:
            furniture.extend(SourceLine(f, line.lineno) for f in found)
            line = SourceLine(_INLINE_PAGE.sub("", line.text), line.lineno, line.style)
        if line.text:
            body.append(line)
    return body, furniture


#: An e-mail header line (a report forwarded as a mail and saved as text).
_MAIL_HEADER = re.compile(
    r"^(?:发件人|收件人|抄送|密送|发送时间|发送日期|日期|时间|主题|附件|From|To|Cc|Bcc|Sent|Date"
    r"|Subject|Attachments?)\s*[:：]", re.I)
#: Where the first of a mail's headers says who sent it.
_MAIL_FROM = re.compile(r"^(?:发件人|From)\s*[:：]", re.I)
#: A forwarded or quoted mail's separator: -------- 转发邮件信息 --------, -----Original
#: Message-----, ---------- Forwarded message ---------.
_MAIL_SEPARATOR = re.compile(r"^[-—=_ ]{2,}\s*(?:转发邮件信息|原始邮件|邮件原文|Original Message"
                             r"|Forwarded message)\s*[-—=_ ]{2,}$", re.I)
#: How far into a mail its last header block (a forward's inner headers) may start.
_MAIL_HEAD_LINES = 30
#: The signature delimiter ("-- "), after which a mail's disclaimer follows, and how many
#: lines of it there may be.
_SIGNATURE_DELIMITER = "--"
_DISCLAIMER_LINES = 6


def lift_mail(lines: Sequence[SourceLine]) -> tuple[list[SourceLine], list[SourceLine]]:
    """``(body, lifted)``: a report forwarded as an e-mail loses the mail around it: the
    header blocks at the top (发件人: … 主题: …), what lies between them (the sender's cover
    note, the forward separator), and the disclaimer after a closing ``--`` line. A text that
    does not open with a sender line is left as it is."""
    if not lines or not _MAIL_FROM.match(lines[0].text):
        return list(lines), []
    end = 0  # just past the last header line of the top of the mail
    i = 0
    while i < min(len(lines), _MAIL_HEAD_LINES):
        if _MAIL_FROM.match(lines[i].text) and (i == 0 or _MAIL_SEPARATOR.match(
                lines[i - 1].text) or _MAIL_HEADER.match(lines[i - 1].text) is None):
            j = i + 1
            while j < len(lines) and _MAIL_HEADER.match(lines[j].text):
                j += 1
            if j - i >= 2:
                end = j
            i = j
        else:
            i += 1
    if not end:
        return list(lines), []
    body, lifted = _quoted_report(list(lines[end:]))
    lifted = sorted([*lines[:end], *lifted], key=lambda line: line.lineno)
    tail = next((k for k in range(len(body) - 1, max(-1, len(body) - _DISCLAIMER_LINES - 2), -1)
                 if body[k].text.strip() == _SIGNATURE_DELIMITER), None)
    if tail is not None and tail > 0:
        lifted += body[tail:]
        body = body[:tail]
    return body, lifted


_HAN_CHAR = re.compile(_HAN)
_QUOTE_MARKS = re.compile(r"^[ \t]*((?:>[ \t]?)+)")
#: The share of a mail's Han characters that one quote level must hold to be the report.
_QUOTED_SHARE = 0.5


def _quoted_report(lines: list[SourceLine]) -> tuple[list[SourceLine], list[SourceLine]]:
    """``(report, rest)`` of a mail's body, whose quote marks (``>``) are markup. When one
    quote level holds most of the text (a reply quoting the draft at ``>>``, the reviewer's
    notes at ``>``), that level is the report; the reply, the other levels and the blank
    quoted lines are the mail's."""
    han: dict[int, int] = {}
    depths = []
    for line in lines:
        marks = _QUOTE_MARKS.match(line.text)
        depth = marks.group(1).count(">") if marks else 0
        depths.append(depth)
        han[depth] = han.get(depth, 0) + len(_HAN_CHAR.findall(line.text))
    best = max(han, key=lambda depth: (han[depth], -depth), default=0)
    if best == 0 or han[best] < _QUOTED_SHARE * sum(han.values()):
        best = -1  # no level is the report: every line is, without its marks
    report, rest = [], []
    for line, depth in zip(lines, depths, strict=True):
        marks = _QUOTE_MARKS.match(line.text)
        text = line.text[marks.end():] if marks else line.text
        if text.strip() and best in (-1, depth):
            report.append(replace(line, text=text) if marks else line)
        else:
            rest.append(line)
    return report, rest


#: A cover letter's marks: its document number (青委〔2025〕6号) or its subject (关于报送…).
_COVER = re.compile(r"[〔\[［(（]\s*(?:19|20)\d\d\s*[〕\]］)）]\s*\d{1,4}\s*号"
                    r"|关于(?:报送|呈报|上报|报请)")
#: A cover note's heading: 呈报件, 报送件, 呈阅件.
_COVER_HEAD = re.compile(r"^(?:呈报|报送|呈阅|呈批)件$")
#: A rule drawn under a cover note (-----, ＿＿＿, ═══).
_RULE_LINE = re.compile(r"^\s*[-－_＿=＝─━═~～·.。*＊]{6,}\s*$")
#: The label that a cover letter's enclosure starts under: 附件, 附件1, 附件：.
_ENCLOSURE = re.compile(r"^附\s*件\s*\d{0,2}\s*[：:]?$")
#: How far down a cover letter may reach.
_COVER_LINES = 30


def lift_cover(lines: Sequence[SourceLine]) -> tuple[list[SourceLine], list[SourceLine]]:
    """``(body, lifted)``: a report sent with its cover letter (the issuing body and document
    number, 关于报送…的报告, the addressee, the letter, its signature) loses the letter: the
    lines down to the enclosure label (附件) whose next line is the report's title are lifted
    out like page furniture. A text whose first lines have no such label is left as it is."""
    for i, line in enumerate(lines[:_COVER_LINES]):
        if (_ENCLOSURE.match(line.text.strip()) and i + 1 < len(lines)
                and GENRE_END.search(re.sub(r"\s+", "", lines[i + 1].text))
                and any(_COVER.search(before.text) for before in lines[:i])):
            return list(lines[i + 1:]), list(lines[:i + 1])
    # A cover note with no enclosure label (呈报件, or 关于报送… with its number; the
    # addressee, the note, the sender and the date): from the report's title on, the title
    # starting after the note's date (or a rule under it).
    if any(_COVER.search(line.text) or _COVER_HEAD.match(re.sub(r"\s+", "", line.text))
           for line in lines[:4]):
        for i, line in enumerate(lines[1:_COVER_LINES], start=1):
            text = re.sub(r"\s+", "", line.text)
            if not (len(text) <= _TITLE_MAX and GENRE_END.search(text)
                    and not _SENTENCE_IN.search(text)):
                continue
            ends = [j for j in range(max(0, i - 4), i)
                    if DATE_LINE.match(lines[j].text.strip()) or _RULE_LINE.match(lines[j].text)]
            if ends:
                return list(lines[ends[-1] + 1:]), list(lines[:ends[-1] + 1])
            break
    # The meeting's notice in front (关于召开…民主生活会的通知, its items, issuer and date):
    # down to the report's own title line.
    if lines and _NOTICE.match(re.sub(r"\s+", "", lines[0].text)):
        for i, line in enumerate(lines[1:_COVER_LINES], start=1):
            text = re.sub(r"\s+", "", line.text)
            if len(text) <= _TITLE_MAX and GENRE_END.search(text) \
                    and not _SENTENCE_IN.search(text):
                return list(lines[i:]), list(lines[:i])
    return list(lines), []


#: A notice's title: 关于召开2025年度民主生活会的通知.
_NOTICE = re.compile(r"^关于[^。；;！!？?]{2,60}的?通知$")


#: A repost's line keeping the report's own title (原标题：…), as blogs and portals do.
ORIGINAL_TITLE = re.compile(r"^(?:原标题|原题目?)\s*[：:]\s*")


def original_title(text: str) -> str:
    """``text`` without a repost's 原标题： label and the 《》 around the title after it."""
    label = ORIGINAL_TITLE.match(text)
    if label is None:
        return text
    title = text[label.end():].strip()
    return title[1:-1] if title.startswith("《") and title.endswith("》") else title
#: How far into a repost its 原标题 line may be.
_REPOST_LINES = 12


def lift_repost(lines: Sequence[SourceLine]) -> tuple[list[SourceLine], list[SourceLine]]:
    """``(body, lifted)``: a report reposted under a title of the poster's own (a blog's
    转：…, a portal's headline) that keeps the report's title in a ``原标题：…`` line near the
    top loses what stands above that line (the blog's name and address, the repost's title,
    its date and tags), lifted out like page furniture; the line opens the report's title
    block. A text without such a line naming the genre is left as it is."""
    for i, line in enumerate(lines[:_REPOST_LINES]):
        text = to_simplified(line.text.strip())
        if ORIGINAL_TITLE.match(text) and GENRE_END.search(re.sub(r"\s+", "",
                                                                   original_title(text))):
            return list(lines[i:]), list(lines[:i])
    # A forum post's or a note's own words before the report (网上找的，大家自取。): a first
    # line that is a sentence, and the report's title a line or two below it.
    if lines and _SENTENCE_IN.search(lines[0].text):
        for i, line in enumerate(lines[1:_POSTER_LINES + 1], start=1):
            text = re.sub(r"\s+", "", to_simplified(line.text))
            if len(text) <= _TITLE_MAX and GENRE_END.search(text) \
                    and not _SENTENCE_IN.search(text):
                return list(lines[i:]), list(lines[:i])
    return list(lines), []


#: Sentence punctuation: a line holding it is no title.
_SENTENCE_IN = re.compile(r"[。，；！？,;!?]")
#: Lines of a poster's own words above a report's title, at most; a title's length at most.
_POSTER_LINES, _TITLE_MAX = 2, 90


#: A footnote's or an endnote's mark: [1], ［1］, 〔注1〕; where it opens a line at the end, the
#: note itself; and the label over a list of them.
_NOTE_MARK = re.compile(NOTE_MARK)
_NOTES_LABEL = re.compile(r"^(?:注释|注解|脚注|尾注|注)\s*[：:]?$")


def lift_notes(lines: Sequence[SourceLine]) -> tuple[list[SourceLine], list[SourceLine]]:
    """``(body, notes)``: the footnotes or endnotes at the end of a report (each line opening
    with a mark the text above refers to, ``[1]全会指…`` under ``…入脑入心[1]``, and the
    ``注释：`` over them) are lifted out like page furniture; a report without such notes is
    left as it is (a line opening with [1] and no reference to it is a list item)."""
    end = len(lines)
    start = end
    while start > 0:
        found = _NOTE_MARK.match(lines[start - 1].text.strip())
        if found is None or found.start() != 0:
            break
        start -= 1
    if start == end:
        return list(lines), []
    referred = {m.group() for line in lines[:start] for m in _NOTE_MARK.finditer(line.text)
                if m.start() > 0}
    notes = [_NOTE_MARK.match(line.text.strip()).group() for line in lines[start:]]  # type: ignore[union-attr]
    if not all(note in referred for note in notes):
        return list(lines), []
    if start > 0 and _NOTES_LABEL.match(lines[start - 1].text.strip()):
        start -= 1
    return list(lines[:start]), list(lines[start:])


def lift_toc(lines: Sequence[SourceLine]) -> tuple[list[SourceLine], list[SourceLine]]:
    """A table of contents before the report, labelled 目录 or not: numbered heading lines
    (often with dot leaders and page numbers) whose headings open lines again further
    down, in the same order (there often glued to their text: ``三、原因。一是…``). It is
    lifted out like page furniture, so the line after it (the title) opens the report."""
    toc = _toc_block(lines)
    if len(toc) < 3:
        return list(lines), []
    later = [_squash(line.text) for line in lines[toc[-1] + 1:]]
    found = [(i, _repeated_at(_squash(_toc_text(lines[i].text)), later)) for i in toc]
    repeated = [i for i, at in found if at >= 0]
    order = [at for _, at in found if at >= 0]
    if len(repeated) < max(3, len(toc) * 2 // 3) or order != sorted(order):
        return list(lines), []
    drop = set(repeated)
    label = toc[0] - 1
    if label >= 0 and _CONTENTS_LABEL.fullmatch(_squash(lines[label].text).strip("*")):
        drop.add(label)  # (目 录 over the list: lifted with it)
    return ([line for i, line in enumerate(lines) if i not in drop],
            [lines[i] for i in sorted(drop)])


#: The label over a table of contents.
_CONTENTS_LABEL = re.compile(r"目录|目次|目錄")
#: A contents entry with dot leaders and its page number (2. 班子对照检查材料 ………… 2).
_LEADERED_ENTRY = re.compile(r"^.{2,60}?[ \t\u3000]*[.．…·]{3,}[ \t\u3000]*\d{1,3}$")


def lift_compilation(lines: Sequence[SourceLine]) -> tuple[list[SourceLine], list[SourceLine]]:
    """A compilation's front matter before the one report a file holds: its cover, its list
    of contents with dot leaders and page numbers (材料目录 / 1. 会议议程 …… 1 / 2. 班子对照
    检查材料 …… 2), and what it prints before the report (the meeting's agenda), down to the
    report's own title (a line naming the genre, unnumbered, set before the report's text).
    Lifted out like a cover; a text without such a contents list is left as it is."""
    entries = [i for i, line in enumerate(lines[:60]) if _LEADERED_ENTRY.match(line.text.strip())]
    if len(entries) < 2:
        return list(lines), []
    for i in range(entries[-1] + 1, min(len(lines) - 1, entries[-1] + 40)):
        if names_report(lines[i]):
            return list(lines[i:]), list(lines[:i])
    return list(lines), []


def _toc_block(lines: Sequence[SourceLine]) -> list[int]:
    """Indices of consecutive numbered heading lines near the top (gaps of one line
    allowed), up to the first heading listed twice."""
    toc: list[int] = []
    seen: set[str] = set()
    for i, line in enumerate(lines[:60]):
        text = _toc_text(line.text)
        if toc and (i - toc[-1] > 2 or _squash(text) in seen):
            break  # the contents list ended (a gap, or its first heading again): the report
        marker = match_marker(text)
        if marker and marker.cls != POINT and len(text) <= 60:
            toc.append(i)
            seen.add(_squash(text))
    return toc


def _repeated_at(entry: str, later: list[str]) -> int:
    """Index of the first later line that is, or starts with, the heading ``entry``."""
    entry = entry.rstrip("。：:；;，,")
    return next((k for k, text in enumerate(later) if text.startswith(entry)), -1) if entry else -1


def _toc_text(text: str) -> str:
    text = _BULLET.sub("", text)  # (- 一、…: a Markdown list of the contents)
    match = _TOC_ENTRY.match(text)
    return match.group("text") if match else text


_BULLET = re.compile(r"^[-*+•·][ \t\u3000]+")


def _squash(text: str) -> str:
    return re.sub(r"[\s。：:]", "", text)


def _unclosed(text: str) -> bool:
    return any(text.count(a) > text.count(b) for a, b in _PAIRS)


def _joiner(left: str, right: str) -> str:
    # Latin words broken across lines need their space back; CJK text never had one.
    return " " if left[-1:].isascii() and left[-1:].isalnum() and right[:1].isascii() else ""


def _heading_like(text: str) -> bool:
    """A numbered heading standing alone on its line (no sentence after it): 一、 or （一）,
    or 1. / （1） / ① (their level is the report's, not known here)."""
    marker = match_marker(text)
    wide = marker is not None and marker.family == "cn_di" and marker.text[-1:].isspace()
    if marker is None or marker.cls == POINT and not wide:  # (第一　…: a heading's number)
        return False
    if clause_end(text, len(marker.text)) < len(text.rstrip("。：:")):
        return False
    return len(text) <= 30 or bool(_HEADING_END.search(text))


#: An aspect heading's first words (在…方面, 带头…, 对照…) and a heading's last line cut off
#: from it (重大风险方面, 边榜样): short, unnumbered, unpunctuated.
_ASPECT_START = re.compile(r"^(?:在|带头|对照)")
_HEADING_REST = re.compile(r"^[^。，,；;：:！!？?、\s]{1,12}$")


def _heading_cut(prev: str, line: str) -> bool:
    """Whether ``line`` is the end of the numbered aspect heading ``prev`` that a scan or a
    narrow page broke over two lines: ``prev`` an aspect heading not yet ended (方面), ``line``
    a few more words and nothing else."""
    marker = match_marker(prev)
    if marker is None or marker.cls == POINT or match_marker(line) is not None:
        return False
    words = prev[len(marker.text):].strip()
    return (bool(_ASPECT_START.match(words)) and not _ends_sentence(words)
            and not _HEADING_END.search(words) and bool(_HEADING_REST.match(line.strip())))


def _lone_marker(text: str) -> bool:
    """A line that is only a number (``（一）``, ``二、``, ``3.``): Word wrote the number
    and its heading as two paragraphs."""
    marker = match_marker(text + "文")
    return marker is not None and marker.text.rstrip() == text.rstrip()


def _tail(text: str) -> str:
    """What follows the last sentence end of ``text`` (a heading glued to the end of a
    paragraph: ``…低于全市平均水平。（四）践行…方面``), or ``""``."""
    end = max(text.rfind(c) for c in "。！？；")
    return text[end + 1:] if 0 <= end < len(text) - 1 else ""


def _point_tail(text: str) -> bool:
    """Whether a paragraph ends with a point opened after its last sentence (…推进。一是…的问题),
    whose words can end as a heading's do (问题, 情况) without being one (not …方面)."""
    tail = _tail(text)
    marker = match_marker(tail)
    return marker is not None and marker.cls == POINT and not tail.rstrip("。：:").endswith("方面")


def _ends_sentence(text: str) -> bool:
    """Ends with sentence punctuation, possibly followed by closing quotes (。” but not 确立”)."""
    core = text.rstrip(_CLOSING)
    return bool(core) and (core.endswith(_SENTENCE_END) or core != text and core[-1] in "。！？!?")


#: An appendix's title line (附件：2024年度民主生活会整改落实情况): a heading, never wrapped.
_APPENDIX_LINE = re.compile(r"^附(?:件|表)?\s*\d{0,2}\s*[：:][^。；;！？!?]{2,40}$")


#: How a section's heading ends (…存在的问题, 整改落实的措施, 努力方向和整改措施).
_SECTION_END = re.compile(r"(?:问题|原因|根源|分析|剖析|措施|举措|方向|打算|情况|收获)[：:]?$")


def _section_cut(prev: str, line: str) -> bool:
    """Whether ``line`` is the last word or two of the numbered section heading ``prev`` that a
    narrow page broke (三、整改落实的措 / 施): ``prev`` does not end as a section heading does,
    the two together do."""
    rest = line.strip()
    if not 1 <= len(rest) <= 4 or match_marker(rest) is not None or _PUNCT_IN.search(rest):
        return False
    marker = match_marker(prev)
    return (marker is not None and marker.cls == SECTION and not _SECTION_END.search(prev)
            and bool(_SECTION_END.search(prev + rest)))


_PUNCT_IN = re.compile(r"[，。；：:,;！？!?、]")


def breaks_sentence(prev: SourceLine, line: SourceLine, width: int = 0) -> bool:
    """Whether ``line`` continues ``prev`` (a hard break inside a sentence or a word).
    ``width``: the page's line width when the copy is hard-wrapped (see :func:`page_width`)
    and ``prev`` ends with a line that wide."""
    if not line.style and _section_cut(prev.text, line.text):
        return True  # ## 三、努力方向和整改 / 措施: the heading broken at the page's width
    if prev.style and not line.style and _lone_marker(prev.text) and len(line.text) <= 40 \
            and match_marker(line.text) is None:
        return True  # ## 三、 alone (a PDF converter's heading), its words on the next line
    if prev.style or line.style or DATE_LINE.match(line.text) or _SIGNED_BODY.match(line.text):
        return False  # a date or the body's name on its own line: a signature block
    if _lone_marker(prev.text):
        return match_marker(line.text) is None  # （一） on its line, its heading on the next
    if _unclosed(prev.text) and match_marker(line.text) is None:
        return True
    if (width and not _ends_sentence(prev.text) and match_marker(line.text) is None
            and (not _HEADING_END.search(prev.text) or _point_tail(prev.text))):
        # a full line of the page cut mid-sentence: 1.我对…没有完全融入选 / 人用人…; …推进。
        # 一是科技成果转化率不高的问题 / 有所缓解。(a point's lead, not a heading, ends so)
        return True
    if _heading_cut(prev.text, line.text):
        return True  # （五）在带头发扬斗争精神，着力防范化解 / 重大风险方面: OCR split it
    if (_ends_sentence(prev.text) or _heading_like(prev.text) or _heading_like(_tail(prev.text))
            or _APPENDIX_LINE.match(prev.text)):
        return False
    if len(prev.text) <= 60 and _TITLE_END.search(prev.text):
        return False  # a title line (repeated after a cover page or a table of contents)
    if _HEADING_END.search(prev.text) and not (
            wrapped_line(prev.text, line.text) and not _ends_sentence(line.text)):
        # an unnumbered heading (在带头…方面) over its paragraph, not a PDF line (whose next
        # line, as long as itself, would go on: one ending its sentence is a paragraph)
        return False
    # PDF lines run the page width; a short unpunctuated line is a heading or a signature.
    return len(prev.text) >= 15 and match_marker(line.text) is None


#: A hard-wrapped copy: at least this many lines, and this share of its long lines, have
#: the one length of its page's lines.
_WRAPPED_LINES, _WRAPPED_SHARE, _WRAPPED_MIN = 8, 0.3, 15


def page_width(lines: Sequence[SourceLine]) -> int:
    """The width of a hard-wrapped copy's lines (a PDF's text, 24 characters a line), or 0
    when its lines are paragraphs (their lengths vary)."""
    lengths = Counter(len(line.text) for line in lines
                      if not line.style and len(line.text) >= _WRAPPED_MIN)
    if not lengths:
        return 0
    width, n = max(lengths.items(), key=lambda kv: (kv[1], kv[0]))
    wide = sum(c for length, c in lengths.items() if width - 2 <= length <= width)
    total = sum(lengths.values())
    return width if n >= _WRAPPED_LINES and wide >= _WRAPPED_SHARE * total else 0


#: A list number alone on its line (a web article's number in a box of its own, copied as text).
_LONE_NUMBER = re.compile(r"^0?([1-9]\d?)$")
#: Lines an item's text may take between two such numbers.
_ITEM_LINES = 3


def join_lone_numbers(lines: Sequence[SourceLine]) -> list[SourceLine]:
    """``lines`` with each list number that stands alone on its line joined to the text
    after it (``1`` / ``对重大部署…领会不够透彻。…`` → ``1 对重大部署…``), where such numbers
    run as a list does: from 1, one more each time, an item's few lines apart, each over
    text that opens with no number of its own. A page's number stands alone too, but its
    run never restarts under a heading and its pages are many lines apart."""
    numbers = {i: int(m.group(1)) for i, line in enumerate(lines)
               if not line.style and (m := _LONE_NUMBER.match(line.text.strip()))}
    joined: set[int] = set()
    run: list[int] = []

    def close() -> None:
        if len(run) >= 2:
            joined.update(run)
        run.clear()

    for i in sorted(numbers):
        follows = i + 1 < len(lines) and not lines[i + 1].style and i + 1 not in numbers \
            and match_marker(lines[i + 1].text) is None
        if run and numbers[i] == numbers[run[-1]] + 1 and i - run[-1] <= _ITEM_LINES + 1 \
                and follows:
            run.append(i)
            continue
        close()
        if numbers[i] == 1 and follows:
            run.append(i)
    close()
    out: list[SourceLine] = []
    skip = False
    for i, line in enumerate(lines):
        if skip:
            skip = False
            continue
        if i in joined:
            nxt, number = lines[i + 1], line.text.strip() + " "
            shift = len(number)
            out.append(replace(nxt, text=number + nxt.text, lineno=line.lineno,
                               lead_end=nxt.lead_end and nxt.lead_end + shift,
                               bold_runs=tuple((a + shift, b + shift) for a, b in nxt.bold_runs)))
            skip = True
        else:
            out.append(line)
    return out


def rejoin(lines: Sequence[SourceLine]) -> list[SourceLine]:
    """Join lines broken inside a sentence, a word or brackets; reattach stranded quotes."""
    out: list[SourceLine] = []
    width = page_width(lines)
    last = 0  # the length of the last line read (a joined paragraph's last line)
    quoted = False  # the last line read was a stranded quote mark inside a sentence
    for line in lines:
        prev = out[-1] if out else None
        full = width if last >= width - 2 else 0  # (that line ran the page's width)
        if prev is not None and (breaks_sentence(prev, line, full)
                                 or line.text in _LONE_QUOTES
                                 or quoted and match_marker(line.text) is None
                                 # (a heading wrapped at the page's width: …政治方向 / 方面)
                                 or full and _HEADING_END.fullmatch(line.text)):
            out[-1] = SourceLine(prev.text + _joiner(prev.text, line.text) + line.text,
                                 prev.lineno, prev.style)
        else:
            out.append(line)
        last = len(line.text)
        # (…领悟 / “ / 两个确立 / ” / 的决定性意义: the text goes on after the closing mark,
        # unless a sentence ended inside the quote: …“不忘初心。” / 我们…)
        quoted = (line.text in _LONE_QUOTES and out[-1].text[:-1].rstrip()[-1:] not in
                  _SENTENCE_END and line.style == "")
    return out


def remove_han_spaces(lines: Sequence[SourceLine]) -> list[SourceLine]:
    """Remove spaces between Han characters (``对照 检查``) when the copy is full of
    them (PDF extraction); a single deliberate space (``邓小平 江泽民``) is left alone."""
    count = sum(len(_HAN_SPACE.findall(line.text)) for line in lines)
    size = sum(len(line.text) for line in lines) or 1
    if count < 5 or count * 1000 / size < 2:
        return list(lines)
    return [line if line.style in _TABLE_STYLES else
            SourceLine(_HAN_SPACE.sub(_kept_blank, line.text), line.lineno, line.style)
            for line in lines]


#: A table's rows keep their blanks: they part its cells, and their spans are the lead's.
_TABLE_STYLES = (ROW, ROW_ASPECT)


def _kept_blank(found: re.Match[str]) -> str:
    """"" for a blank between Han characters, unless it may end a heading run into its text
    (``RUN_ON``: 一、主要收获 通过…) or sets off a heading's number (第一　…), which the
    outline needs to see."""
    if _DI_NUMBER.fullmatch(found.string, 0, found.start()):
        return found.group()  # (第一　存在的问题: a heading's number, set off by the blank)
    return found.group() if RUN_ON.match(found.string, found.start()) else ""


#: A line's opening 第一 … 第十: the number of the heading the blank after it sets off.
_DI_NUMBER = re.compile(r"\s*第[一二三四五六七八九十]{1,3}")
