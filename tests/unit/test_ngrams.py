"""The fast character n-gram transform equals scikit-learn's (issue 12)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.taxonomy.ngrams import CharNgrams
from generator.taxonomy.prototypes import vectorizer

ROWS = ["理论学习不够深入", "学用脱节 两张皮", "形式主义、官僚主义", "ABC 学习\n  贯彻", "调查研究"]
TEXTS = ["", "学", "学习", "理论学习还不够系统，学用结合不紧。", "abc  ABC\t\t学习", "两张皮\n学用"]


@pytest.fixture(scope="module")
def fitted():  # type: ignore[no-untyped-def]
    vec = vectorizer()
    vec.fit(ROWS)
    return vec, CharNgrams(vec)


def _same(vec, fast, texts: list[str]) -> None:  # type: ignore[no-untyped-def]
    want, got = vec.transform(texts), fast.transform(texts)
    assert got.shape == want.shape and got.dtype == want.dtype
    assert np.abs((want - got).toarray()).max(initial=0.0) < 1e-6


def test_fast_transform_equals_the_vectorizers(fitted) -> None:  # type: ignore[no-untyped-def]
    _same(*fitted, TEXTS)
    vec, fast = fitted
    assert fast.transform([]).shape == (0, len(vec.vocabulary_))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet="学习理论用脱节两张皮 \n\taA形式主义、，", max_size=30), min_size=1, max_size=8))
def test_fast_transform_equals_the_vectorizers_on_any_text(fitted, texts) -> None:  # type: ignore[no-untyped-def]
    _same(*fitted, texts)
