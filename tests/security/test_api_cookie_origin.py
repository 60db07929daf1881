"""The API signed in by the page's cookie answers only calls from henno's own pages: a sibling
host of the same site (SameSite=Strict does not stop it) cannot post with a clerk's cookie."""

import pytest

from tests.security.door import CLERK, Door, door

__all__ = ["door"]  # the fixture
API_POSTS = [("/v1/classify", {"json": {"text": "引っ越しのため"}}),
             ("/v1/classify/batch", {"json": {"texts": ["引っ越しのため"]}}),
             ("/v1/label-file", {"files": {"file": ("forms.csv", "理由\n転居のため\n".encode())}})]
REFUSED = {"error": {"code": "cross_site",
                     "message": "an API request signed in by the page's cookie must come from "
                                "henno's own pages (Origin); programs send an API key"}}


@pytest.mark.parametrize(("path", "body"), API_POSTS, ids=[path for path, _ in API_POSTS])
@pytest.mark.parametrize("origin", ["https://other.city.example", "null", None])
def test_a_cookie_from_elsewhere_is_refused(door: Door, path: str, body: dict[str, object],
                                            origin: str | None) -> None:
    door.log_in(CLERK)
    headers = {} if origin is None else {"origin": origin}
    response = door.client.post(path, headers=headers, **body)  # type: ignore[arg-type]
    assert (response.status_code, response.json()) == (403, REFUSED)


@pytest.mark.parametrize(("path", "body"), API_POSTS, ids=[path for path, _ in API_POSTS])
def test_henno_s_own_pages_and_keys_are_answered(door: Door, path: str,
                                                 body: dict[str, object]) -> None:
    door.log_in(CLERK)
    own = door.client.post(path, headers={"origin": "http://127.0.0.1"},
                           **body)  # type: ignore[arg-type]
    assert own.status_code == 200, own.text
    door.log_out_of_the_client()
    keyed = door.client.post(path, headers=door.as_clerk_key(), **body)  # type: ignore[arg-type]
    assert keyed.status_code == 200, keyed.text


def test_reading_with_the_cookie_needs_no_origin(door: Door) -> None:
    door.log_in(CLERK)
    assert door.client.get("/v1/labels").status_code == 200
