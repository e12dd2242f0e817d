"""Checking a declaration: every rule returns findings, never raises for user mistakes."""

from g60desk.rules.findings import Finding, Severity

__all__ = ["Finding", "Severity"]
