"""The build cache pickles millions of frozen models: they pickle as their class and fields
(``models.pickled_by_fields``), and come back equal, field for field."""

from __future__ import annotations

import dataclasses
import pickle

from generator import models
from generator.models import Report
from generator.reuse import find_reuse
from generator.reuse import model as reuse_model
from generator.taxonomy.classify import classify_report
from generator.taxonomy.load import Taxonomy


def _frozen_models() -> list[type]:
    return [c for mod in (models, reuse_model) for c in vars(mod).values()
            if isinstance(c, type) and dataclasses.is_dataclass(c) and c.__module__ == mod.__name__
            and c.__dataclass_params__.frozen]  # type: ignore[attr-defined]


def test_every_frozen_model_pickles_by_its_fields() -> None:
    found = _frozen_models()
    assert {"Report", "Passage", "Metadata", "Label", "Place", "Mark"} <= {c.__name__ for c in found}
    for cls in found:  # not the generic path through __getstate__/__setstate__
        assert cls.__reduce__ is not object.__reduce__, cls


def test_reports_labels_and_shared_phrasing_come_back_equal(seeds: list[Report],
                                                            taxonomy: Taxonomy) -> None:
    for report in seeds:
        back = pickle.loads(pickle.dumps(report, pickle.HIGHEST_PROTOCOL))
        assert back == report
        assert [dataclasses.astuple(p) for p in back.passages] == \
            [dataclasses.astuple(p) for p in report.passages]
        assert back.meta.sources == report.meta.sources  # a field left out of equality
        labels = classify_report(report, taxonomy)
        assert pickle.loads(pickle.dumps(labels, pickle.HIGHEST_PROTOCOL)) == labels
    reuse = find_reuse(seeds)
    back = pickle.loads(pickle.dumps(reuse, pickle.HIGHEST_PROTOCOL))
    assert back.marks and back.families and back.matches
    mark = next(m for ms in reuse.marks.values() for m in ms)
    assert mark.__reduce__() == (type(mark), tuple(
        getattr(mark, f.name) for f in dataclasses.fields(mark)))
    assert back.marks == reuse.marks and back.families == reuse.families
    assert back.matches == reuse.matches and back.pairs == reuse.pairs


@models.pickled_by_fields
@dataclasses.dataclass(frozen=True, slots=True)
class One:
    text: str


def test_a_one_field_model_pickles_as_a_one_value_tuple() -> None:
    assert One("一是").__reduce__() == (One, ("一是",))
    assert pickle.loads(pickle.dumps(One("一是"))) == One("一是")
