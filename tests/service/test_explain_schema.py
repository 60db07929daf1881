"""/openapi.json documents the word-level explanation of explain=true."""

from fastapi.testclient import TestClient


def test_openapi_documents_word_level_explanations(client: TestClient) -> None:
    schemas = client.get("/openapi.json").json()["components"]["schemas"]
    contribution = schemas["Contribution"]
    assert set(contribution["properties"]) == {"text", "lemma", "pos", "span", "weight"}
    assert set(contribution["required"]) == {"text", "lemma", "pos", "span", "weight"}
    assert all(field.get("description") for field in contribution["properties"].values())
    explanation = schemas["PredictionOut"]["properties"]["explanation"]
    assert "content words" in explanation["description"]
