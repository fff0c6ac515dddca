"""Accuracy evaluations against gold written before the code they judge (not shipped)."""
