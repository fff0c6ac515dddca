"""The downloads page and ``data/datapackage.json`` (issue 15): every export described once,
in Chinese, for people (the page) and for tools (a Frictionless Data Package).

The field lists below are the one description of the export contract (ARCHITECTURE.md, "Data
exports"): the page's tables and the package's Table Schemas are both made from them.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup

from generator.models import Report
from generator.site.render import render_page

SITE_NAME = "对照检查材料档案库"
PACKAGE_NAME = "shenghuohui-duizhao-jiancha"

#: (name, Table Schema type, description) of reports.json.
REPORT_FIELDS = (
    ("slug", "string", "材料标识：语料文件名（中文名转为拼音）的小写形式，或前置元数据中的 slug；"
     "全库唯一，材料网址 reports/<slug>/ 即由它构成。"),
    ("title", "string", "标题：原文标题；原文无标题时据内容拟定。"),
    ("url", "string", "材料页面的站内相对网址。"),
    ("source", "string", "语料文件名（原始文件可在材料页面下载）。"),
    ("year", "string", "年度（四位数字）；未能确定时为 null。"),
    ("meeting", "string", "会议类型，如“年度民主生活会”“主题教育专题”；未能确定时为 null。"),
    ("body", "string", "主体：提交材料的班子或单位；未能确定时为 null。"),
    ("level", "string", "层级：中央、省、市、区、县、镇、单位等；未能确定时为 null。"),
    ("collective", "boolean", "集体材料为 true，个人材料为 false，未能确定时为 null。"),
    ("sections", "array", "各部分，按原文顺序：role（部分类型，取值同段落的 role）、heading（标题，"
     "不含序号）、anchor（标题段落的锚点）。"),
    ("counts", "object", "计数：passages（段落数）、points（要点数）。"),
)
#: (name, type in passages.jsonl, description) of a passage; in passages.csv every column is a
#: string and the two list columns are joined with ";".
PASSAGE_FIELDS = (
    ("id", "string", "段落标识：<slug>#<anchor>，全库唯一；锚点由段落文字计算，其他段落增删"
     "不影响它。"),
    ("report", "string", "所属材料的 slug（对应 reports.json 的 slug）。"),
    ("url", "string", "段落的站内相对网址（含 #锚点）。"),
    ("kind", "string", "段落类别：heading（标题）、para（段落）、point（要点，如“一是……”）。"),
    ("role", "string", "所在部分：preamble（导语）、review（整改落实情况）、problems（存在问题）、"
     "case（案例剖析）、causes（原因剖析）、measures（整改措施）、other（其他）。"),
    ("path", "string", "提纲位置，如 2.1.3 表示第二部分第（一）小节第 3 个要点；普通段落取其所在"
     "条目的位置。"),
    ("section", "string", "所在部分的标题（不含序号）。"),
    ("heading", "string", "所在小节的标题（不含序号）。"),
    ("lead", "string", "要点句：要点的首句，不含序号和句末标点；标题为其文字。"),
    ("text", "string", "段落全文，与原文逐字一致（含序号）。"),
    ("themes", "array", "主题标识（见“主题”页面），按段落自身的词语和所在标题标注。"),
    ("problem_types", "array", "问题类型标识（见“问题类型”页面）。"),
)
#: (name, type, description) of a line of reuse.jsonl (text two reports share).
REUSE_FIELDS = (
    ("a", "string", "共有文字的一方：段落标识 <slug>#<anchor>（对应 passages 的 id）；模板句或"
     "套话为该句族在全库的首次使用。"),
    ("b", "string", "共有文字的另一方：段落标识 <slug>#<anchor>。"),
    ("a_span", "array", "a 段落中共有文字的字符范围 [起, 止)，按段落自身文字计。"),
    ("b_span", "array", "b 段落中共有文字的字符范围 [起, 止)。"),
    ("similarity", "number", "两段共有文字的相似度（0–1，Indel 相似度）；模板句与套话为 null。"),
    ("kind", "string", "类别：pair（两份材料之间的共有文字）、template（三份及以上材料"
     "使用的模板句）、boilerplate（某年度或全库至少半数材料使用的套话）。"),
    ("family", "string", "模板句或套话的句族标识；pair 为 null。"),
)
KIND_NAMES = {"string": "文本", "boolean": "布尔值", "array": "列表", "object": "对象",
              "integer": "整数", "number": "数值"}


@dataclass(frozen=True, slots=True)
class Export:
    name: str
    path: str
    """Docs-relative path."""
    title: str
    description: str
    format: str
    mediatype: str
    size: int
    records: int
    compression: str = ""
    """``gz``: the file is gzip-compressed (Frictionless reads it as it is)."""


def dataset_version(reports: Sequence[Report]) -> str:
    """A short content hash of every source file: the same corpus gives the same version,
    and the pages stay byte-identical between builds (no build date)."""
    digest = hashlib.sha256()
    for sha in sorted(r.source.sha256 for r in reports):
        digest.update(sha.encode())
    return digest.hexdigest()[:12]


def exports(files: Mapping[str, Any], n_reports: int, n_passages: int) -> list[Export]:
    def size(path: str) -> int:
        value = files[path]
        if isinstance(value, Path):  # a scratch file the writer moves into the docs
            return value.stat().st_size
        return len(value.encode("utf-8")) if isinstance(value, str) else len(value)
    return [
        Export("reports", "data/reports.json", "材料元数据",
               "每份材料一个对象：标题、年度、会议、主体、层级、集体/个人、各部分及其锚点、计数。",
               "json", "application/json", size("data/reports.json"), n_reports),
        Export("passages", "data/passages.jsonl.gz", "段落（JSON Lines，gzip 压缩）",
               "每行一个段落，按材料、原文顺序：标识、网址、类别、所在部分、提纲位置、标题、要点句、"
               "全文、主题与问题类型。", "jsonl", "application/x-ndjson",
               size("data/passages.jsonl.gz"), n_passages, "gz"),
        Export("passages-csv", "data/passages.csv.zip", "段落（CSV，每年一个文件，zip 压缩）",
               "与 passages.jsonl 相同的列，每年一个 CSV 文件（passages-2023.csv 等），UTF-8"
               "（带 BOM，便于电子表格软件识别中文）；主题与问题类型以“;”分隔。", "zip",
               "application/zip", size("data/passages.csv.zip"), n_passages),
        Export("reuse", "data/reuse.jsonl.gz", "共有文字（JSON Lines，gzip 压缩）",
               "每行一处两份材料共有的文字（两个段落及各自的字符范围、相似度），或一次模板句、"
               "套话的使用。", "jsonl", "application/x-ndjson", size("data/reuse.jsonl.gz"),
               _lines(files["data/reuse.jsonl.gz"]), "gz"),
    ]


def _lines(value: Any) -> int:
    data = value.read_bytes() if isinstance(value, Path) else bytes(value)
    return gzip.decompress(data).count(b"\n")


def _schema(fields: Sequence[tuple[str, str, str]], flat: bool = False,
            key: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {"fields": [
        {"name": name, "type": "string" if flat else kind, "description": desc}
        for name, kind, desc in fields]}
    if key:
        out["primaryKey"] = [key]
    return out


def datapackage(items: Sequence[Export], version: str, n_reports: int, n_passages: int,
                site_url: str = "") -> str:
    """``data/datapackage.json``: a Frictionless Data Package (v1) whose resources are
    tabular: reports.json (an array of objects), passages.jsonl.gz, reuse.jsonl.gz; the
    per-year CSVs of passages.csv.zip are one resource, described but not tabular (a
    Frictionless resource is one table, the archive holds several)."""
    schemas = {
        "reports": _schema(REPORT_FIELDS, key="slug"),
        "passages": _schema(PASSAGE_FIELDS, key="id"),
        "passages-csv": _schema(PASSAGE_FIELDS, flat=True, key="id"),
        "reuse": _schema(REUSE_FIELDS),
    }
    resources = []
    for e in items:
        if e.format == "zip":
            resources.append({
                "name": e.name, "path": e.path.removeprefix("data/"), "title": e.title,
                "description": e.description, "profile": "data-resource", "format": "zip",
                "mediatype": e.mediatype, "bytes": e.size})
            continue
        res: dict[str, Any] = {
            "name": e.name, "path": e.path.removeprefix("data/"), "title": e.title,
            "description": e.description, "profile": "tabular-data-resource",
            "format": e.format, "mediatype": e.mediatype, "encoding": "utf-8",
            "schema": schemas[e.name],
        }
        if e.format != "json":  # frictionless reads a JSON array whole and cannot count bytes
            res["bytes"] = e.size
        if e.compression:
            res["compression"] = e.compression
        if e.format == "csv":
            res["dialect"] = {"delimiter": ",", "lineTerminator": "\r\n", "header": True}
        if e.name == "reuse":
            res["schema"]["foreignKeys"] = [{"fields": [end], "reference": {
                "resource": "passages", "fields": ["id"]}} for end in ("a", "b")]
        elif e.name != "reports":
            res["schema"]["foreignKeys"] = [{"fields": ["report"], "reference": {
                "resource": "reports", "fields": ["slug"]}}]
        resources.append(res)
    package: dict[str, Any] = {
        "profile": "data-package",  # one resource (the CSV archive) is not a table
        "name": PACKAGE_NAME,
        "title": f"{SITE_NAME}：民主生活会、组织生活会对照检查材料数据集",
        "description": (f"{n_reports} 份对照检查材料、{n_passages} 个段落。每份材料逐字收录并标出"
                        "结构（部分、小节、要点及要点句），每个段落有固定锚点，可引用到段落。"),
        "version": version,
        "keywords": ["民主生活会", "组织生活会", "对照检查材料", "中文", "语料"],
        "resources": resources,
    }
    if site_url:
        package["homepage"] = site_url
    return json.dumps(package, ensure_ascii=False, indent=1) + "\n"


def citation(version: str, n_reports: int, n_passages: int, site_url: str = "") -> dict[str, str]:
    """The suggested citation of the dataset (GB/T 7714 and BibTeX); the URL when the site's
    address is configured (``site_url`` in mkdocs.yml)."""
    url = site_url.rstrip("/") + "/downloads/" if site_url else ""
    where = f". {url}" if url else ""
    gbt = (f"{SITE_NAME}. 民主生活会、组织生活会对照检查材料数据集："
           f"{n_reports} 份材料、{n_passages} "
           f"个段落（版本 {version}）[DS/OL]. [引用日期]{where}.")
    bib = ("@misc{" + PACKAGE_NAME + "-" + version + ",\n"
           f"  title = {{{SITE_NAME}：民主生活会、组织生活会对照检查材料数据集}},\n"
           f"  note = {{{n_reports} 份材料，{n_passages} 个段落；版本 {version}}},\n"
           + (f"  url = {{{url}}},\n" if url else "")
           + "  urldate = {引用日期}\n}")
    return {"gbt": gbt, "bibtex": bib}


def downloads_page(items: Sequence[Export], version: str, n_reports: int, n_passages: int,
                   site_url: str = "") -> dict[str, str]:
    path = "downloads.md"
    cite = citation(version, n_reports, n_passages, site_url)
    fields = {
        "reports": [(n, KIND_NAMES[k], d) for n, k, d in REPORT_FIELDS],
        "passages": [(n, KIND_NAMES[k], d) for n, k, d in PASSAGE_FIELDS],
        "reuse": [(n, KIND_NAMES[k], d) for n, k, d in REUSE_FIELDS],
    }
    return {path: render_page(
        "downloads.md.j2", path, "数据下载", exports=[
            {"e": e, "size": _size(e.size)} for e in items], fields=fields,
        version=version, n_reports=n_reports, n_passages=n_passages,
        cite_gbt=_pre(cite["gbt"], "cite-dataset"), cite_bib=_pre(cite["bibtex"], "cite-bibtex"))}


def _pre(text: str, cls: str) -> Markup:
    """Preformatted text as a raw HTML block (HTML-escaped)."""
    return Markup('<pre class="{}"><code>{}</code></pre>').format(cls, text)


def _size(n: int) -> str:
    for unit, step in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if n >= step:
            return f"{n / step:.1f} {unit}"
    return f"{n} 字节"
