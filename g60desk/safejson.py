"""The one JSON reader for every file the program reads (database, backups, bundles,
lock, preferences, trash).

Whatever the bytes, :func:`loads` returns parsed JSON or raises one
:class:`JsonProblem` whose ``kind`` says what is wrong and whose ``message`` (Chinese)
says where. It bounds nesting depth and number size, and turns every fraction
into an exact ``Decimal`` (``0.1`` stays ``0.1``):

- ``empty``: no bytes, or only blanks and zero bytes;
- ``truncated``: the text stops early (cut in the middle of a character or a
  value, or a zeroed tail: the power-loss pattern of NTFS and USB sticks);
- ``encoding``: not UTF-8 (e.g. rewritten in GBK);
- ``not-json``: a syntax error inside the text;
- ``too-deep``: nested deeper than ``max_depth``;
- ``bad-number``: a number no file of ours holds (``1e400``, more than 40 digits,
  an exponent in the billions, ``NaN``/``Infinity``).
"""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from typing import Any

from g60desk.domain.errors import UserError

MAX_DEPTH = 64
MAX_INT_DIGITS = 40
MAX_NUMBER_CHARS = 60
# Decimal exponents beyond this do not fit a float either; no amount comes near.
MAX_EXPONENT = 300

KINDS = ("empty", "truncated", "encoding", "not-json", "too-deep", "bad-number")

# json's English messages, as users read them.
_JSON_MESSAGES = (
    ("Expecting value", "缺少内容"), ("Unterminated string", "文字没有结束"),
    ("Extra data", "结尾有多余内容"), ("Expecting ',' delimiter", "缺少逗号"),
    ("Expecting ':' delimiter", "缺少冒号"), ("Expecting property name", "缺少字段名"),
    ("Invalid control character", "含有无效的控制字符"), ("Invalid \\escape", "含有无效的转义"),
)


class JsonProblem(UserError):
    """Bytes that are not usable JSON; ``kind`` is one of :data:`KINDS`."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


class _BadNumber(Exception):
    def __init__(self, literal: str) -> None:
        super().__init__(literal)
        self.literal = literal


def _shown(literal: str) -> str:
    return literal if len(literal) <= 24 else literal[:20] + "…"


def _int(literal: str) -> int:
    if len(literal.lstrip("-")) > MAX_INT_DIGITS:
        raise _BadNumber(literal)
    return int(literal)


def _decimal(literal: str) -> Decimal:
    if len(literal) > MAX_NUMBER_CHARS:
        raise _BadNumber(literal)
    try:
        value = Decimal(literal)
    except (InvalidOperation, ValueError):
        raise _BadNumber(literal) from None
    if not value.is_finite() or abs(value.adjusted()) > MAX_EXPONENT:
        raise _BadNumber(literal)
    return value


def _constant(literal: str) -> Any:
    raise _BadNumber(literal)


def _depth_exceeds(obj: Any, limit: int) -> bool:
    stack: list[tuple[Any, int]] = [(obj, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > limit:
            return True
        stack.extend((c, depth + 1) for c in children if isinstance(c, (dict, list)))
    return False


def _syntax_problem(text: str, exc: json.JSONDecodeError) -> JsonProblem:
    problem = next((zh for en, zh in _JSON_MESSAGES if exc.msg.startswith(en)), "格式错误")
    stripped = text.rstrip()
    # An error at the very end of text that starts like an object or list: the tail is missing.
    at_end = exc.pos >= len(stripped) - 1 or exc.msg.startswith("Unterminated string")
    truncated = stripped[:1] in ("{", "[") and at_end and exc.msg != "Extra data"
    return JsonProblem("truncated" if truncated else "not-json",
                       f"第 {exc.lineno} 行第 {exc.colno} 列{problem}")


def decode_text(raw: bytes) -> str:
    """UTF-8 text of file bytes (a BOM is dropped); :class:`JsonProblem` otherwise."""
    if not raw.strip(b" \t\r\n\x00"):
        detail = "文件长度为 0" if not raw else f"文件只有 {len(raw)} 个空白或零字节"
        raise JsonProblem("empty", detail)
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    body = raw.rstrip(b"\x00")
    if len(body) < len(raw) and b"\x00" not in body and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        # A run of zero bytes at the end: the file was cut off when power was lost.
        raise JsonProblem("truncated", f"文件末尾有 {len(raw) - len(body)} 个零字节,"
                                       f"第 {len(body)} 字节之后的内容已丢失")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data" or exc.end >= len(raw):
            raise JsonProblem("truncated", f"文件在第 {exc.start} 字节处的一个字中间被截断") from None
        raise JsonProblem("encoding", f"第 {exc.start} 字节处不是 UTF-8 编码") from None


def loads(data: bytes | str, *, max_depth: int = MAX_DEPTH) -> Any:
    """Parse file bytes (or text); see the module docstring for what is refused."""
    text = decode_text(data) if isinstance(data, bytes) else data
    if not text.strip():
        raise JsonProblem("empty", "文件没有内容")
    try:
        obj = json.loads(text, parse_float=_decimal, parse_int=_int, parse_constant=_constant)
    except _BadNumber as exc:
        raise JsonProblem("bad-number", f"含有无法使用的数字“{_shown(exc.literal)}”") from None
    except json.JSONDecodeError as exc:
        raise _syntax_problem(text, exc) from None
    except RecursionError:
        raise JsonProblem("too-deep", f"嵌套层次过深(超过 {max_depth} 层)") from None
    if _depth_exceeds(obj, max_depth):
        raise JsonProblem("too-deep", f"嵌套层次过深(超过 {max_depth} 层)")
    return obj


def number_default(value: Any) -> Any:
    """``json.dumps(default=...)`` for data this reader produced: Decimal → float."""
    if isinstance(value, Decimal):
        return float(value)
    raise TypeError(f"{type(value).__name__} is not JSON serializable")
