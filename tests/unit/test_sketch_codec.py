"""anchors.lock's sketch text: the packed encoder and decoder give exactly what the
character-by-character ones gave (the lock's bytes and the cache keys made from them)."""

from __future__ import annotations

import random

import pytest

from generator.anchors import sketch as sk


def _encode(values: tuple[int, ...]) -> str:
    return "".join(f"{v:04x}" for v in values)


def _decode(text: str) -> tuple[int, ...]:
    return tuple(int(text[i:i + 4], 16) for i in range(0, len(text), 4))


def test_same_text_as_before() -> None:
    rng = random.Random(5)
    for n in range(sk.K + 3):
        values = tuple(sorted(rng.sample(range(1 << 16), n)))
        assert sk.encode(values) == _encode(values)
        assert sk.decode(_encode(values)) == values
        assert sk.decode(_encode(values).upper()) == values
    assert sk.encode((70000, 3)) == _encode((70000, 3))  # not 16-bit: as before
    assert sk.encode(sk.sketch("学用结合不够紧密")) == _encode(sk.sketch("学用结合不够紧密"))


@pytest.mark.parametrize("text", ["", "123", "12345", "00  ", "0fff0001", "ffff"])
def test_odd_text_reads_as_before(text: str) -> None:
    assert sk.decode(text) == _decode(text)


@pytest.mark.parametrize("text", ["zz12", "00ff0g00"])
def test_bad_text_is_an_error_as_before(text: str) -> None:
    with pytest.raises(ValueError):
        _decode(text)
    with pytest.raises(ValueError):
        sk.decode(text)
