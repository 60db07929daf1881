"""Asking for HENNO_UI_TOKEN once per session."""

from typing import Annotated

from fastapi import APIRouter, Form
from fastapi.responses import Response

from henno.service.deps import token_matches
from henno.service.ui.pages import OpenPageDep, reviewer_name
from henno.service.ui.sessions import Session

router = APIRouter(include_in_schema=False)


def _safe_next(path: str) -> str:
    # Only a path on this site: never an open redirect to another host.
    return path if path.startswith("/") and not path.startswith("//") else "/"


@router.get("/login")
def login_form(page: OpenPageDep, next: str = "/") -> Response:
    return page.render("login.html", next=_safe_next(next))


@router.post("/login")
def login(page: OpenPageDep, token: Annotated[str, Form()] = "",
          reviewer: Annotated[str, Form()] = "", next: Annotated[str, Form()] = "/",
          csrf: Annotated[str, Form()] = "") -> Response:
    page.check_csrf(csrf)
    expected = page.ui.settings.ui_token
    name = reviewer_name(reviewer)
    if expected is not None and not token_matches(token, expected):
        return page.render("login.html", status=401, next=_safe_next(next),
                           message="トークンが違います")
    page.session = page.session.logged_in(name or page.session.reviewer)
    return page.redirect(_safe_next(next))


@router.post("/logout")
def logout(page: OpenPageDep, csrf: Annotated[str, Form()] = "") -> Response:
    page.check_csrf(csrf)
    page.session = Session()
    return page.redirect("/login" if page.ui.settings.ui_token else "/")
