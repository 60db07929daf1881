"""Every error leaves the service as {"error": {"code", "message"}} with a 4xx status."""

import logging
import re
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from henno.model.errors import (
    FormFileError,
    HennoError,
    InvalidInputError,
    ModelCompatibilityError,
    ModelIntegrityError,
    ModelNotFoundError,
)
from henno.review.errors import ReviewStoreError

logger = logging.getLogger(__name__)


class ServiceError(HennoError):
    """An HTTP-level refusal with its own status and code."""

    def __init__(self, status: int, code: str, message: str):
        super().__init__(message)
        self.status = status
        self.code = code
        self.headers: dict[str, str] = {}


_FILE_STATUS = {"too_large": 413, "unsupported_format": 415}
_STATUS_BY_TYPE: list[tuple[type[HennoError], int]] = [
    (ReviewStoreError, 503),
    (InvalidInputError, 422),
    (ModelNotFoundError, 409),
    (ModelIntegrityError, 409),
    (ModelCompatibilityError, 409),
]
_HTTP_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
               405: "method_not_allowed", 406: "not_acceptable", 413: "payload_too_large",
               415: "unsupported_media_type"}


# The folders of an absolute path; a relative path (`version/model.joblib`) is left alone.
_ABSOLUTE_FOLDERS = re.compile(r"(?<![\w.])(?:/[^/\s'\"]+)+/")


def without_server_paths(message: str, models_dir: Path) -> str:
    """An error message as clients see it: paths relative to the models folder, other
    absolute paths cut to their last part (where the server keeps files is not theirs)."""
    for folder in {str(models_dir.resolve()), str(models_dir.absolute())}:
        message = message.replace(f"{folder}/", "").replace(folder, "the models folder")
    return _ABSOLUTE_FOLDERS.sub("", message)


def error_response(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=status)


def henno_error_response(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HennoError)
    if isinstance(exc, ServiceError):
        response = error_response(exc.status, exc.code, str(exc))
        response.headers.update(exc.headers)
        return response
    if isinstance(exc, FormFileError):
        return error_response(_FILE_STATUS.get(exc.code, 422), exc.code, str(exc))
    status = next((s for t, s in _STATUS_BY_TYPE if isinstance(exc, t)), 400)
    return error_response(status, exc.code, str(exc))


def _location(loc: tuple[object, ...]) -> str:
    return ".".join(str(part) for part in loc if part not in ("body", "query"))


def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = exc.errors()
    if any(error.get("type") == "json_invalid" for error in errors):
        return error_response(400, "invalid_json", "the request body is not valid JSON")
    first = errors[0] if errors else {"loc": (), "msg": "invalid request"}
    where = _location(tuple(first.get("loc", ())))
    # pydantic echoes the offending input in its errors; only the field and reason go out.
    message = f"{where}: {first.get('msg')}" if where else str(first.get("msg"))
    return error_response(422, "invalid_input", message)


def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code = _HTTP_CODES.get(exc.status_code, "http_error")
    detail = exc.detail if isinstance(exc.detail, str) else code.replace("_", " ")
    return error_response(exc.status_code, code, detail)


def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    # Only the exception's type reaches the log (JsonFormatter): its message could hold text.
    logger.error("unhandled error", exc_info=exc, extra={"route": request.url.path})
    return error_response(500, "internal_error", "internal error; the request was not processed")


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(HennoError, henno_error_response)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected)
