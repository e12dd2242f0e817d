"""The status marks the window shows beside projects, sections and the findings verdict.

They are GB2312 characters (√ △ ×), which every Chinese font has: the bundled AR PL UMing,
which the window uses on a desktop without a CJK font, has no ✓ ⚠ ✗, and those showed as
boxes there (tests/unit/test_marks.py checks every mark against that font).
"""

from __future__ import annotations

OK = "√"
WARNING = "△"
ERROR = "×"
UNCHECKED = "…"
ALL = (OK, WARNING, ERROR, UNCHECKED)
