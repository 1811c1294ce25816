"""Exploration helpers and the self-contained HTML report of a run's outputs."""

from .frames import load_outputs
from .html import build_report

__all__ = ["build_report", "load_outputs"]
