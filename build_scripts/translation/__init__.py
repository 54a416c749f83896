"""Parallel translations keyed by anchor, and their terminology and quantity checks."""
