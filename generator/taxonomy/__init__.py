"""Themes and problem types: ``load`` reads and validates ``taxonomy.yml`` and ``meetings.yml``
into the ``model``; ``matcher`` finds patterns, ``aspects`` maps headings to themes,
``classify`` labels passages and ``index`` gathers labels across the corpus."""
