"""Maintainer tooling: data builds and reference comparisons (not shipped in the wheel)."""
