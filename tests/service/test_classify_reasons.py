"""Every prediction the API answers carries all the text's reasons and the rule that chose
its label: one text (through the micro-batcher), a batch, and with explain=true."""

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.several_reasons import several_reasons

__all__ = ["several_reasons"]

TEXT = "来月引っ越す予定だし、不祥事にもうんざりしたので"
REASONS = [
    {"label": "relocation", "label_ja": "転居", "spans": [[2, 5]], "denied": False,
     "main": False},
    {"label": "scandal", "label_ja": "相次ぐ不祥事", "spans": [[11, 14]], "denied": False,
     "main": False},
]


def _without_scores(reasons: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{key: value for key, value in r.items() if key != "score"} for r in reasons]


@pytest.mark.usefixtures("several_reasons")
@pytest.mark.parametrize("path", ["/v1/classify", "/v1/classify?explain=true"])
def test_one_text_answers_every_reason_and_the_rule(client: TestClient, path: str) -> None:
    body = client.post(path, json={"text": TEXT}).json()
    assert _without_scores(body["reasons"]) == REASONS
    assert (body["label"], body["rule"]) == ("relocation", "priority")
    assert [r["score"] for r in body["reasons"]] == [
        body["scores"]["relocation"], body["scores"]["scandal"]]


@pytest.mark.usefixtures("several_reasons")
def test_batch_answers_every_reason_and_the_rule(client: TestClient) -> None:
    texts = [TEXT, "一番の理由は不祥事です。転勤もあります", "引っ越しではなく、不祥事です"]
    results = client.post("/v1/classify/batch", json={"texts": texts}).json()["results"]
    assert [(r["label"], r["rule"]) for r in results] == [
        ("relocation", "priority"), ("scandal", "main_reason"), ("scandal", "single")]
    assert [[(x["label"], x["denied"], x["main"]) for x in r["reasons"]] for r in results] == [
        [("relocation", False, False), ("scandal", False, False)],
        [("scandal", False, True), ("relocation", False, False)],
        [("relocation", True, False), ("scandal", False, False)]]


def test_today_s_model_answers_the_whole_text_as_its_one_reason(client: TestClient) -> None:
    text = "特になし"
    body = client.post("/v1/classify", json={"text": text}).json()
    assert body["rule"] == "single"
    assert body["reasons"] == [{"label": body["label"], "label_ja": body["label_ja"],
                                "score": body["confidence"], "spans": [[0, len(text)]],
                                "denied": False, "main": False}]


def test_the_schema_documents_reasons_and_rule(client: TestClient) -> None:
    schemas = client.get("/openapi.json").json()["components"]["schemas"]
    prediction = schemas["PredictionOut"]
    assert {"reasons", "rule"} <= set(prediction["required"])
    reasons = prediction["properties"]["reasons"]["items"]
    assert reasons == {"$ref": "#/components/schemas/ReasonOut"}
    assert prediction["properties"]["rule"]["enum"] == ["single", "main_reason", "priority"]
    assert set(schemas["ReasonOut"]["required"]) == {"label", "label_ja", "score", "spans",
                                                     "denied", "main"}
