import pytest
from fastapi.testclient import TestClient

from henno.model.labels import LABEL_JA, LABELS
from henno.service.routes.classify import CHUNK_CHARS, in_pieces

PREDICTION_KEYS = {"label", "label_ja", "confidence", "scores", "needs_review", "model_version",
                   "reasons", "rule"}


def test_classify_one_text(client: TestClient) -> None:
    response = client.post("/v1/classify", json={"text": "来月引っ越すので返納します"})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == PREDICTION_KEYS
    assert body["label_ja"] == LABEL_JA[body["label"]]
    assert list(body["scores"]) == list(LABELS)
    assert sum(body["scores"].values()) == pytest.approx(1.0)
    assert response.headers["x-request-id"]


def test_classify_explains_with_words_of_the_text_and_signed_weights(client: TestClient) -> None:
    text = "転居のため返却します"
    response = client.post("/v1/classify?explain=true", json={"text": text})
    explanation = response.json()["explanation"]
    assert 0 < len(explanation) <= 10
    for item in explanation:
        assert set(item) == {"text", "lemma", "pos", "span", "weight"}
        assert text[item["span"][0] : item["span"][1]] == item["text"]
    assert {item["text"] for item in explanation} <= {"転居", "返却"}  # no の, ため, し, ます
    weights = [abs(item["weight"]) for item in explanation]
    assert weights == sorted(weights, reverse=True)


def test_batch_answers_in_input_order(client: TestClient) -> None:
    texts = ["転居のため返却します", "特になし", "転居のため返却します"]
    response = client.post("/v1/classify/batch", json={"texts": texts})
    body = response.json()
    assert response.status_code == 200
    assert len(body["results"]) == 3
    assert body["results"][0] == body["results"][2]
    single = client.post("/v1/classify", json={"text": "特になし"}).json()
    batch_one = body["results"][1]
    assert batch_one["label"] == single["label"]
    # Batch and single paths sum in different orders: equal to the last bits, not exactly.
    assert batch_one["scores"] == pytest.approx(single["scores"], abs=1e-12)
    assert body["model_version"] == single["model_version"]


@pytest.mark.parametrize(("path", "payload", "status", "code", "message"), [
    ("/v1/classify", {"text": ""}, 422, "invalid_input", "text: must not be empty"),
    ("/v1/classify", {"text": " \u3000\n"}, 422, "invalid_input", "text: must not be empty"),
    ("/v1/classify", {"text": "あ" * 5001}, 422, "invalid_input",
     "text: longer than 5000 characters"),
    ("/v1/classify", {"text": 12}, 422, "invalid_input", "text: Input should be a valid string"),
    ("/v1/classify", {}, 422, "invalid_input", "text: Field required"),
    ("/v1/classify", [], 422, "invalid_input",
     "Input should be a valid dictionary or object to extract fields from"),
    ("/v1/classify", {"text": "a", "extra": 1}, 422, "invalid_input",
     "extra: Extra inputs are not permitted"),
    ("/v1/classify/batch", {"texts": []}, 422, "invalid_input", "texts: must not be empty"),
    ("/v1/classify/batch", {"texts": ["転居"] * 1001}, 422, "invalid_input",
     "texts: at most 1000 texts per batch"),
    ("/v1/classify/batch", {"texts": ["転居", " "]}, 422, "invalid_input",
     "texts[1]: must not be empty"),
    ("/v1/classify/batch", {"texts": "転居"}, 422, "invalid_input",
     "texts: Input should be a valid list"),
    # Refused on the list's length before a thousand element errors are built.
    ("/v1/classify/batch", {"texts": [1] * 1001}, 422, "invalid_input",
     "texts: at most 1000 texts per batch"),
    ("/v1/classify/batch", {"texts": [1] * 1000}, 422, "invalid_input",
     "texts.0: Input should be a valid string"),
    ("/v1/classify/batch", {"texts": ["あ" * 5000] * 101}, 413, "payload_too_large",
     "texts: more than 500000 characters in all; send fewer or shorter texts"),
    ("/v1/classify/batch", {"texts": ["a"], **{f"k{i}": 1 for i in range(1000)}}, 422,
     "invalid_input", "k0: Extra inputs are not permitted"),
    ("/v1/classify", {"text": "a", **{f"k{i}": 1 for i in range(6000)}}, 422,
     "invalid_input", "the request body holds more JSON values than a request may"),
])
def test_bad_json_bodies_get_a_clear_4xx(client: TestClient, path: str, payload: object,
                                         status: int, code: str, message: str) -> None:
    response = client.post(path, json=payload)
    assert response.status_code == status
    assert response.json() == {"error": {"code": code, "message": message}}


@pytest.mark.parametrize(("path", "body"), [
    ("/v1/classify", b'{"text": "a"'),
    ("/v1/classify", b'{"text": ' + b"[" * 10_000 + b"]" * 10_000 + b"}"),
    ("/v1/classify/batch", b'{"texts": [' + b"9" * 5000 + b"]}"),
    ("/v1/classify/batch", b'{"texts": ["\xff"]}'),
])
def test_unreadable_json_is_a_400(client: TestClient, path: str, body: bytes) -> None:
    response = client.post(path, content=body, headers={"content-type": "application/json"})
    assert response.status_code == 400
    assert response.json()["error"] == {"code": "invalid_json",
                                        "message": "the request body is not valid JSON"}


def test_invalid_json_is_a_400(client: TestClient) -> None:
    response = client.post("/v1/classify", content=b'{"text": "a"',
                           headers={"content-type": "application/json"})
    assert response.status_code == 400
    assert response.json()["error"] == {"code": "invalid_json",
                                        "message": "the request body is not valid JSON"}


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", None])
def test_wrong_content_type_is_a_415(client: TestClient, content_type: str | None) -> None:
    headers = {"content-type": content_type} if content_type else {}
    response = client.post("/v1/classify", content=b'{"text": "a"}', headers=headers)
    assert response.status_code == 415
    assert response.json()["error"]["code"] == "unsupported_media_type"


@pytest.mark.parametrize(("method", "path", "status", "code"), [
    ("get", "/v1/classify", 405, "method_not_allowed"),
    ("get", "/v1/nothing", 404, "not_found"),
])
def test_unknown_routes_keep_the_error_shape(client: TestClient, method: str, path: str,
                                             status: int, code: str) -> None:
    response = client.request(method, path)
    assert response.status_code == status
    assert response.json()["error"]["code"] == code


def test_explain_a_text_without_known_features(client: TestClient) -> None:
    response = client.post("/v1/classify?explain=true", json={"text": "+"})
    assert response.status_code == 200
    assert response.json()["explanation"] == []


@pytest.mark.parametrize(("lengths", "pieces"), [
    ([10, 20, 30], [[10, 20, 30]]),
    ([CHUNK_CHARS, 1], [[CHUNK_CHARS], [1]]),
    ([CHUNK_CHARS - 1, 1, 1], [[CHUNK_CHARS - 1, 1], [1]]),
    ([CHUNK_CHARS + 5, 3], [[CHUNK_CHARS + 5], [3]]),
    ([], []),
])
def test_a_large_batch_is_predicted_in_pieces(lengths: list[int], pieces: list[list[int]],
                                              ) -> None:
    texts = ["あ" * n for n in lengths]
    assert [[len(t) for t in piece] for piece in in_pieces(texts)] == pieces


def test_a_batch_in_pieces_answers_as_one(client: TestClient) -> None:
    texts = ["転勤で引っ越します。" * 500, "ニュースを見て不安です。" * 400] * 3
    batch = client.post("/v1/classify/batch", json={"texts": texts}).json()["results"]
    singles = [client.post("/v1/classify", json={"text": t}).json() for t in texts[:2]]
    assert [r["label"] for r in batch] == [s["label"] for s in singles] * 3
    for result, single in zip(batch, singles * 3, strict=True):
        assert result["scores"] == pytest.approx(single["scores"], abs=1e-9)
