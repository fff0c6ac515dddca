"""Permanent passage anchors: ``hashing`` names passages, ``sketch`` fingerprints their text,
``lock`` reads and writes ``corpus/anchors.lock`` and ``reconcile`` carries anchors across
rebuilds."""
