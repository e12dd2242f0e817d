"""Fuzz (hypothesis): random bytes and random JSON into every reader of the program's files
find no uncaught exception. Each reader either returns or raises its own Chinese
:class:`~g60desk.domain.errors.UserError`; the database opens in every case."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from g60desk import paths, safejson
from g60desk.domain.errors import UserError
from g60desk.exchange.bundle import read_bundle
from g60desk.exchange.trashfile import TrashFile
from g60desk.formspec import load_templates
from g60desk.formspec.review import load_review
from g60desk.services.preferences import Preferences, PreferencesFile
from g60desk.storage import DB_NAME, open_database
from g60desk.storage.errors import NewerSchemaError
from g60desk.storage.lock import LOCK_NAME, parse_holder

# G60DESK_FUZZ_EXAMPLES=5000 for a long run; the default keeps the test run short.
FUZZ = settings(max_examples=int(os.environ.get("G60DESK_FUZZ_EXAMPLES", "120")), deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

NUMBER_LITERALS = st.sampled_from([
    "1e9999999999999999999", "1e400", "-1e400", "1e-400", "9" * 5000, "NaN", "Infinity",
    "-0", "0.1", "1E+30", "123456789012345678901234567890123456789012345",
])

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False)
    | st.text(max_size=20),
    lambda children: st.lists(children, max_size=5)
    | st.dictionaries(st.text(max_size=10), children, max_size=5),
    max_leaves=30)


@st.composite
def json_texts(draw: st.DrawFn) -> bytes:
    """JSON text, sometimes with a number literal no encoder would write spliced in."""
    text = json.dumps(draw(json_values), ensure_ascii=draw(st.booleans()))
    if draw(st.booleans()):
        literal = draw(NUMBER_LITERALS)
        at = draw(st.integers(0, len(text)))
        text = text[:at] + literal + text[at:]
    return text.encode("utf-8", "surrogatepass")


@st.composite
def mutated(draw: st.DrawFn, base: Any) -> bytes:
    """``base`` with one subtree replaced by random JSON."""
    doc = json.loads(json.dumps(base))
    node = doc
    while isinstance(node, (dict, list)) and node and draw(st.integers(0, 3)):
        keys = list(node) if isinstance(node, dict) else list(range(len(node)))
        key = draw(st.sampled_from(keys))
        child = node[key]
        if not isinstance(child, (dict, list)) or draw(st.booleans()):
            node[key] = draw(json_values)
            break
        node = child
    return json.dumps(doc, ensure_ascii=False).encode("utf-8", "surrogatepass")


SAMPLE = json.loads(paths.sample_bundle().read_text(encoding="utf-8"))
# Bytes: random, random JSON, or a valid file mutated or cut off.
any_bytes = st.one_of(st.binary(max_size=400), json_texts(),
                      mutated(SAMPLE), mutated(SAMPLE).map(lambda b: b[: len(b) // 2]))


@contextmanager
def folder() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="g60desk-fuzz-") as tmp:
        yield Path(tmp)


def only_user_errors(fn: Callable[[], object]) -> None:
    try:
        fn()
    except UserError as exc:
        assert exc.message.strip()


@FUZZ
@given(any_bytes)
def test_safe_json_reader(raw: bytes) -> None:
    only_user_errors(lambda: safejson.loads(raw))


@FUZZ
@given(any_bytes)
def test_bundle_reader(raw: bytes) -> None:
    with folder() as tmp:
        path = tmp / "bundle.json"
        path.write_bytes(raw)
        only_user_errors(lambda: read_bundle(path))


DB_SAMPLE = {"meta": {"1": {"format": "g60desk-db", "schema": 1}},
             "declarations": {SAMPLE["declaration"]["id"]: SAMPLE["declaration"]}}


@FUZZ
@given(st.one_of(any_bytes, mutated(DB_SAMPLE),
                 mutated({"_default": {"1": SAMPLE["declaration"]}})))
def test_database_always_opens(raw: bytes) -> None:
    with folder() as tmp:
        (tmp / DB_NAME).write_bytes(raw)
        try:
            db, report = open_database(tmp)
        except NewerSchemaError as exc:
            # A mutation that claims a newer schema: refused with a message, untouched.
            assert exc.message.strip()
            assert (tmp / DB_NAME).read_bytes() == raw
            return
        try:
            for info in db.list():
                only_user_errors(lambda i=info: db.get(i.id))  # type: ignore[misc]
        finally:
            db.close()
        if report.damage is not None:
            assert Path(report.damage.moved_to).read_bytes() == raw


@FUZZ
@given(any_bytes)
def test_lock_file(raw: bytes) -> None:
    parse_holder(raw.decode("utf-8", "replace"))
    with folder() as tmp:
        (tmp / LOCK_NAME).write_bytes(raw)
        db, _ = open_database(tmp)
        db.close()


@FUZZ
@given(any_bytes)
def test_preferences(raw: bytes) -> None:
    with folder() as tmp:
        (tmp / "preferences.json").write_bytes(raw)
        prefs = PreferencesFile(tmp).load()
        assert isinstance(prefs, Preferences)


@FUZZ
@given(any_bytes)
def test_trash_file(raw: bytes) -> None:
    with folder() as tmp:
        (tmp / "trash.json").write_bytes(raw)
        only_user_errors(lambda: TrashFile(tmp / "trash.json").load())


TEMPLATE_TEXT = (paths.forms_dir() / "shanghai-2022.toml").read_bytes()


@st.composite
def toml_bytes(draw: st.DrawFn) -> bytes:
    """A template with a random slice replaced by random bytes, or random bytes."""
    if draw(st.booleans()):
        return draw(st.binary(max_size=300))
    start = draw(st.integers(0, len(TEMPLATE_TEXT)))
    end = draw(st.integers(start, min(len(TEMPLATE_TEXT), start + 80)))
    return TEMPLATE_TEXT[:start] + draw(st.binary(max_size=40)) + TEMPLATE_TEXT[end:]


@FUZZ
@given(toml_bytes())
def test_templates_and_review_rules(raw: bytes) -> None:
    with folder() as tmp:
        (tmp / "form.toml").write_bytes(raw)
        only_user_errors(lambda: load_templates(tmp))
        only_user_errors(lambda: load_review(tmp / "form.toml"))
