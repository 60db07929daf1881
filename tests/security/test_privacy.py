"""Personal data sent through every endpoint and the CLI never reaches logs, error bodies,
metrics or a saved model's vocabulary. All personal data here is fictional."""

import logging
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from henno.cli.main import main
from henno.model.classifier import Classifier
from henno.training.train import train_model
from tests.conftest import TRAIN_CSV, read_rows, write_rows
from tests.fictional import NUMBER, PHONE, POSTAL, leaks, logged_text, reason_with, secrets_of

NAME, MAIL = "架空野次郎", "jiro.kakuno@example.invalid"
SECRETS = secrets_of(NAME, MAIL)
TEXT = reason_with(NAME, MAIL, "引っ越しのため返します")


def _leaks(blob: str) -> list[str]:
    return leaks(blob, SECRETS)


def test_no_endpoint_logs_or_echoes_personal_data(client: TestClient,
                                                  caplog: pytest.LogCaptureFixture) -> None:
    bodies = []
    with caplog.at_level(logging.DEBUG):
        calls = [
            ("post", "/v1/classify", {"json": {"text": TEXT}}),
            ("post", "/v1/classify?explain=true", {"json": {"text": TEXT}}),
            ("post", "/v1/classify", {"json": {"text": TEXT * 200}}),  # too long: 422
            ("post", "/v1/classify", {"json": {"text": TEXT, "extra": TEXT}}),  # 422
            ("post", "/v1/classify", {"json": {"text": [TEXT]}}),  # wrong type: 422
            ("post", "/v1/classify/batch", {"json": {"texts": [TEXT, " "]}}),  # 422
            ("post", "/v1/classify/batch", {"json": {"texts": [TEXT]}}),
            ("post", "/v1/label-file", {"files": {"file": ("f.csv", f"理由\n{TEXT}\n".encode())}}),
            ("post", "/v1/label-file", {"files": {"file": ("f.csv", f"{TEXT},x\n1,2\n".encode())}}),
            ("post", "/v1/label-file", {"files": {"file": ("f.csv", b"\xff\xfe" + TEXT.encode())}}),
        ]
        for method, path, kwargs in calls:
            response = client.request(method, path, **kwargs)  # type: ignore[arg-type]
            if response.status_code >= 400:
                bodies.append(response.text)
    logged = logged_text(caplog.records)
    assert _leaks(logged) == []
    assert bodies and all(_leaks(body) == [] for body in bodies), bodies
    assert _leaks(client.get("/metrics").text) == []



def test_cli_errors_and_logs_hold_no_personal_data(tmp_path: Path, cli_models: Path,
                                                   capsys: pytest.CaptureFixture[str],
                                                   caplog: pytest.LogCaptureFixture) -> None:
    no_header = tmp_path / "no_header.csv"
    no_header.write_text(f"{TEXT},2023-06-01\n", encoding="utf-8")
    bad_labels = write_rows(tmp_path / "bad.csv", [(TEXT, "moving")])
    with caplog.at_level(logging.DEBUG):
        assert main(["label", str(no_header), "--quiet"]) == 2
        assert main(["train", "--data", str(bad_labels)]) == 2
        assert main(["evaluate", "--data", str(bad_labels)]) == 2
    out, err = capsys.readouterr()
    assert _leaks(out + err) == [], err
    assert _leaks("\n".join(r.getMessage() for r in caplog.records)) == []


# Placeholder names unidic knows as person names (固有名詞・人名); fictional here.
KNOWN_NAMES = ["山田太郎", "佐藤花子", "鈴木一郎", "高橋美咲"]


def test_saved_model_vocabulary_holds_no_personal_data_of_the_training_rows(
        tmp_path: Path) -> None:
    rows = read_rows(TRAIN_CSV)[:400]
    data = [(f"{KNOWN_NAMES[i % 4]}です。{text} 連絡先 {PHONE} {MAIL} {POSTAL} 番号 {NUMBER}",
             label) for i, (text, label) in enumerate(rows)]
    train = write_rows(tmp_path / "train.csv", data)
    result = train_model(train, train, tmp_path / "models", n_jobs=1)
    features = Classifier.load(result.path).pipeline.named_steps["features"]
    vocabulary = "\n".join(gram for _, vectorizer in features.transformer_list
                           for gram in vectorizer.vocabulary_)
    for secret in (PHONE, "0000-4321", "4321", NUMBER, "1111", "2222", "jiro", "kakuno",
                   "example", "100-0000", "山田", "太郎", "佐藤", "花子", "鈴木", "一郎",
                   "高橋", "美咲", "ヤマダ", "タロウ", "サトウ", "ハナコ"):
        assert secret not in vocabulary, secret
    assert any(ch.isdigit() and ch != "0" for ch in vocabulary) is False

