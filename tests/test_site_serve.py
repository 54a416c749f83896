"""`duizhao serve` (build_scripts/site/serve.py): the built site as it is, over HTTP/1.1 with connections kept
alive — a search loads a few dozen small shard scripts, and a new connection for each costs time."""
from __future__ import annotations

import http.client
import threading

import pytest

from build_scripts.site.serve import make_server


@pytest.fixture()
def server(tmp_path):
    (tmp_path / "index.html").write_text("<!doctype html><title>t</title>", encoding="utf-8")
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "shard.js").write_text('DZ.searchShard("x",{"社":"A"});\n', encoding="utf-8")
    server = make_server(tmp_path, "127.0.0.1", 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


def test_one_connection_serves_request_after_request(server):
    connection = http.client.HTTPConnection("127.0.0.1", server.server_port, timeout=10)
    bodies = []
    for path in ("/index.html", "/assets/shard.js", "/assets", "/assets/shard.js"):
        connection.request("GET", path)
        response = connection.getresponse()
        bodies.append((path, response.status, response.version, response.getheader("Connection"), response.read()))
        if path == "/index.html":
            first = connection.sock
        assert connection.sock is first, f"{path}: the connection was closed and opened again"
    connection.close()
    assert [(path, status, version) for path, status, version, _, _ in bodies] == [
        ("/index.html", 200, 11), ("/assets/shard.js", 200, 11), ("/assets", 301, 11), ("/assets/shard.js", 200, 11)]
    assert all(header is None or header.lower() != "close" for _, _, _, header, _ in bodies)
    assert bodies[1][4] == bodies[3][4] == 'DZ.searchShard("x",{"社":"A"});\n'.encode()


def test_a_missing_file_is_a_404_and_the_next_request_is_served(server):
    """Python's server closes the connection after an error (Connection: close): the browser opens another."""
    statuses = []
    for path in ("/missing.js", "/assets/shard.js"):
        connection = http.client.HTTPConnection("127.0.0.1", server.server_port, timeout=10)
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        statuses.append(response.status)
        connection.close()
    assert statuses == [404, 200]


def test_scripts_are_served_as_javascript(server):
    connection = http.client.HTTPConnection("127.0.0.1", server.server_port, timeout=10)
    connection.request("GET", "/assets/shard.js")
    response = connection.getresponse()
    response.read()
    connection.close()
    assert response.getheader("Content-Type") == "text/javascript"
    assert int(response.getheader("Content-Length")) == len('DZ.searchShard("x",{"社":"A"});\n'.encode())
