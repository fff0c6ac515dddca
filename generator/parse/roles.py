"""Section roles from heading words (ARCHITECTURE.md, "Section roles")."""

from __future__ import annotations

import re

from generator.chars import to_simplified

#: Ordered: the first rule whose pattern matches the (simplified) heading wins. Causes and
#: measures come before problems because their headings mention 问题 too (but a heading that
#: names the problems and then their rectification is the problems').
_ROLE_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    # An account of the author's own matters (关于群众反映本人有关问题的说明, 个人有关事项报告
    # 情况, 关于本人被谈话函询情况的说明): neither problems found nor a review.
    ("other", re.compile(r"的说明$|情况说明$|个人有关事项|^(?:关于)?(?:本人)?有关事项|函询")),
    # 存在的问题及整改措施: problems each followed by their remedy are the problems section
    ("problems", re.compile(r"(?:问题|不足|差距|短板)(?:清单)?(?:及其|及|和|与|以及)"
                            r"(?:整改|改进)(?:措施|举措|方向|打算|意见)?$")),
    # 整改落实措施: what will be done, not a review of what was (that ends 情况/成效); so are
    # 以案促改措施 (not the case's analysis)
    ("measures", re.compile(r"(?:整改|以案(?:促改|为鉴)).{0,6}(?:措施|举措|方向|打算)$")),
    ("review", re.compile(r"整改.{0,8}(?:情况|成效|落实|进展|进度)"
                          r"|上(?:一)?(?:年度|次).{0,12}(?:整改|问题)|(?:落实|完成)情况|回头看"
                          # what a campaign's meeting reports fixed at once (主题教育以来立行
                          # 立改情况, 边学边查边改的成效)
                          r"|(?:立行立改|即知即改|即查即改|边学边查边改|边查边改)的?"
                          r"(?:情况|成效|进展)")),
    ("case", re.compile(r"典型案例|反面.{0,4}案例|案例.{0,4}(?:剖析|警示)|(?:违纪违法|腐败)案(?!件)"
                        r"|案.{0,2}为(?:镜鉴|鉴|戒)"
                        r"|以案.{0,2}(?:促改|为鉴|说纪)|案件.{0,6}(?:情况|警示|剖析|教训)|案情")),
    # 存在的问题及原因分析: the problems, each with its causes, are the problems section.
    ("problems", re.compile(r"(?:问题|不足|差距|短板)(?:表现|清单)?(?:及其|及|和|与|以及)"
                            r"(?:产生的?|存在的?)?(?:原因|根源|根子|症结)")),
    # (为啥会这样, 为什么会出现这些问题: a plain writer's causes)
    ("causes", re.compile(r"原因|根源|根子|病根|症结|^(?:问题)?(?:为什么|为啥|咋会|怎么会)")),
    # 检视出的问题及整改安排: problems listed each with its remedy are the problems section.
    ("problems", re.compile(r"(?:问题|不足|差距|短板)(?:清单)?(?:及其|及|和|与|以及)整改")),
    ("measures", re.compile(r"整改|措施|努力方向|改进方向|下一步|今后|打算|方向|举措|对策"
                            r"|怎么改|怎么办|怎么做|咋改|咋办")),
    ("problems", re.compile(r"问题|不足|差距|短板|检视|查摆|对照检查|表现")),
)


def detect_role(heading: str) -> str:
    """``review``, ``problems``, ``case``, ``causes``, ``measures`` or ``other``."""
    text = to_simplified(heading)
    for role, pattern in _ROLE_RULES:
        if pattern.search(text):
            return role
    return "other"
