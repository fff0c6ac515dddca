"""Fixtures shared by the unit tests: the project's taxonomy and the parsed seed reports.
(A module needing another taxonomy, e.g. without its labelled examples, defines its own.)"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.models import Report
from generator.parse.report import parse_report
from generator.readers import read_source
from generator.taxonomy.load import Taxonomy, load_taxonomy

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def taxonomy() -> Taxonomy:
    return load_taxonomy()[0]


@pytest.fixture(scope="module")
def seeds() -> list[Report]:
    corpus = ROOT / "corpus"
    return [parse_report(read_source(p, corpus)) for p in sorted(corpus.glob("20*"))]
