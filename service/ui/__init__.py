"""The clerks' web page, served by the same app: classify, label files, review, model."""

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from henno.service.ui import (
    admin_page,
    auth_page,
    classify_page,
    files_page,
    job_downloads,
    model_page,
    review_page,
)
from henno.service.ui.errors import API_PATHS, install_page_errors, too_large_page, wrong_host_page
from henno.service.ui.state import UiState

STATIC = Path(__file__).parent / "static"
UPLOAD_PATH = "/files"


def install_ui(app: FastAPI, ui: UiState) -> None:
    app.state.ui = ui
    for module in (classify_page, files_page, job_downloads, review_page, model_page,
                   admin_page, auth_page):
        app.include_router(module.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    install_page_errors(app)


__all__ = ["API_PATHS", "UPLOAD_PATH", "UiState", "install_ui", "too_large_page",
           "wrong_host_page"]
