"""Passage anchors: ``p-`` + a short base32 hash of the passage's normalised text.

The hash makes an anchor independent of position, so inserting, removing or reordering
other passages never changes it; ``anchors.lock`` (see :mod:`generator.anchors.lock`) carries
anchors across edits of the passage itself.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable
from dataclasses import replace

from generator.models import Passage

_SPACE = re.compile(r"\s+")
ANCHOR_RE = re.compile(r"^p-[a-z2-7]{6}$")


def normalise(text: str) -> str:
    """The text an anchor is computed from: whitespace removed, nothing else changed."""
    return _SPACE.sub("", text)


def text_hash(text: str, salt: int = 0) -> str:
    """``p-`` + 6 base32 characters (30 bits) of BLAKE2b over the normalised text."""
    data = normalise(text).encode("utf-8") + (b"\x00%d" % salt if salt else b"")
    digest = hashlib.blake2b(data, digest_size=8).digest()
    return "p-" + base64.b32encode(digest).decode("ascii")[:6].lower()


def assign_anchors(passages: Iterable[Passage], taken: set[str] | None = None
                   ) -> tuple[Passage, ...]:
    """Give every passage a hash anchor, unique within the report: a repeated text (or a
    rare collision) gets the hash of its text salted with the repeat count."""
    used = set(taken or ())
    out = []
    for passage in passages:
        salt, anchor = 0, text_hash(passage.text)
        while anchor in used:
            salt += 1
            anchor = text_hash(passage.text, salt)
        used.add(anchor)
        out.append(replace(passage, anchor=anchor))
    return tuple(out)
