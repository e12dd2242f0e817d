"""Bundle keys of the year around the declaration (docs/bundle-format.md), both versions."""

from __future__ import annotations

import json
from decimal import Decimal as D
from typing import Any

import pytest

from g60desk.exchange.bundle import BundleError, dumps, loads
from tests.cycle_samples import full_year
from tests.factories import ROOT


def test_round_trip_keeps_the_year() -> None:
    d = full_year()
    assert loads(dumps(d)) == d


def test_keys_as_documented() -> None:
    doc = json.loads(dumps(full_year()))["declaration"]
    p = doc["projects"][0]
    assert doc["approved"] == "2022-03-15"
    assert set(p["evaluation"]) == {"budget_initial", "budget_full_year", "executed",
                                    "execution_weight", "achieved"}
    assert p["evaluation"]["executed"] == "215457.60"
    assert {"month", "budget_adjusted", "executed_to_date", "forecast"} <= set(p["monitoring"])
    ind = p["indicators"][9]
    assert set(ind["progress"]) == {"current", "likelihood", "cause", "measures"}
    assert ind["actual"] == "基本完成" and ind["score"] == "2.50" and ind["deviation"]
    assert p["indicators"][1]["weight"] == "6.00"
    assert "score" not in p["indicators"][0]          # only where the clerk sets it
    # a project without the year's data writes none of its keys
    assert not {"monitoring", "evaluation", "adjustments"} & set(doc["projects"][1])
    assert "progress" not in doc["projects"][1]["indicators"][0]


def _v1(project_extra: dict[str, Any], indicator_extra: dict[str, Any]) -> str:
    doc = json.loads((ROOT / "tests" / "fixtures" / "bundles" /
                      "songjiang-g60-2022-v1.json").read_text(encoding="utf-8"))
    assert doc["version"] == 1
    p = doc["declaration"]["projects"][0]
    p.update(project_extra)
    p["indicators"][0].update(indicator_extra)
    return json.dumps(doc, ensure_ascii=False)


def test_version_1_bundle_carrying_the_keys_is_read() -> None:
    text = _v1({"evaluation": {"budget_full_year": "25万", "executed": 215457.6,
                               "execution_weight": 10},
                "monitoring": {"month": "7", "executed_to_date": "100000"}},
               {"actual": "3堂", "weight": 5, "score": "4.5", "deviation": "x",
                "progress": {"current": "2堂", "likelihood": "有可能", "cause": "场地",
                             "measures": "改期"}})
    p = loads(text).projects[0]
    assert p.evaluation is not None and p.evaluation.budget_full_year == D("250000.00")
    assert p.evaluation.executed == D("215457.60") and p.evaluation.execution_weight == D(10)
    assert p.monitoring is not None and p.monitoring.month == 7
    ind = p.indicators[0]
    assert (ind.result.actual, ind.result.weight, ind.result.score) == ("3堂", D(5), D("4.5"))
    assert ind.progress.cause.text == "场地" and ind.progress.likelihood == "有可能"


@pytest.mark.parametrize(("project", "indicator", "message"), [
    ({"evaluation": []}, {}, "evaluation:类型不对"),
    ({"evaluation": {"executed": "很多"}}, {}, "evaluation.executed"),
    ({"monitoring": {"month": "六月"}}, {}, "monitoring.month"),
    ({}, {"weight": "十"}, "indicators[0].weight:“十”不是数字"),
    ({}, {"score": True}, "indicators[0].score"),
    ({}, {"progress": "有可能"}, "indicators[0].progress"),
    ({"adjustments": [{"changes": "x"}]}, {}, "adjustments[0].changes"),
])
def test_bad_values_are_refused_in_chinese(project: dict[str, Any], indicator: dict[str, Any],
                                           message: str) -> None:
    with pytest.raises(BundleError) as exc:
        loads(_v1(project, indicator))
    assert message in exc.value.message
