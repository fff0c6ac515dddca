"""The curator's page 未归类 and confidence tooltips in headless Chromium (issue 12).

A small corpus: one seed report and a report whose problem points are worded so that no
pattern and no prototype claims some of them (shared phrasing, to be clustered), and one is
labelled by similarity alone.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import ROOT, build_site, make_corpus, screenshot, seed_text, serve

pytestmark = pytest.mark.browser

ODD = """中共某某县委常委班子2024年度民主生活会对照检查材料
一、存在的主要问题
（一）思想方面
一是对县志编修工作的关注还不多。县志办反映的困难没有及时研究。
二是对县志编修的经费保障不够及时。今年拨付晚了两个月。
三是事务一多就把读书学习往后推。全年自学时间偏少。
（二）其他方面
一是对县志编修队伍的稳定考虑得少。有两名编辑调离。
二是对档案数字化的进度盯得不紧。
"""


@pytest.fixture(scope="module")
def curator_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("curator")
    seed = "2021-shi-zhengfu-dangzu-dangshi-zhuanti.md"
    # The project's taxonomy with an empty examples.yml beside it turns the learned model off:
    # the points stay as patterns and prototypes leave them (a learned label is checked below).
    own = {name: (ROOT / "corpus" / name).read_text(encoding="utf-8")
           for name in ("taxonomy.yml", "meetings.yml", "prototypes.yml")}
    corpus = make_corpus(out / "corpus", {seed: seed_text(seed), "odd-2024.txt": ODD, **own,
                                          "examples.yml": "[]\n"})
    result = build_site(corpus, out, search=False)
    assert result.ok, result.gathered.problems
    return out / "site"


def test_unclassified_page_clusters_points_and_shows_similarity(curator_site: Path, page) -> None:  # noqa: ANN001
    page.goto(serve(curator_site) + "unclassified/")
    article = page.locator(".md-content article")
    assert article.locator("h1").inner_text().strip() == "未归类"
    # The 县志编修 points left without a type share their phrase: one cluster, with its count.
    heads = article.locator("h2").all_inner_texts()
    counts = [int(m.group(1)) for h in heads if (m := re.search(r"县志编修.*?(\d+) 条", h))]
    assert counts and counts[0] >= 2, heads
    # Every listed point links to its passage; the hint chips give a similarity.
    listed = sum(counts) + sum(int(m.group(1)) for h in heads if (m := re.match(r"其他 (\d+) 条", h)))
    assert article.locator("a[href*='reports/odd-2024/#p-']").count() == listed >= 2
    hint = article.locator("a.tax-chip-hint").first
    assert re.search(r"相似度 0\.\d\d", hint.get_attribute("title") or "")
    assert article.locator("a.tax-chip").count() > article.locator("a.tax-chip-hint").count()
    screenshot(page, "unclassified")
    # The nav has the page.
    assert page.locator(".md-nav__link", has_text="未归类").count() >= 1


def test_report_chip_tooltip_shows_confidence(curator_site: Path, page) -> None:  # noqa: ANN001
    page.goto(serve(curator_site) + "reports/odd-2024/")
    chips = page.locator(".md-content .psg-tax a.tax-chip")
    titles = chips.evaluate_all("els => els.map(e => e.getAttribute('title') || '')")
    assert titles and all(re.search(r"(置信度|相似度|概率) [01]\.\d\d", t) for t in titles), titles
    # The point worded like no pattern is labelled by similarity, and says so.
    similar = [t for t in titles if "相似原型" in t]
    assert similar and all(re.search(r"相似度 0\.\d\d", t) for t in similar)
    chip = chips.filter(has_text="学习主动性不强").first
    assert "相似度" in (chip.get_attribute("title") or "")
    chip.hover()
    screenshot(page, "similarity-chip")


@pytest.fixture(scope="module")
def learned_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("learned")
    seed = "2021-qu-zhengfu-fuzeren-dangshi-zhuanti.txt"
    corpus = make_corpus(out / "corpus", {seed: seed_text(seed)})
    assert build_site(corpus, out, search=False).ok
    return out / "site"


def test_a_learned_label_names_its_phrases_and_probability(learned_site: Path, page) -> None:  # noqa: ANN001
    page.goto(serve(learned_site) + "reports/2021-qu-zhengfu-fuzeren-dangshi-zhuanti/")
    chips = page.locator(".md-content .psg-tax a.tax-chip[title*='示例学习']")
    titles = chips.evaluate_all("els => els.map(e => e.getAttribute('title') || '')")
    assert titles and all(re.search(r"示例学习（依据「[\u4e00-\u9fff、]+」）；概率 [01]\.\d\d$", t)
                          for t in titles), titles
    chips.first.scroll_into_view_if_needed()
    chips.first.hover()
    screenshot(page, "learned-chip")
    href = chips.first.get_attribute("href") or ""
    chips.first.click()
    page.wait_for_load_state()
    assert page.url.rstrip("/").endswith(href.strip("./").rstrip("/"))
