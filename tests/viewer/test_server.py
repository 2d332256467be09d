"""The viewer over HTTP: every view as HTML and JSON, its headers, and what it refuses."""

from __future__ import annotations

import http.client
import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.viewer.hostile import HOSTILE_URL, SCRIPT
from threadsift.viewer.server import POLICY


def get(base_url: str, target: str, **headers: str) -> tuple[int, dict[str, str], str]:
    """Status, headers and body of a GET of `target` (sent as written, not normalised)."""
    parts = urlsplit(base_url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    connection.request("GET", target, headers=headers)
    answer = connection.getresponse()
    body = answer.read().decode("utf-8")
    connection.close()
    return answer.status, {k.lower(): v for k, v in answer.getheaders()}, body


def get_json(base_url: str, target: str) -> dict:
    status, headers, body = get(base_url, target)
    assert status == 200, body
    assert headers["content-type"] == "application/json; charset=utf-8"
    return json.loads(body)


@pytest.mark.parametrize("target", ["/", "/pages", "/errors", "/pages?q=windows"])
def test_each_view_answers_html_with_a_policy_that_allows_no_script(
    base_url: str, target: str
) -> None:
    status, headers, body = get(base_url, target)
    assert status == 200
    assert headers["content-type"] == "text/html; charset=utf-8"
    assert headers["content-security-policy"] == POLICY
    assert "default-src 'none'" in POLICY and "script-src" not in POLICY
    assert headers["x-content-type-options"] == "nosniff"
    assert "<script" not in body


@pytest.mark.parametrize(
    ("suffixed", "parameter"),
    [
        ("/index.json", "/?format=json"),
        ("/pages.json?language=en", "/pages?language=en&format=json"),
        ("/errors.json", "/errors?format=json"),
    ],
)
def test_json_by_suffix_and_by_parameter_agree(
    base_url: str, suffixed: str, parameter: str
) -> None:
    assert get_json(base_url, suffixed) == get_json(base_url, parameter)


def test_the_overview_counts_add_up_to_the_inputs(base_url: str, viewer_run: Path) -> None:
    data = get_json(base_url, "/index.json")
    counts = data["counts"]
    assert counts == json.loads((viewer_run / "run.json").read_text())["counts"]
    assert sum(n for _, _, n in data["flow"]) == counts["inputs"]
    assert dict(data["article_languages"])["en"] >= 10
    assert data["quality"][0]["signal"] == "word_count"


def test_a_facet_narrows_the_list_and_counts_the_rest(base_url: str) -> None:
    everything = get_json(base_url, "/pages.json")
    german = get_json(base_url, "/pages.json?language=de")
    assert 0 < german["total"] < everything["total"]
    assert {row["language"] for row in german["rows"]} == {"de"}
    facet = {item["value"]: item["count"] for item in everything["facets"]["language"]}
    assert facet["de"] == german["total"]
    both = get_json(base_url, "/pages.json?language=de&language=fr")
    assert both["total"] == facet["de"] + facet["fr"]


def test_search_lists_the_matching_pages_with_a_snippet(base_url: str) -> None:
    found = get_json(base_url, "/pages.json?q=windows")
    assert found["total"] >= 1
    assert any("Cold Frame" in row["title"] for row in found["rows"])
    assert all("[" in row["snippet"].lower() for row in found["rows"])
    assert get_json(base_url, "/pages.json?q=zzqqxxnothing")["total"] == 0


def test_sort_and_paging(base_url: str) -> None:
    first = get_json(base_url, "/pages.json?sort=comments&order=desc&size=2")
    second = get_json(base_url, "/pages.json?sort=comments&order=desc&size=2&p=2")
    comments = [row["n_comments"] for row in first["rows"] + second["rows"]]
    assert len(comments) == 4 and comments == sorted(comments, reverse=True)
    assert {row["id"] for row in first["rows"]}.isdisjoint(row["id"] for row in second["rows"])


def test_a_page_has_its_lines_thread_and_duplicates(base_url: str, hostile_id: str) -> None:
    rows = get_json(base_url, "/pages.json?outcome=duplicate")["rows"]
    duplicate = get_json(base_url, f"/pages/{rows[0]['id']}.json")
    original = duplicate["duplicate_of"][0]["id"]
    page = get_json(base_url, f"/pages/{original}.json")
    assert rows[0]["id"] in [row["id"] for row in page["duplicates"]]
    record = page["page"]
    assert len(record["lines"]) == len(record["text"].split("\n"))
    threaded = get_json(base_url, "/pages.json?sort=comments&order=desc&size=1")["rows"][0]
    thread = get_json(base_url, f"/pages/{threaded['id']}?format=json")["page"]["comments"]
    assert len(thread) == threaded["n_comments"]
    replies = get_json(base_url, f"/pages/{hostile_id}.json")["page"]["comments"]
    assert [(c["index"], c["depth"], c["parent"]) for c in replies] == [
        (0, 0, None),
        (1, 1, 0),
        (2, 0, None),
    ]


def test_an_error_record_has_a_view_with_its_message(base_url: str) -> None:
    errors = get_json(base_url, "/errors.json")
    assert errors["total"] == 2
    first = errors["rows"][0]
    assert get_json(base_url, f"/pages/{first['page_id']}.json")["error"] == first
    status, _, body = get(base_url, f"/pages/{first['page_id']}")
    assert status == 200 and "truncated WARC" in body


@pytest.mark.parametrize(
    "target",
    [
        "/nowhere",
        "/pages/0000000000000000",
        "/pages/0000000000000000.json",
        "/run.json",
        "/search.sqlite",
        "/pages/part-00000.parquet",
        "/../run.json",
        "/pages/../run.json",
        "/pages/..%2f..%2frun.json",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/style.css/../../../etc/passwd",
        "//etc/passwd",
        "/pages/x/y",
    ],
)
def test_unknown_paths_and_traversals_are_not_found(base_url: str, target: str) -> None:
    status, headers, body = get(base_url, target)
    assert status == 404
    assert headers["content-security-policy"] == POLICY
    assert "root:" not in body and '"counts"' not in body


def test_no_sql_comes_from_a_request(base_url: str) -> None:
    injected = get_json(base_url, "/pages.json?host=%27%20OR%201%3D1%20--")
    assert injected["total"] == 0
    everything = get_json(base_url, "/pages.json")
    for query in ("sort=id;DROP%20TABLE%20summary", "size=-5&p=abc", "order=1;--"):
        answer = get_json(base_url, f"/pages.json?{query}")
        assert answer["total"] == everything["total"]
    assert get_json(base_url, "/pages.json")["total"] == everything["total"]


def test_another_host_name_is_refused(base_url: str) -> None:
    status, _, _ = get(base_url, "/", Host="attacker.example")
    assert status == 421


def test_methods_other_than_get_and_head_are_refused(base_url: str) -> None:
    parts = urlsplit(base_url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    connection.request("POST", "/pages", body=b"x")
    answer = connection.getresponse()
    assert answer.status == 501
    assert answer.getheader("Content-Security-Policy") == POLICY
    connection.close()


def test_hostile_text_is_escaped_in_html_and_json(base_url: str, hostile_id: str) -> None:
    status, _, body = get(base_url, f"/pages/{hostile_id}")
    assert status == 200
    assert SCRIPT not in body and "&lt;script&gt;window.pwned=1;alert(1)&lt;/script&gt;" in body
    assert f'href="{HOSTILE_URL}"' not in body
    _, _, raw = get(base_url, f"/pages/{hostile_id}.json")
    assert "<" not in raw and json.loads(raw)["page"]["title"].startswith(SCRIPT)
