"""``titfortat serve``: the real server (uvicorn in a child process) over a real DuckDB file."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

TOKEN = "test-token-7f3a"
ARTICLES = [
    {"id": "api-1", "published": "2024-03-04",
     "text": "BAGHDAD (Reuters) - Rockets struck a military base in Iraq on Monday, killing two soldiers and "
             "wounding five others, the army said. No group claimed the attack."},
    {"id": "api-2", "published": "2024-03-06",
     "text": "Police arrested three men in Basra on Wednesday after a bomb exploded near a market, "
             "officials said."},
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, db: Path, token: str | None) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {k: v for k, v in os.environ.items() if k != "TITFORTAT_API_TOKEN"}
        if token:
            env["TITFORTAT_API_TOKEN"] = token
        root = str(Path(__file__).resolve().parents[2])
        env["PYTHONPATH"] = root + os.pathsep + env.get("PYTHONPATH", "")
        self.process = subprocess.Popen([sys.executable, "-m", "titfortat.cli.main", "serve", "--db", str(db),
                                         "--port", str(self.port)], env=env, stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"serve exited: {self.process.stderr.read()}")
            try:
                if httpx.get(self.url + "/healthz", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.2)
        raise AssertionError("serve did not answer /healthz within 60 s")

    def stop(self) -> str:
        self.process.terminate()
        try:
            _, err = self.process.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            _, err = self.process.communicate()
        return err


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    running = Server(tmp_path_factory.mktemp("api") / "api.duckdb", TOKEN)
    yield running
    err = running.stop()
    assert "Traceback" not in err, err


def _post(server, body, token=TOKEN):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return httpx.post(server.url + "/api/documents", content=body, headers=headers, timeout=120)


def test_health_and_schema(server):
    health = httpx.get(server.url + "/healthz").json()
    assert health["status"] == "ok" and health["migrations"] >= 1 and "events" in health
    schema = httpx.get(server.url + "/openapi.json").json()
    assert {"/healthz", "/api/events", "/api/documents"} <= set(schema["paths"])


@pytest.mark.parametrize("token", [None, "wrong-token", ""])
def test_writes_need_the_token(server, token):
    answer = _post(server, json.dumps(ARTICLES[0]), token=token)
    assert answer.status_code == 401
    assert answer.headers["www-authenticate"] == "Bearer"


def test_401_comes_before_the_body_is_read(server):
    """Headers announcing 50 MB and no body at all: the refusal must come at once, not after a read."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as conn:
        conn.sendall(b"POST /api/documents HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                     b"Content-Length: 52428800\r\n\r\n")
        conn.settimeout(10)
        head = conn.recv(4096).decode("latin-1")
    assert head.startswith("HTTP/1.1 401"), head


def test_an_oversized_upload_is_refused_on_its_length(server):
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as conn:
        conn.sendall(f"POST /api/documents HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {TOKEN}\r\n"
                     f"Content-Length: {10**12}\r\n\r\n".encode())
        head = conn.recv(4096).decode("latin-1")
    assert head.startswith("HTTP/1.1 413"), head


def test_post_then_read_every_format(server):
    answer = _post(server, "\n".join(json.dumps(a) for a in ARTICLES))
    assert answer.status_code == 200, answer.text
    report = answer.json()
    assert report["documents"].get("new") == 2 and report["events"] >= 2 and not report["failures"]
    again = _post(server, json.dumps(ARTICLES))  # the same documents: nothing new
    assert again.json()["documents"].get("unchanged") == 2

    listing = httpx.get(server.url + "/api/events", params={"format": "json"}).json()
    assert listing["count"] == len(listing["events"]) >= 2
    assert all(e["cluster_id"] for e in listing["events"])
    attacks = [e for e in listing["events"] if e["type"] == "ASSAULT" and (e.get("killed") or {}).get("best")]
    assert [a["killed"]["best"] for a in attacks] == [2]

    geo = httpx.get(server.url + "/api/events", params={"format": "geojson"})
    assert geo.headers["content-type"].startswith("application/geo+json")
    features = geo.json()["features"]
    assert len(features) == listing["count"]
    for feature in features:
        place = feature["properties"].get("place")
        if place and place.get("country"):
            assert feature["geometry"]["type"] == "Point"
        if place and place.get("precision") == "country":
            assert place["lat"] is not None and feature["geometry"]["coordinates"] == [place["lon"], place["lat"]]
    assert any((f["properties"].get("place") or {}).get("precision") == "country" for f in features)

    lines = httpx.get(server.url + "/api/events", params={"format": "jsonl"}).text.splitlines()
    assert len(lines) == listing["count"] and all(json.loads(line)["event_id"] for line in lines)
    csv_text = httpx.get(server.url + "/api/events", params={"format": "csv"}).text
    assert csv_text.splitlines()[0].startswith("id,type,mode") and len(csv_text.splitlines()) > listing["count"]

    only = httpx.get(server.url + "/api/events", params={"type": "COERCE"}).json()
    assert only["events"] and all(e["type"] == "COERCE" for e in only["events"])
    mentions = httpx.get(server.url + "/api/events", params={"level": "mention"}).json()
    assert {e["doc_id"] for e in mentions["events"]} == {"api-1", "api-2"}


@pytest.mark.parametrize("params", [{"format": "xml"}, {"since": "last week"}, {"level": "docs"}])
def test_bad_queries_get_400(server, params):
    answer = httpx.get(server.url + "/api/events", params=params)
    assert answer.status_code == 400 and answer.json()["detail"]


def test_bad_bodies_get_400(server):
    assert _post(server, "").status_code == 400
    assert _post(server, "not json at all").status_code == 400
    assert _post(server, "[1, 2]").status_code == 400


def test_no_token_configured_refuses_every_write(tmp_path):
    running = Server(tmp_path / "ro.duckdb", token=None)
    try:
        assert _post(running, json.dumps(ARTICLES[0]), token="anything").status_code == 401
        assert httpx.get(running.url + "/api/events").json()["count"] == 0
    finally:
        running.stop()


def test_the_api_over_postgresql():
    """The shared deployment: the same API over a PostgreSQL schema of its own."""
    import uuid

    import psycopg

    url = os.environ.get("TITFORTAT_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")
    try:
        admin = psycopg.connect(url, autocommit=True, connect_timeout=3)
    except psycopg.Error as exc:  # the machines this runs on have one: its absence is a failure
        pytest.fail(f"PostgreSQL not reachable at {url} (set TITFORTAT_TEST_POSTGRES): {exc}")
    schema = f"api_{uuid.uuid4().hex[:10]}"
    admin.execute(f"CREATE SCHEMA {schema}")
    try:
        running = Server(f"{url}{'&' if '?' in url else '?'}options=-csearch_path%3D{schema}", TOKEN)
        try:
            report = _post(running, json.dumps(ARTICLES[0])).json()
            assert report["documents"] == {"new": 1} and report["events"] >= 1
            listing = httpx.get(running.url + "/api/events").json()
            assert listing["count"] >= 1 and httpx.get(running.url + "/healthz").json()["documents"] == 1
        finally:
            running.stop()
    finally:
        admin.execute(f"DROP SCHEMA {schema} CASCADE")
        admin.close()
