"""Gzipped index files written again only when their content changed (ARCHITECTURE.md,
"Incremental builds").

Most of the index is the bigram shards (``k/``) and the text chunks (``t/``), a few thousand
small gzip files. One edited report changes the few that hold its passages or bigrams, but
compressing them all costs seconds. An incremental build hands :data:`KNOWN` (file → digest
of its uncompressed bytes, digest and size of the gzip file) from the previous build, for the
files the previous docs tree still holds as they were; a file whose uncompressed bytes have
the same digest is not compressed nor written (the writer links the previous one). Gzip with
``mtime=0`` is a function of the bytes, so the result is the same as writing it."""

from __future__ import annotations

import gzip
import hashlib
from pathlib import Path

KNOWN: dict[str, tuple[str, str, int]] = {}
"""Index-relative path → (raw digest, gzip digest, gzip size), set by write_index (and sent to
its shard-group processes)."""
Record = tuple[str, str, str, int, bool]
"""(path, raw digest, gzip digest, gzip size, kept)."""


def raw_digest(raw: bytes) -> str:
    return hashlib.blake2b(raw, digest_size=16).hexdigest()


def write(root: Path, rel: str, raw: bytes, level: int, records: list[Record] | None) -> int:
    """Write ``root/rel`` (gzip of ``raw``) unless :data:`KNOWN` has these bytes for it (when
    ``records`` is given, every file is recorded in it); returns the gzip file's size."""
    if records is None:
        data = gzip.compress(raw, compresslevel=level, mtime=0)
        (root / rel).write_bytes(data)
        return len(data)
    digest = raw_digest(raw)
    known = KNOWN.get(rel)
    if known is not None and known[0] == digest:
        records.append((rel, digest, known[1], known[2], True))
        return known[2]
    data = gzip.compress(raw, compresslevel=level, mtime=0)
    (root / rel).write_bytes(data)
    records.append((rel, digest, hashlib.blake2b(data, digest_size=16).hexdigest(), len(data),
                    False))
    return len(data)
