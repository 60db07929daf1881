"""/docs (Swagger UI) from henno itself, for closed networks with no CDN. There is no
/redoc: ReDoc's bundle draws its logo from the vendor's CDN, which a closed network lacks.

The JavaScript, CSS and icon are the files the fastapi-offline package ships (MIT)."""

from importlib.resources import files
from pathlib import Path

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles

from henno.service.deps import ClerkOnly

ASSETS_PATH = "/docs/assets"
ASSETS = Path(str(files("fastapi_offline") / "static"))
# The pages' own inline script starts the viewer; everything else comes from this origin,
# so a page that reached for another host would fail here before it failed on a closed network.
DOCS_CSP = ("default-src 'none'; script-src 'self' 'unsafe-inline'; "
            "style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; "
            "worker-src 'self' blob:; frame-ancestors 'none'; base-uri 'none'")


def _secured(page: HTMLResponse) -> HTMLResponse:
    page.headers["content-security-policy"] = DOCS_CSP
    page.headers["x-content-type-options"] = "nosniff"
    return page


def install_docs(app: FastAPI, openapi_url: str = "/openapi.json") -> None:
    """Serve /docs and the schema (to clerks and admins, as every API route) with the docs'
    assets under /docs/assets (not in the schema)."""
    app.mount(ASSETS_PATH, StaticFiles(directory=ASSETS), name="docs-assets")
    title = f"{app.title} API"

    @app.get(openapi_url, include_in_schema=False, dependencies=[ClerkOnly])
    async def openapi_schema() -> JSONResponse:
        return JSONResponse(app.openapi())

    @app.get("/docs", include_in_schema=False, dependencies=[ClerkOnly])
    async def swagger_ui() -> HTMLResponse:
        return _secured(get_swagger_ui_html(
            openapi_url=openapi_url, title=title,
            swagger_js_url=f"{ASSETS_PATH}/swagger-ui-bundle.js",
            swagger_css_url=f"{ASSETS_PATH}/swagger-ui.css",
            swagger_favicon_url=f"{ASSETS_PATH}/favicon.png",
            # Swagger UI would send the schema to an outside validator for its badge.
            swagger_ui_parameters={"validatorUrl": None}))
