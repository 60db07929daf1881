"""Logging in by user name and password, and out; the session lives in the database."""

from typing import Annotated

from fastapi import APIRouter, Form
from fastapi.responses import Response

from henno.accounts import LoginRefused
from henno.accounts.info import normal_name
from henno.service.ui.pages import LoginPageDep, Page, PageDep

router = APIRouter(include_in_schema=False)
REFUSED = ("利用者名またはパスワードが違います。続けて間違えると、しばらくログインできなくなります"
           "（その場合は時間をおいてから、または管理者にお問い合わせください）")
# Longer than any real name or password: refused without hashing megabytes of it.
_LONGEST_NAME, _LONGEST_PASSWORD = 64, 1024


def _safe_next(path: str) -> str:
    # Only a path on this site: never an open redirect to another host.
    return path if path.startswith("/") and not path.startswith(("//", "/\\")) else "/"


@router.get("/login")
def login_form(page: LoginPageDep, next: str = "/", logged_out: bool = False) -> Response:
    if page.session.principal is not None:  # logged in already, or no user exists at all
        return page.redirect(_safe_next(next))
    return page.render("login.html", next=_safe_next(next), logged_out=logged_out,
                       with_counts=False)


@router.post("/login")
def login(page: LoginPageDep, name: Annotated[str, Form()] = "",
          password: Annotated[str, Form()] = "", next: Annotated[str, Form()] = "/",
          csrf: Annotated[str, Form()] = "") -> Response:
    page.check_csrf(csrf)
    name = normal_name(name.strip())  # 佐藤　花子 as a Japanese IME types it
    try:
        if not name or len(name) > _LONGEST_NAME or len(password) > _LONGEST_PASSWORD:
            raise LoginRefused()
        session = page.access.accounts().login(name, password)
    except LoginRefused:
        return page.render("login.html", status=401, next=_safe_next(next), name=name[:64],
                           message=REFUSED, with_counts=False)
    response = page.redirect(_safe_next(next))
    page.cookies.drop_anonymous_csrf(response)  # it ends with the login
    page.cookies.attach_session(response, session.id)
    return response


@router.post("/logout")
def logout(page: PageDep, csrf: Annotated[str, Form()] = "") -> Response:
    page.check_csrf(csrf)
    _end_session(page)
    response = page.redirect("/login?logged_out=1")
    page.cookies.clear(response)
    return response


def _end_session(page: Page) -> None:
    if page.session.session_id is not None:
        page.access.accounts().logout(page.session.session_id)
