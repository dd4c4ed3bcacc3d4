"""/docs: the interactive API documentation (Swagger UI) served from this server alone. The
Swagger UI files come from the installed `fastapi-offline` package (mounted at /docs/static);
the page starts it from a script file of our own (/static/api-docs.js), so the page needs no
CDN, no inline script and no inline style, and runs under the site's Content-Security-Policy."""

from importlib.resources import files

from fastapi import APIRouter, FastAPI
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

DOCS_URL = "/docs"
SWAGGER_UI_DIR = files("fastapi_offline") / "static"  # swagger-ui-bundle.js, swagger-ui.css

PAGE = f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>legalqa API · Swagger UI</title>
<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="{DOCS_URL}/static/swagger-ui.css">
<script src="{DOCS_URL}/static/swagger-ui-bundle.js" defer></script>
<script src="/static/api-docs.js" defer></script>
</head>
<body>
<div id="swagger-ui" data-openapi-url="/openapi.json"></div>
<noscript>The interactive documentation needs JavaScript; the schema itself is at <a href="/openapi.json">/openapi.json</a>.</noscript>
</body>
</html>
"""

router = APIRouter(include_in_schema=False)


@router.get(DOCS_URL, response_class=HTMLResponse)
def docs_page() -> str:
    return PAGE


def mount(app: FastAPI) -> None:
    app.mount(f"{DOCS_URL}/static", StaticFiles(directory=str(SWAGGER_UI_DIR)), name="swagger-ui")
    app.include_router(router)
