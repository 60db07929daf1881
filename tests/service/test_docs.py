"""/docs loads every file from henno itself: nothing from a CDN; there is no /redoc (its
bundle draws a logo from the vendor's CDN)."""

import re

import pytest
from fastapi.testclient import TestClient

PAGES = ["/docs"]


@pytest.mark.parametrize("path", PAGES)
def test_docs_pages_name_no_other_host(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert re.findall(r"(?:src|href)=\"([^\"]+)\"", response.text)
    assert not re.search(r"https?://|//[a-z]", response.text), response.text
    csp = response.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "connect-src 'self'" in csp


@pytest.mark.parametrize(("path", "media"), [
    ("/docs", "text/html"),
    ("/docs/assets/swagger-ui-bundle.js", "text/javascript"),
    ("/docs/assets/swagger-ui.css", "text/css"),
    ("/docs/assets/favicon.png", "image/png"),
])
def test_docs_assets_are_served_here(client: TestClient, path: str, media: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == media


@pytest.mark.parametrize("path", PAGES)
def test_every_file_a_docs_page_names_is_served(client: TestClient, path: str) -> None:
    for url in re.findall(r"(?:src|href)=\"([^\"]+)\"", client.get(path).text):
        assert client.get(url).status_code == 200, url


def test_docs_pages_stay_out_of_the_schema(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert not [path for path in paths if path.startswith(("/docs", "/redoc"))]


def test_a_missing_docs_asset_is_a_404(client: TestClient) -> None:
    response = client.get("/docs/assets/nothing.js")
    assert response.status_code == 404


def test_there_is_no_redoc_page(client: TestClient) -> None:
    assert client.get("/redoc").status_code == 404
