"""Metadata people write in front matter and sidecars: the keys they use and the values
the archive accepts (``year: 二〇二一`` is 2021; ``year: 99999`` is refused)."""

from __future__ import annotations

import re
import unicodedata

#: Words that name the meeting or the genre: a short block holding them, set apart as a
#: title (a Word first-page header, a portal's title row), is a report's title.
GENRE_WORDS = re.compile(r"(?:民主生活会|组织生活会|对照检查|检视剖析|剖析材料|发言材料)")

#: Metadata keys a report may set, and what each alias people use stands for.
KEYS = {"title", "year", "meeting", "body", "level", "collective", "author", "date", "slug",
        "source_url", "note"}
ALIASES = {"org": "body", "organization": "body", "organisation": "body", "unit": "body",
           "单位": "body", "主体": "body", "日期": "date", "作者": "author", "标题": "title",
           "年度": "year", "年份": "year", "会议": "meeting", "层级": "level", "级别": "level",
           "类型": "collective"}
#: The archive's levels, highest first (中央: central ministries and their departments,
#: central enterprises).
LEVELS = ("中央", "省", "市", "区", "县", "镇", "单位")
_LEVEL_WORDS = {"中央级": "中央", "国家级": "中央", "央企": "中央", "中直": "中央",
                "central": "中央", "national": "中央",
                "省级": "省", "市级": "市", "地级": "市", "地市": "市", "县级": "县", "区级": "区",
                "乡": "镇", "乡镇": "镇", "镇级": "镇", "乡级": "镇", "街道": "镇",
                "province": "省", "provincial": "省", "city": "市", "municipal": "市",
                "district": "区", "county": "县", "town": "镇", "township": "镇",
                "unit": "单位", "部门": "单位", "企业": "单位"}
_COLLECTIVE = {"集体": "集体", "班子": "集体", "collective": "集体", "group": "集体",
               "true": "集体", "yes": "集体", "个人": "个人", "individual": "个人",
               "personal": "个人", "false": "个人", "no": "个人"}
_CN_DIGITS = str.maketrans("〇零一二三四五六七八九", "00123456789")
FIRST_YEAR, LAST_YEAR = 1921, 2100


class ValueProblem(ValueError):
    """A metadata value the archive cannot use; the message says how to write it."""


def canonical_key(key: object) -> str | None:
    """``org`` → ``body``, ``日期`` → ``date``; ``None`` for a key the archive does not use."""
    name = str(key).strip()
    lowered = name.lower()
    if lowered in KEYS:
        return lowered
    return ALIASES.get(lowered) or ALIASES.get(name)


def clean_value(key: str, value: object) -> str:
    """The value as the archive stores it; raise :class:`ValueProblem` if impossible."""
    text = unicodedata.normalize("NFKC", str(value)).strip()
    if key == "year":
        return clean_year(text)
    if key == "level":
        return _choose(text, {**{v: v for v in LEVELS}, **_LEVEL_WORDS}, "level",
                       "one of " + " ".join(LEVELS))
    if key == "collective":
        return _choose(text, _COLLECTIVE, "collective", "集体 or 个人")
    return str(value).strip()


def clean_year(text: str) -> str:
    """``2021``, ``2021年度``, ``二〇二一``, ``二零二一年`` → ``2021``."""
    core = re.sub(r"\s*年度?$", "", text.strip()).translate(_CN_DIGITS)
    if not re.fullmatch(r"\d{1,6}", core) or not FIRST_YEAR <= int(core) <= LAST_YEAR:
        raise ValueProblem(f"year {text!r} is not a year between {FIRST_YEAR} and "
                           f"{LAST_YEAR}; fix it to four digits, e.g. year: 2024")
    return core


def _choose(text: str, words: dict[str, str], key: str, allowed: str) -> str:
    found = words.get(text) or words.get(text.lower())
    if found is None:
        raise ValueProblem(f"{key} {text!r} is not a {key} the archive knows; fix it to "
                           f"{allowed}")
    return found
