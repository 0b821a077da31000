"""The explorer's web app: Starlette routes over an `Explorer`, HTML from autoescaped Jinja2 templates.

Everything shown comes from the Hub, so everything is treated as hostile text: templates escape by
default (and nothing is marked safe but our own JSON, escaped for `<script>`), the page's script
writes data with `textContent` only, and a Content-Security-Policy allows scripts from this server
alone (no inline script, no eval: Vega runs with its expression interpreter), so a model name that
holds markup shows as text and runs nothing even if an escape were missed.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlencode

import jinja2
import markupsafe
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from hubcensus import __version__
from hubcensus.errors import UserError
from hubcensus.metrics.facts import (
    CHAPTER_SHORT_TITLES,
    CHAPTERS,
    DERIVATIVE_COUNTS,
    DERIVATIVE_MEANING,
    DERIVATIVE_SHORT,
)
from hubcensus.output import jsonable
from hubcensus.serve.explorer import Explorer, find_metric
from hubcensus.serve.filters import PARAMS

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
    "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)  # Vega sets inline styles on the elements it draws; no script is inline.
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]


def dumps(value: Any) -> str:
    return json.dumps(jsonable(value), ensure_ascii=False, allow_nan=False)


def script_json(value: Any) -> str:
    """JSON that is safe inside <script>: no `<`, `>`, `&` or line separators left to end or confuse it."""
    text = dumps(value)
    for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(ch, esc)
    return text


class Json(JSONResponse):
    def render(self, content: Any) -> bytes:
        return dumps(content).encode("utf-8")


class SecurityHeaders:
    """Adds the CSP and friends to every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = list(message.get("headers", [])) + SECURITY_HEADERS
            await send(message)

        await self.app(scope, receive, send_with_headers)


class HostCheck:
    """Answers only requests addressed to the host it serves on: a page elsewhere that rebinds its
    DNS name to 127.0.0.1 cannot read the explorer."""

    def __init__(self, app: ASGIApp, allowed: set[str] | None) -> None:
        self.app, self.allowed = app, allowed

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and self.allowed is not None:
            host = dict(scope["headers"]).get(b"host", b"").decode("latin-1")
            name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
            if name.strip("[]") not in self.allowed:
                await plain_response("invalid Host header", 400)(scope, receive, send)
                return
        await self.app(scope, receive, send)


def plain_response(text: str, status: int) -> Response:
    return Response(text + "\n", status_code=status, media_type="text/plain; charset=utf-8")


def _templates() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("hubcensus.serve", "templates"),
        autoescape=True,  # every template, whatever its name
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["num"] = _num
    env.filters["pct"] = lambda v: "–" if v is None else f"{v:.1%}"
    env.filters["params"] = _params
    env.filters["day"] = lambda v: "–" if v is None else str(v)[:10]
    env.filters["snapshot"] = lambda sid: f"{sid // 10000:04d}-{sid // 100 % 100:02d}-{sid % 100:02d}"
    env.filters["script_json"] = lambda v: markupsafe.Markup(script_json(v))
    env.filters["pretty"] = lambda v: json.dumps(jsonable(v), indent=2, ensure_ascii=False)  # text: autoescaped
    env.globals["version"] = __version__
    env.globals["deriv"] = DERIVATIVE_COUNTS  # the same label for the same count as the report's
    env.globals["deriv_short"] = DERIVATIVE_SHORT
    env.globals["deriv_meaning"] = DERIVATIVE_MEANING
    return env


def _num(v: Any) -> str:
    if v is None:
        return "–"
    if isinstance(v, float) and not v.is_integer():
        return f"{v:,.2f}"
    return f"{int(v):,}"


def _params(v: Any) -> str:
    if not v:
        return "–"
    for unit, size in (("T", 1e12), ("B", 1e9), ("M", 1e6), ("K", 1e3)):
        if v >= size:
            return f"{v / size:.3g}{unit}"
    return str(v)


def create_app(explorer: Explorer, *, allowed_hosts: set[str] | None = None, store_name: str = "") -> ASGIApp:
    """The explorer as an ASGI app. `allowed_hosts`: the Host names it answers (None: any)."""
    env = _templates()
    bundle: dict[str, bytes] = {}

    def page(request: Request, name: str, status: int = 200, **ctx: Any) -> HTMLResponse:
        html = env.get_template(name).render(request=request, store_name=store_name, **ctx)
        return HTMLResponse(html, status_code=status)

    def wants_json(request: Request) -> bool:
        return request.url.path.startswith("/api/")

    async def on_error(request: Request, exc: Exception) -> Response:
        if isinstance(exc, UserError):  # FilterError, and anything else the store cannot answer
            status, message = 400, str(exc)
        elif isinstance(exc, HTTPException):
            status, message = exc.status_code, exc.detail or "error"
        else:  # a bug: the traceback goes to the server's log, the page says one line
            status, message = 500, f"internal error: {type(exc).__name__}: {exc}"
        if wants_json(request):
            return Json({"error": message}, status_code=status)
        return page(request, "error.html", status=status, status_code=status, message=message)

    def index(request: Request) -> Response:
        f = explorer.filters(request.query_params)
        metrics = explorer.metrics()
        chapters = [(c, CHAPTER_SHORT_TITLES.get(c, c), [m for m in metrics if m.chapter == c]) for c in CHAPTERS]
        config = {
            "filters": f.query(),
            "params": list(PARAMS),
            "metrics": [{"name": m.name, "spec": m.spec, "title": m.title, "chapter": m.chapter} for m in metrics],
            "facets": explorer.facets(),
        }
        return page(
            request,
            "index.html",
            filters=f.query(),
            facets=explorer.facets(),
            chapters=[c for c in chapters if c[2]],
            config=config,
        )

    def api_metric(request: Request) -> Response:
        m = find_metric(request.path_params["name"])
        if m is None:
            raise HTTPException(404, f"{request.path_params['name']}: no such metric")
        return Json(explorer.metric(m, explorer.filters(request.query_params)))

    def api_facets(request: Request) -> Response:
        return Json(explorer.facets())

    def api_search(request: Request) -> Response:
        return Json(explorer.search(request.query_params.get("q", "")))

    def search(request: Request) -> Response:
        q = request.query_params.get("q", "")
        return page(request, "search.html", q=q, found=explorer.search(q) if q.strip() else None)

    def model(request: Request) -> Response:
        model_id = request.path_params["model_id"]
        doc = explorer.model(model_id)
        if doc is None:
            raise HTTPException(404, f"{model_id}: no such model in the store (nor among the parents its models name)")
        return page(request, "model.html", m=doc, explore=urlencode({"family": doc["root"]}))

    def org(request: Request) -> Response:
        author = request.path_params["author"]
        doc = explorer.org(author)
        if doc is None:
            raise HTTPException(404, f"{author}: no such namespace in the store")
        return page(request, "org.html", o=doc, explore=urlencode({"org": doc["author"]}))

    def vega_js(request: Request) -> Response:
        if "js" not in bundle:
            from hubcensus.report.charts import vega_bundle

            bundle["js"] = vega_bundle().encode("utf-8")
        return Response(
            bundle["js"], media_type="text/javascript; charset=utf-8", headers={"cache-control": "max-age=86400"}
        )

    async def not_found(request: Request, exc: Exception) -> Response:
        return await on_error(request, exc if isinstance(exc, HTTPException) else HTTPException(404, "not found"))

    routes = [
        Route("/", index),
        Route("/search", search),
        Route("/model/{model_id:path}", model),
        Route("/org/{author:path}", org),
        Route("/api/metric/{name}", api_metric),
        Route("/api/facets", api_facets),
        Route("/api/search", api_search),
        Route("/static/vega.js", vega_js),
        Mount("/static", StaticFiles(packages=[("hubcensus.serve", "static")]), name="static"),
    ]
    handlers: dict[Any, Callable[[Request, Exception], Awaitable[Response]]] = {
        UserError: on_error,
        HTTPException: on_error,
        404: not_found,
        Exception: on_error,
    }
    app = Starlette(routes=routes, exception_handlers=handlers)  # type: ignore[arg-type]
    return HostCheck(SecurityHeaders(app), allowed_hosts)
