"""`hubcensus serve` in-process: routes, filters at the data level, search, trees, scorecards, errors,
hostile Hub strings, and a store that stays byte-identical.

The store is the session's explorer world (conftest.py's `explorer_world`), small and stated in
tests/worlds.py; registry facts used: Qwen is Alibaba Cloud (CN, industry, parent Alibaba Group),
meta-llama is Meta (US, industry), google is Google (US); `u1`, `u2` are user accounts (international /
no clear base, independent); HOSTILE is an organisation the registry does not know (unattributed),
whose names carry markup.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import duckdb
import pytest
from starlette.testclient import TestClient

from hubcensus.cli import main
from hubcensus.engines.duckdb_engine import DuckDBEngine
from hubcensus.metrics.base import context
from hubcensus.metrics.run import ordered_metrics
from hubcensus.serve.app import CSP, create_app
from hubcensus.serve.explorer import Explorer, find_metric
from hubcensus.serve.filters import Filters
from hubcensus.serve.server import LOCAL_NAMES
from hubcensus.store import Store
from tests.worlds import HOSTILE, HOSTILE_MODEL, MARKUP, script_blocks


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def explorer(explorer_world: Path) -> Iterator[Explorer]:
    store = Store.open(explorer_world, read_only=True)
    ex = Explorer(store)
    yield ex
    ex.close()
    store.close()


@pytest.fixture(scope="module")
def client(explorer: Explorer) -> TestClient:
    return TestClient(
        create_app(explorer, allowed_hosts=set(LOCAL_NAMES), store_name="world.duckdb"), base_url="http://127.0.0.1"
    )


def metric(client: TestClient, name: str, **params: str) -> dict[str, Any]:
    r = client.get(f"/api/metric/{name}", params=params)
    assert r.status_code == 200, r.text
    return r.json()


# -- filters change the numbers --------------------------------------------------------------------
def test_country_filter_keeps_only_that_country(client: TestClient) -> None:
    everything = metric(client, "GEO1")["doc"]
    assert {r["label"] for r in everything["rows"]} >= {"CN", "US", "international / no clear base", "unattributed"}
    cn = metric(client, "GEO1", country="CN")
    assert [r["label"] for r in cn["doc"]["rows"]] == ["CN"]
    # Qwen's three models at the newest snapshot: 3000 + 2400 + 800 all-time downloads, all of them CN.
    assert cn["doc"]["headline"]["total_downloads"] == 3000 + 2400 + 800
    assert cn["doc"]["headline"]["cn_share"] == 1.0
    assert cn["kept"] == {"model": 3, "dataset": 1}
    assert cn["filters"] == {"country": "CN"}
    # Statistics and papers follow the repos: C1 reads repo_stats alone, POP2 the papers' organisations.
    assert metric(client, "C1")["doc"]["headline"]["models"] == 8
    assert metric(client, "C1", country="CN")["doc"]["headline"]["models"] == 3
    assert metric(client, "POP2", country="CN")["doc"]["headline"]["papers"] == 1
    assert metric(client, "POP2", country="US")["doc"]["headline"]["papers"] == 0


def test_no_clear_base_and_unattributed_are_countries_too(client: TestClient) -> None:
    none = metric(client, "GEO1", country="none")["doc"]
    assert [r["label"] for r in none["rows"]] == ["international / no clear base"]
    assert none["headline"]["total_downloads"] == 60 + 150  # u1's and u2's models
    unattributed = metric(client, "GEO1", country="unattributed")["doc"]
    assert [r["label"] for r in unattributed["rows"]] == ["unattributed"]


def test_sector_and_organisation_filters(client: TestClient) -> None:
    independent = metric(client, "GEO1", sector="independent")["doc"]
    assert [r["label"] for r in independent["rows"]] == ["international / no clear base"]
    alibaba = metric(client, "G1", org="Alibaba Group")["doc"]  # the parent company covers the Qwen namespace
    assert alibaba["headline"]["models"] == 3 and alibaba["headline"]["datasets"] == 1
    assert metric(client, "G1", org="Qwen")["doc"]["headline"]["models"] == 3
    us_industry = metric(client, "G1", country="US", sector="industry")["doc"]
    assert us_industry["headline"]["models"] == 2  # meta-llama and google


def test_task_filter_keeps_models_by_pipeline_tag_and_datasets_by_category(client: TestClient) -> None:
    doc = metric(client, "G1", task="text-generation")["doc"]
    # text-generation models: the two Qwen2.5, Qwen3, the GGUF, Llama and the hostile one; the Qwen dataset.
    assert doc["headline"]["models"] == 6
    assert doc["headline"]["datasets"] == 1
    assert metric(client, "G1", task="image-classification")["doc"]["headline"]["models"] == 1
    full = metric(client, "G1")["doc"]["headline"]
    assert full["models"] == 8 and full["datasets"] == 2


def test_family_filter_keeps_the_tree_below_a_root(client: TestClient) -> None:
    root = metric(client, "G1", family="Qwen/Qwen2.5-7B")["doc"]["headline"]
    assert root["models"] == 4  # the root, its fine-tune, the GGUF and the hostile fine-tune
    namespace = metric(client, "G1", family="Qwen")["doc"]["headline"]
    assert namespace["models"] == 5  # every root in the Qwen namespace: Qwen3-4B is a root of its own
    d1 = metric(client, "D1", family="meta-llama")["doc"]
    assert d1["headline"]["derivatives"] == 1


def test_date_range_moves_the_as_of_and_the_series(client: TestClient) -> None:
    assert metric(client, "G1")["doc"]["as_of"] == "2026-03-01"
    earlier = metric(client, "G1", to="2026-01-15")["doc"]
    assert earlier["as_of"] == "2026-01-01"
    assert earlier["headline"]["models"] == 8  # Qwen3-4B appeared in the 2026-01-01 snapshot
    assert metric(client, "G1", to="2025-12-31")["doc"]["headline"]["models"] == 7
    late = metric(client, "GEO2", **{"from": "2026-01-01"})["doc"]
    assert late["snapshots"] and min(late["snapshots"]) >= "2026-01-01"
    full = metric(client, "GEO2")["doc"]
    assert min(full["snapshots"]) == "2025-12-01"
    # Months before the range are not shown (G1 counts them, cumulatively, but shows from the start).
    g1 = metric(client, "G1", **{"from": "2026-01-01"})["doc"]
    assert g1["rows"] and min(r["month"] for r in g1["rows"]) == "2026-01-01"
    assert any("hidden by the date filter" in n for n in g1["notes"])


def test_context_since_starts_the_series(explorer_world: Path) -> None:
    import datetime as dt

    from hubcensus.errors import UserError

    with Store.open(explorer_world, read_only=True) as store:
        engine = DuckDBEngine(store.con)
        ctx = context(engine, as_of=dt.date(2026, 2, 1), since=dt.date(2026, 1, 1))
        assert [s.taken_at.isoformat() for s in ctx.series] == ["2026-01-01"]
        with pytest.raises(UserError, match="no snapshot in that range"):
            context(engine, as_of=dt.date(2026, 2, 1), since=dt.date(2026, 1, 2))


def test_filter_sets_do_not_leak_into_each_other(explorer_world: Path) -> None:
    # One cursor kept at a time: alternating filter sets must rebuild each, never reuse another's views.
    with Store.open(explorer_world, read_only=True) as store:
        ex = Explorer(store, slices=1, docs=1)
        geo1 = find_metric("GEO1")
        assert geo1 is not None
        for country in ("CN", "US", "CN", None):
            doc = ex.metric(geo1, Filters(country=country))["doc"]
            labels = {r["label"] for r in doc["rows"]}
            assert labels == {country} if country else len(labels) > 2
        # Threads computing different filter sets at once each get their own answer.
        results: dict[str, set[str]] = {}

        def run(c: str) -> None:
            results[c] = {r["label"] for r in ex.metric(geo1, Filters(country=c))["doc"]["rows"]}

        threads = [threading.Thread(target=run, args=(c,)) for c in ("CN", "US", "none", "unattributed")]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert results == {
            "CN": {"CN"},
            "US": {"US"},
            "none": {"international / no clear base"},
            "unattributed": {"unattributed"},
        }
        ex.close()


def test_every_metric_answers_under_filters(client: TestClient) -> None:
    """Every metric answers under each filter set; a chart comes with rows to draw and holds them."""
    names = [m.name for m in ordered_metrics()]
    for params in ({}, {"country": "CN", "from": "2026-01-01"}, {"task": "text-classification"}):
        with_rows, drawn = set(), set()
        for name in names:
            answer = metric(client, name, **params)
            doc, spec = answer["doc"], answer["chart"]
            assert doc["metric"] == name
            if doc["rows"]:
                with_rows.add(doc["spec"])
            if spec is not None:
                assert doc["rows"], f"{name} draws a chart from no rows ({params})"
                assert spec["data"]["values"], f"{name}'s chart holds no data ({params})"
                drawn.add(doc["spec"])
        assert len(drawn) >= 5, (params, drawn)  # a filter set that draws (almost) nothing proves nothing
        if not params:
            # Unfiltered, every metric with rows draws; C2 draws only communities large enough to count,
            # and this store has none; S2's only month here is the snapshot's partial month, which charts leave out.
            assert with_rows - drawn == {"C2", "S2"}


# -- errors ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"country": "XX"}, "country 'XX'"),
        ({"sector": "mining"}, "sector 'mining'"),
        ({"from": "yesterday"}, "from 'yesterday'"),
        ({"from": "2026-03-01", "to": "2026-01-01"}, "is after"),
        ({"from": "2026-01-02", "to": "2026-02-01"}, "no snapshot in that range"),
        ({"org": "no-such-org"}, "org 'no-such-org'"),
        ({"family": "nobody/nothing"}, "family 'nobody/nothing'"),
        ({"task": "juggling"}, "task 'juggling'"),
        ({"contry": "CN"}, "unknown parameter 'contry'"),
    ],
)
def test_bad_filter_is_400_with_one_line(client: TestClient, params: dict[str, str], message: str) -> None:
    r = client.get("/api/metric/G1", params=params)
    assert r.status_code == 400
    error = r.json()["error"]
    assert message in error and "\n" not in error
    page = client.get("/", params=params)
    assert page.status_code == 400 and "text/html" in page.headers["content-type"]
    assert message.replace("'", "&#39;") in page.text


def test_unknown_things_are_404(client: TestClient) -> None:
    assert client.get("/api/metric/no_such_metric").status_code == 404
    r = client.get("/model/nobody/nothing")
    assert r.status_code == 404 and "no such model" in r.text
    assert client.get("/org/nobody-at-all").status_code == 404
    assert client.get("/no/such/page").status_code == 404


# -- search, tree, scorecard ---------------------------------------------------------------------
def test_search_finds_models_and_organisations(client: TestClient) -> None:
    found = client.get("/api/search", params={"q": "qwen"}).json()
    ids = [x["repo_id"] for x in found["models"]]
    # Prefix matches on the id first (by downloads), then substrings.
    assert ids[:4] == ["Qwen/Qwen2.5-7B", "Qwen/Qwen2.5-7B-Instruct", "Qwen/Qwen3-4B", "u2/qwen-gguf"]
    assert [o["author"] for o in found["orgs"]] == ["Qwen"]
    assert found["orgs"][0]["who"]["country"] == "CN"
    assert client.get("/api/search", params={"q": "%"}).json()["models"] == []  # no LIKE wildcards
    page = client.get("/search", params={"q": "llama"})
    assert (
        page.status_code == 200
        and 'href="/model/meta-llama/Llama-3-8B"' in page.text
        and 'href="/org/meta-llama"' in page.text
    )


def test_model_page_shows_its_lineage(client: TestClient) -> None:
    page = client.get("/model/u2/qwen-gguf")
    assert page.status_code == 200
    text = page.text
    assert text.index("Qwen/Qwen2.5-7B") < text.index("rel-quantized") < text.rindex("u2/qwen-gguf")
    root = client.get("/model/qwen/qwen2.5-7b")  # ids are matched case-insensitively when unambiguous
    assert root.status_code == 200
    for child in ("Qwen/Qwen2.5-7B-Instruct", "u2/qwen-gguf", quote(HOSTILE_MODEL, safe="/")):
        assert child in root.text
    assert "3 direct" in root.text and "/?family=Qwen%2FQwen2.5-7B" in root.text


def test_org_page_is_a_scorecard(client: TestClient) -> None:
    page = client.get("/org/Qwen")
    assert page.status_code == 200
    for fact in (
        "Alibaba",
        "CN",
        "industry",
        "verified",
        "registry.csv (shipped) line",
        "Qwen/Qwen2.5-7B",
        'data-chart="releases"',
    ):
        assert fact in page.text, fact
    user = client.get("/org/u1")  # not in the registry: no report scorecard, still a page
    assert user.status_code == 200 and "u1/llama-classifier" in user.text and "independent" in user.text


# -- hostile strings ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/?org=" + quote(HOSTILE),
        "/search?q=" + quote("<"),
        "/model/" + quote(HOSTILE_MODEL),
        "/org/" + quote(HOSTILE),
        "/model/" + quote("Qwen/Qwen2.5-7B"),
        "/org/Qwen",
        "/model/" + quote("<script>alert(6)</script>"),
    ],
)
def test_markup_from_the_hub_is_text(client: TestClient, url: str) -> None:
    r = client.get(url)
    assert r.status_code in (200, 404)
    html = r.text
    for bad in MARKUP:
        assert bad not in html, (url, bad)
    # Only our own scripts: external files, and JSON data blocks that parse back to what they hold.
    for block in script_blocks(html):
        if block.strip():
            json.loads(block)
    assert len(re.findall(r"<script", html)) == len(re.findall(r"</script>", html))


def test_hostile_strings_arrive_intact_as_escaped_text(client: TestClient) -> None:
    model_page = client.get("/model/" + quote(HOSTILE_MODEL)).text
    assert "&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;/m&lt;svg onload=alert(2)&gt;" in model_page
    assert "&lt;b onmouseover=alert(3)&gt;tag&lt;/b&gt;" in model_page
    assert "&lt;script&gt;alert(4)&lt;/script&gt; Attention" in model_page
    assert "&lt;script&gt;alert(5)&lt;/script&gt;" in model_page  # card data
    org_page = client.get("/org/" + quote(HOSTILE)).text
    assert "&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;" in org_page
    # The index embeds the filter values as JSON: the hostile organisation is in it, and comes back out exact.
    index = client.get("/").text
    config = json.loads(next(b for b in script_blocks(index) if '"facets"' in b))
    assert HOSTILE in [o["value"] for o in config["facets"]["org"]]
    # JSON from the API is data, not markup: exact strings, served as JSON.
    found = client.get("/api/search", params={"q": "svg"})
    assert found.headers["content-type"].startswith("application/json")
    assert [x["repo_id"] for x in found.json()["models"]] == [HOSTILE_MODEL]


def test_security_headers_and_host_check(client: TestClient, explorer: Explorer) -> None:
    r = client.get("/")
    assert r.headers["content-security-policy"] == CSP
    assert "unsafe-eval" not in CSP and "script-src 'self'" in CSP
    assert r.headers["x-content-type-options"] == "nosniff"
    rebinding = TestClient(create_app(explorer, allowed_hosts=set(LOCAL_NAMES)), base_url="http://attacker.example")
    assert rebinding.get("/api/facets").status_code == 400


def test_static_files_and_the_vega_bundle_come_from_the_package(client: TestClient) -> None:
    index = client.get("/").text
    srcs = re.findall(r'(?:src|href)="([^"]+)"', index)
    assert srcs and all(s.startswith(("/", "#", "data:")) for s in srcs), srcs
    js = client.get("/static/vega.js")
    assert js.status_code == 200 and "vegaEmbed" in js.text and js.headers["content-type"].startswith("text/javascript")
    assert client.get("/static/explorer.js").status_code == 200
    assert client.get("/static/style.css").status_code == 200


# -- read-only ---------------------------------------------------------------------------------------
def test_the_store_is_byte_identical_after_a_session(explorer_world: Path, tmp_path: Path) -> None:
    db = tmp_path / "world.duckdb"
    shutil.copy(explorer_world, db)  # a store of its own: no other connection holds it open
    before = digest(db)
    with Store.open(db, read_only=True) as store:
        ex = Explorer(store)
        c = TestClient(create_app(ex, allowed_hosts=set(LOCAL_NAMES)), base_url="http://127.0.0.1")
        for url in (
            "/",
            "/api/metric/GEO2?country=CN",
            "/api/metric/A2?from=2026-01-01",
            "/api/metric/D1?family=Qwen",
            "/search?q=q",
            "/model/Qwen/Qwen2.5-7B",
            "/org/Qwen",
            "/api/facets",
        ):
            assert c.get(url).status_code == 200, url
        with pytest.raises(duckdb.Error):
            store.con.execute("CREATE TABLE written (x INTEGER)")
        with pytest.raises(duckdb.Error):
            store.con.execute("DELETE FROM repos")
        ex.close()
    assert digest(db) == before
    with Store.open(db, read_only=True) as store:  # no shadow outlives its cursor
        assert store.con.execute("SELECT count(*) FROM repos WHERE kind = 'model'").fetchone()[0] == 8


# -- the command ---------------------------------------------------------------------------------------
def test_serve_on_a_port_in_use_is_one_line(explorer_world: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        assert main(["serve", "--db", str(explorer_world), "--port", str(port)]) == 2
    err = capsys.readouterr().err.strip()
    assert (
        err
        == f"error: --port {port}: 127.0.0.1:{port} is already in use; choose another port (--port 0 picks a free one)"
    )


def test_serve_without_a_store_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--db", str(tmp_path / "none.duckdb"), "--port", "0"]) == 2
    assert "no such store" in capsys.readouterr().err
