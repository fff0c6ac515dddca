"""When: the meeting a report was written for, its year, and the date it is dated.

A report's year is the year it examines (2023年度民主生活会), not always the year printed on
it: annual meetings for 2023 are held from December 2023 to spring 2024.
"""

from __future__ import annotations

import re
import unicodedata

from generator.parse.numbering import cn_to_int

#: Distinctive campaigns → (meeting type, year it was held for). Order matters: a campaign
#: named inside another's words first (不忘初心、牢记使命 was itself a 主题教育), the generic
#: annual meeting last.
MEETINGS: tuple[tuple[re.Pattern[str], str, str], ...] = (
    (re.compile(r"(?:党|D|X)史学习教育"), "党史学习教育专题", "2021"),
    # (also by its short name, 「不忘初心」专题民主生活会, or its 总要求 quoted in the opening)
    (re.compile(r"不忘初心、?牢记使命|不忘初心[”」』\"]?(?:主题教育)?专题"
                r"|守初心、?担使命[，,、]?找差距、?抓落实"),
     "“不忘初心、牢记使命”主题教育专题", "2019"),
    (re.compile(r"主题教育"), "主题教育专题", "2023"),
    # Held in its own year (April–July 2024, March–July 2025); named with 专题 so that an
    # annual meeting "巩固深化党纪学习教育成果" is not taken for it.
    (re.compile(r"党纪学习教育专题"), "党纪学习教育专题", "2024"),
    (re.compile(r"中央八项规定精神学习教育专题"), "深入贯彻中央八项规定精神学习教育专题", "2025"),
    (re.compile(r"三严三实"), "“三严三实”专题", "2015"),
    (re.compile(r"群众路线教育实践"), "群众路线教育实践活动专题", "2013"),
    (re.compile(r"巡[视察].{0,6}整改专题"), "巡视巡察整改专题", ""),
    (re.compile(r"以案促改|警示教育专题"), "以案促改专题", ""),
    (re.compile(r"组织生活会"), "组织生活会", ""),
    (re.compile(r"\d{4}年度.{0,6}民主生活会|年度民主生活会"), "年度民主生活会", ""),
    (re.compile(r"民主生活会"), "民主生活会", ""),
)
#: Meetings held after the year they review (annual ones, in its last or the next months).
_ANNUAL = {"年度民主生活会", "组织生活会", "民主生活会"}
#: Plenary sessions a report cites: the latest one mentioned dates the report.
PLENUMS = (("十九届四中", "2019"), ("十九届五中", "2020"), ("十九届六中", "2021"),
           ("五中、六中全会", "2021"), ("二十届二中", "2023"), ("二十届三中", "2024"),
           ("二十届四中", "2025"))
#: Words of the official theme of an annual meeting (reference: meeting themes by year) → the
#: year it reviews: a copy whose years are redacted (20**年度) still quotes its theme.
THEMES = (("全面贯彻落实党的十九大各项决策部署", "2017"),
          ("以求真务实作风坚决把党中央决策部署落到实处", "2018"),
          ("加强政治建设提高政治能力坚守人民情怀", "2020"),
          ("以奋发有为的精神贯彻落实党的二十大", "2022"),
          ("巩固深化党纪学习教育成果", "2024"))
_THEMED = {"年度民主生活会", "民主生活会", ""}
_NOT_WORDS = re.compile(r"[\s\W_]+")
_CN_YEAR_DIGITS = str.maketrans("〇零一二三四五六七八九", "00123456789")
_WIDE_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
#: A year whose zero OCR or a typist wrote as a letter O or a circle: 2O23年, 二O二四年.
_OCR_ZERO = re.compile(r"(?=[\dOo○Ｏ]{4}\s*年)(?=\D{0,3}\d)[12][\dOo○Ｏ]{3}(?=\s*年)"
                       r"|(?=[一二〇零Oo○Ｏ][〇零一二三四五六七八九Oo○Ｏ]{3}\s*年)"
                       r"[一二][〇零一二三四五六七八九Oo○Ｏ]{3}(?=\s*年)")
_YEAR_IN_TITLE = re.compile(r"((?:19|20)\d\d)\s*年")
_YEAR_OF_MEETING = re.compile(r"((?:19|20)\d\d)\s*年度")
_DATE = re.compile(r"((?:19|20)\d\d)\s*[年.\-/／]\s*(\d{1,2})"
                   r"\s*(?:[月.\-/／]\s*(?:(\d{1,2})\s*日?)?)?")
#: A line that is only a date: （2023年6月28日）, 2024年1月17日, 二〇二四年一月.
DATE_LINE = re.compile(r"^[（(\[]?\s*(?:日期|时间)?[：:]?\s*"
                       r"(?:(?:19|20)[\dOo○Ｏ]{2}|[一二〇零][〇零一二三四五六七八九Oo○Ｏ]{3})\s*年"
                       r"\s*[\d一二三四五六七八九十]{1,3}\s*月(?:\s*[\d一二三四五六七八九十]{1,3}\s*日)?"
                       r"\s*[）)\]]?$")
#: A note in brackets on a line of its own in the title block: a draft's stage (（常委会审议稿）,
#: （征求意见稿）) or its date with it (（2026年1月19日常委会审议稿）, （二〇二四年一月八日起草）):
#: not the title.
NOTE_LINE = re.compile(r"^[（(【\[][^（）()【】\[\]]{0,30}?(?:稿|(?:19|20)\d\d\s*年\s*\d{1,2}\s*月"
                       r"|[一二〇零][〇零一二三四五六七八九]{3}\s*年\s*[一二三四五六七八九十]{1,2}\s*月)"
                       r"[^（）()【】\[\]]{0,30}[）)】\]]$")
_FILE_YEAR = re.compile(r"^((?:19|20)\d\d)(?!\d)")


def meeting_of(text: str) -> tuple[str, str]:
    """``(meeting type, campaign year)`` named in ``text``; ``("", "")`` if none."""
    for pattern, name, year in MEETINGS:
        if pattern.search(text):
            return name, year
    return "", ""


def year_in_title(title: str) -> str:
    """``2022年度`` or ``二〇二二年度`` in a title → 2022."""
    match = _YEAR_IN_TITLE.search(_cn_date_digits(title))
    return match.group(1) if match else ""


def year_in_opening(opening: str) -> str:
    """``开好2020年度民主生活会`` → 2020 (a 年度 year only: other years are events)."""
    match = _YEAR_OF_MEETING.search(_cn_date_digits(opening))
    return match.group(1) if match else ""


#: A campaign held twice under one name (主题教育: 2019–20 and 2023–24): the year its
#: meeting was dated in says which one.
#: The 群众路线 campaign ran in two batches, each with its meetings: the organs of the centre,
#: provinces and cities in 2013, the counties and townships (第二批) in 2014.
_CAMPAIGN_BY_DATE = {"主题教育专题": {"2019": "2019", "2020": "2019", "2023": "2023",
                                 "2024": "2023"},
                     "群众路线教育实践活动专题": {"2013": "2013", "2014": "2014"}}
#: A campaign's second batch named in the text (第二批教育实践活动) → its year.
_SECOND_BATCH = {"群众路线教育实践活动专题": "2014"}


def campaign_year(meeting: str, default: str, date: str, text: str = "") -> str:
    """The year of the campaign ``meeting`` names, ``default`` unless its date tells
    (``主题教育`` dated 二〇一九年十二月 is the 2019 one; 群众路线 dated 2014年9月 is the second
    batch's) or ``text`` names its second batch."""
    if date:
        return _CAMPAIGN_BY_DATE.get(meeting, {}).get(date[:4], default)
    if meeting in _SECOND_BATCH and "第二批" in text:
        return _SECOND_BATCH[meeting]
    return default


def iso_date(line: str) -> str:
    """``（2023年6月28日）`` → ``2023-06-28``; ``二〇二四年一月`` → ``2024-01``."""
    text = _cn_date_digits(unicodedata.normalize("NFKC", line))
    match = _DATE.search(text)
    if not match:
        return ""
    year, month, day = match.group(1), int(match.group(2)), match.group(3)
    if not 1 <= month <= 12 or (day and not 1 <= int(day) <= 31):
        return ""
    return f"{year}-{month:02d}" + (f"-{int(day):02d}" if day else "")


def year_of_date(date: str, meeting: str) -> str:
    """The year a meeting dated ``date`` reviews: an annual meeting held in the first half
    of a year reviews the year before; any other meeting its own year."""
    if not date:
        return ""
    year, month = int(date[:4]), int(date[5:7])
    if meeting in _ANNUAL and month <= 6:
        return str(year - 1)
    # A report that names no meeting is most often an annual meeting's, held from December
    # to March: dated in its first quarter, it reviews the year before.
    return str(year - 1) if not meeting and month <= 3 else str(year)


def year_in_file_name(stem: str) -> str:
    """``2024-xian-wei-banzi`` → 2024 (the README's naming advice)."""
    match = _FILE_YEAR.match(stem)
    return match.group(1) if match else ""


def themed_year(opening: str, meeting: str) -> str:
    """The year whose annual meeting theme ``opening`` quotes (punctuation aside), for an
    annual or unnamed 民主生活会 (a campaign's meeting has its own year)."""
    if meeting not in _THEMED:
        return ""
    words = _NOT_WORDS.sub("", opening)
    return next((year for phrase, year in THEMES if phrase in words), "")


def cited_year(full: str) -> str:
    cited = [year for phrase, year in PLENUMS if phrase in full]
    return max(cited) if cited else ""


#: A year the text states as a date or a period (2022年6月, 2015年至2021年间), not a plan's
#: horizon (到2035年, 2025年底前).
_STATED_YEAR = re.compile(r"(?<![到至\d])((?:19|20)\d\d)年"
                          r"(?=\d{1,2}月|[至到—-]|间|以来|起|初|上半年)")


def latest_stated_year(full: str, meeting: str) -> str:
    """For a special meeting (以案促改, 巡视整改) that no title, date or campaign dates: the
    latest year its text states events in. Annual meetings are dated otherwise: their text
    states the next year's plans too."""
    if not meeting or meeting in _ANNUAL:
        return ""
    years = [int(y) for y in _STATED_YEAR.findall(full)]
    return str(max(years)) if years else ""


def ocr_zero(text: str) -> str:
    """A year's digits made plain: full-width ones (２０２５年 → 2025年), and zeros written as
    letters or circles (2O23年 → 2023年, 二O二四年 → 二〇二四年); each character stays in its
    place."""
    return _OCR_ZERO.sub(lambda m: re.sub("[Oo○Ｏ]", "0" if m.group(0)[0].isdigit() else "〇",
                                          m.group(0)), text.translate(_WIDE_DIGITS))


#: A year whose digits a PDF copy set apart (2 0 2 4 年度).
_SPACED_YEAR = re.compile(r"(?<!\d)(?<!\d[ \u3000])(?:1[ \u3000]?9|2[ \u3000]?0)[ \u3000]?\d"
                          r"[ \u3000]?\d(?=[ \u3000]*年)")


def _cn_date_digits(text: str) -> str:
    """二〇二四年一月十五日 → 2024年1月15日."""
    def year(match: re.Match[str]) -> str:
        return match.group(0).translate(_CN_YEAR_DIGITS)

    text = _SPACED_YEAR.sub(lambda m: re.sub(r"[ \u3000]", "", m.group(0)), ocr_zero(text))
    text = re.sub(r"[一二〇零][〇零一二三四五六七八九]{3}(?=\s*年)", year, text)
    return re.sub(r"(?<=[年月])\s*([一二三四五六七八九十]{1,3})(?=\s*[月日])",
                  lambda m: str(cn_to_int(m.group(1))), text)
