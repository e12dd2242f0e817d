"""Money as staff type and paste it: parse to ``Decimal`` 元, print as 元 or 万元.

Amounts are always stored in 元 with at most two decimals; 万元 is only a way of
printing (元 / 10000, two places, round half up).
"""

from __future__ import annotations

import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext

from g60desk.domain.errors import InputError
from g60desk.domain.text import reject_foreign_digits

CENT = Decimal("0.01")
TEN_THOUSAND = Decimal(10000)
# 10 万亿元: far above any project budget, catches pasted garbage like 1e30.
MAX_YUAN = Decimal("10000000000000")

_SCALES = (("亿元", Decimal(100000000)), ("亿", Decimal(100000000)),
           ("万元", TEN_THOUSAND), ("万", TEN_THOUSAND), ("元", Decimal(1)))
_SPACES = re.compile(r"[\s\u3000\u00a0]+")
_CURRENCY = ("¥", "￥", "RMB", "CNY", "人民币")
_NUMBER = re.compile(r"^([0-9]{1,3}(,[0-9]{3})+|[0-9]+)?(\.[0-9]*)?$")
# "1 2 3": spaces between two digits (ASCII or full-width) are a typo, not 123.
_SPACED_DIGITS = re.compile(r"[0-9０-９][\s\u3000\u00a0]+[0-9０-９]")


def _normalise(text: str) -> str:
    # NFKC folds full-width digits, commas and dots (５１００，．) to ASCII.
    s = unicodedata.normalize("NFKC", text)
    s = s.replace("，", ",").replace("。", ".").replace("､", ",")
    return _SPACES.sub("", s)


UNITS = ("元", "万元")


def parse_money(text: str, unit: str = "元") -> Decimal:
    """Parse an amount from what a user typed or pasted; the result is in 元.

    Accepts ``5,100,000.00``, ``5, 100, 000. 00``, ``510万``, ``510万元``,
    ``５１００``, ``￥1,000``. A number without a unit is in ``unit``, the form's
    printed unit: ``10000`` on a 万元 form is 10000 万元. Raises :class:`InputError`
    with a Chinese message for anything else.
    """
    original = text
    reject_foreign_digits(text, "金额")
    if _SPACED_DIGITS.search(text):
        raise InputError(f"金额的数字之间不能有空格:「{original.strip()}」。")
    s = _normalise(text)
    if not s:
        raise InputError("金额不能为空。")
    for sign in _CURRENCY:
        if s.upper().startswith(sign):
            s = s[len(sign):]
            break
    scale = TEN_THOUSAND if unit == "万元" else Decimal(1)
    for suffix, factor in _SCALES:
        if s.endswith(suffix):
            s = s[: -len(suffix)]
            scale = factor
            break
    if s.startswith(("-", "−", "—")) or (s.startswith("(") and s.endswith(")")):
        raise InputError(f"金额不能为负数:「{original.strip()}」。")
    if s.startswith("+"):
        s = s[1:]
    if not s or not _NUMBER.match(s) or s in (".",):
        if re.search(r"[\u4e00-\u9fff]", s):
            raise InputError(f"金额请用数字书写,如 5万 或 50000:「{original.strip()}」。")
        if re.search(r"[A-Za-z]", s):
            raise InputError(f"金额只能包含数字,不能含有文字或字母:「{original.strip()}」。")
        raise InputError(f"无法识别的金额:「{original.strip()}」,请填写如 5,100,000.00 或 510万。")
    try:
        number = Decimal(s.replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the regex admits only valid decimals
        raise InputError(f"无法识别的金额:「{original.strip()}」。") from None
    # Exact arithmetic whatever the length typed: the default 28 digits would round
    # away a third decimal and make quantize() fail on long numbers.
    with localcontext() as ctx:
        ctx.prec = len(number.as_tuple().digits) + 20
        value = number * scale
        if value > MAX_YUAN:
            raise InputError(f"金额过大,请检查是否多输入了数字:「{original.strip()}」。")
        if value != value.quantize(CENT):
            raise InputError(f"金额最多保留两位小数(到分):「{original.strip()}」。")
        return value.quantize(CENT)


def try_parse_money(text: str, unit: str = "元") -> tuple[Decimal | None, str | None]:
    """Parse without raising: ``(value, None)`` or ``(None, chinese_message)``."""
    try:
        return parse_money(text, unit), None
    except InputError as exc:
        return None, exc.message


def to_wan(yuan: Decimal) -> Decimal:
    """元 → 万元, two places, round half up."""
    return (yuan / TEN_THOUSAND).quantize(CENT, rounding=ROUND_HALF_UP)


def format_yuan(yuan: Decimal | None, *, zero: str | None = None) -> str:
    """``5100000`` → ``5,100,000.00``; ``None`` → empty. ``zero`` replaces 0 if given."""
    if yuan is None:
        return ""
    q = yuan.quantize(CENT, rounding=ROUND_HALF_UP)
    if zero is not None and q == 0:
        return zero
    return f"{q:,.2f}"


def format_wan(yuan: Decimal | None, *, grouping: bool = True) -> str:
    """``7960000`` 元 → ``796.00`` (万元); thousands grouped unless ``grouping`` is off."""
    if yuan is None:
        return ""
    w = to_wan(yuan)
    return f"{w:,.2f}" if grouping else f"{w:.2f}"


def format_plain(yuan: Decimal | None) -> str:
    """Canonical storage text: ``5100000.00`` (no grouping), empty for ``None``."""
    if yuan is None:
        return ""
    return f"{yuan.quantize(CENT, rounding=ROUND_HALF_UP):.2f}"


def format_amount(yuan: Decimal | None, unit: str = "元") -> str:
    """Print an amount in a form's unit: ``5,100,000.00`` (元) or ``510.00`` (万元)."""
    return format_wan(yuan) if unit == "万元" else format_yuan(yuan)


def amount_text(yuan: Decimal | None, unit: str = "元") -> str:
    """An amount as the editor shows it in the form's unit, exactly (no rounding):
    ``14.1235`` 万元 for 141,235.00 元, at least two decimals."""
    if yuan is None:
        return ""
    if unit != "万元":
        return format_yuan(yuan)
    w = (yuan / TEN_THOUSAND).normalize()
    exponent = w.as_tuple().exponent
    places = max(2, -exponent if isinstance(exponent, int) else 2)
    return f"{w:,.{places}f}"
