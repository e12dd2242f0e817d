"""Characters that must not pass silently: control characters and digits of other scripts.

- Control characters (ESC, BEL, NUL, the C1 range, DEL) in a name or text would
  be printed raw by ``check`` (an ESC sequence can clear the terminal or
  overwrite the grade line) and mean nothing on paper. :func:`control_chars`
  finds them for a finding; :func:`escape_controls` prints them as ``\\x1b``.
- Digits: only ASCII ``0-9`` and full-width ``０-９`` are numbers. ``①②③``,
  ``¹²³``, Arabic-Indic and Devanagari digits would otherwise be folded to
  ``123`` by NFKC or by ``Decimal``; :func:`foreign_digit` finds the first.
"""

from __future__ import annotations

import re
import unicodedata

from g60desk.domain.errors import InputError

# C0 except tab/newline/carriage return (allowed in multi-line texts), DEL, C1.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_ANY_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
_FULLWIDTH_DIGITS = frozenset("０１２３４５６７８９")


def control_chars(text: str) -> list[str]:
    """The distinct control characters in ``text`` (tab and line breaks are allowed)."""
    return sorted(set(_CONTROL.findall(text)))


def has_control(text: str) -> bool:
    """Whether ``text`` holds any control character :func:`control_chars` would list."""
    return _CONTROL.search(text) is not None


def describe_char(ch: str) -> str:
    """``U+001B`` plus its name when it has one, for messages."""
    name = unicodedata.name(ch, "")
    return f"U+{ord(ch):04X}" + (f" {name}" if name else "")


def escape_controls(text: str, *, keep: str = "\n\t") -> str:
    """``text`` with every control character but those in ``keep`` written as ``\\x1b``."""
    return _ANY_CONTROL.sub(lambda m: m.group() if m.group() in keep else
                            f"\\x{ord(m.group()):02x}", text)


def foreign_digit(text: str) -> str | None:
    """The first character that is a digit or number of another script, or ``None``.

    ASCII and full-width digits are allowed; Chinese numerals (一二三) are not
    digits to Unicode and are left to the caller's own check.
    """
    for ch in text:
        if ("0" <= ch <= "9") or ch in _FULLWIDTH_DIGITS:
            continue
        if unicodedata.category(ch) in ("Nd", "No", "Nl") and unicodedata.numeric(ch, None) is not None \
                and not _is_cjk_numeral(ch):
            return ch
    return None


def _is_cjk_numeral(ch: str) -> bool:
    return ch == "\u3007" or "\u4e00" <= ch <= "\u9fff" or "\u3021" <= ch <= "\u3029"


def reject_foreign_digits(text: str, what: str) -> None:
    """Raise :class:`InputError` naming the first digit that is not ASCII or full-width."""
    ch = foreign_digit(text)
    if ch is not None:
        raise InputError(f"{what}中的「{ch}」({describe_char(ch)})不是可以使用的数字,"
                         f"请只用 0-9 填写:「{text.strip()}」。")
