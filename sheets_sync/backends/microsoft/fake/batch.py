"""``POST /v1.0/$batch`` (concepts/json-batching).

The envelope is ``{"requests": [{"id", "method", "url", "headers"?, "body"?,
"dependsOn"?}]}`` with at most :data:`MAX_REQUESTS` requests, unique ids
(case-insensitive), relative URLs (``/me/drive`` or ``me/drive``), and a ``Content-Type``
header whenever there is a body; otherwise the whole batch is 400.  Requests run in list
order, except that one waits for the requests it ``dependsOn``; a request whose dependency
failed (status >= 400, 424 included) answers 424 Failed Dependency without running.
Each sub-response is ``{"id", "status", "headers", "body"}`` (binary bodies base64), in
the order they ran; each sub-request goes through the full pipeline, so it is checked,
throttled (``fail_next(..., inside_batch=True)``) and recorded on its own (in the
envelope's ``sub_requests``).  The envelope's status is 200 whatever the sub-responses.
"""

from __future__ import annotations

import base64
import json
from typing import Any, Protocol
from urllib.parse import parse_qs, urlsplit

from .accounting import RecordedRequest
from .dispatch import Reply
from .errors import GraphError

MAX_REQUESTS = 20


class Server(Protocol):
    """What a batch needs from the fake: serving one request."""

    def serve(
        self,
        method: str,
        raw_path: str,
        query: dict[str, list[str]],
        headers: dict[str, str],
        raw_body: bytes,
        *,
        batch_id: str | None = None,
    ) -> tuple[Reply, RecordedRequest]: ...


def _bad(message: str) -> GraphError:
    return GraphError(400, "BadRequest", message)


def validate(envelope: Any) -> list[dict[str, Any]]:
    """The batch's requests, or the 400 Graph answers for a malformed batch."""
    if not isinstance(envelope, dict) or not isinstance(envelope.get("requests"), list):
        raise _bad("Invalid batch payload format.")
    entries: list[dict[str, Any]] = envelope["requests"]
    if not entries:
        raise _bad("Invalid batch payload format: the batch has no requests.")
    if len(entries) > MAX_REQUESTS:
        raise _bad(
            f"Invalid batch payload format: the batch contains {len(entries)} requests; "
            f"the maximum is {MAX_REQUESTS}."
        )
    seen: set[str] = set()
    for entry in entries:
        if not isinstance(entry, dict) or not all(
            isinstance(entry.get(k), str) and entry[k] for k in ("id", "method", "url")
        ):
            raise _bad("Invalid batch payload format: each request needs id, method and url.")
        if entry["id"].lower() in seen:
            raise _bad(f"Invalid batch payload format: duplicate request id '{entry['id']}'.")
        seen.add(entry["id"].lower())
        if entry["url"].lower().startswith(("http:", "https:")):
            raise _bad("Invalid batch payload format: request URLs must be relative.")
        headers = entry.get("headers") or {}
        if "body" in entry and not any(k.lower() == "content-type" for k in headers):
            raise _bad(
                f"Invalid batch payload format: request '{entry['id']}' has a body but "
                "no Content-Type header."
            )
    for entry in entries:
        for dependency in entry.get("dependsOn") or []:
            if (
                str(dependency).lower() not in seen
                or str(dependency).lower() == entry["id"].lower()
            ):
                raise _bad(
                    f"Invalid batch payload format: request '{entry['id']}' depends on "
                    f"unknown request '{dependency}'."
                )
    return entries


def run(
    server: Server, envelope: Any, headers: dict[str, str], record: RecordedRequest
) -> dict[str, Any]:
    """Run a validated batch and return its ``{"responses": [...]}``."""
    pending = validate(envelope)
    statuses: dict[str, int] = {}
    responses: list[dict[str, Any]] = []
    while pending:
        ready = next(
            (
                e
                for e in pending
                if all(str(d).lower() in statuses for d in e.get("dependsOn") or [])
            ),
            None,
        )
        if ready is None:
            raise _bad("Invalid batch payload format: the dependsOn references form a cycle.")
        pending.remove(ready)
        failed = [d for d in ready.get("dependsOn") or [] if statuses[str(d).lower()] >= 400]
        answer = _failed_dependency(ready["id"]) if failed else _one(server, ready, headers, record)
        statuses[ready["id"].lower()] = int(answer["status"])
        responses.append(answer)
    return {"responses": responses}


def _one(
    server: Server, entry: dict[str, Any], outer: dict[str, str], record: RecordedRequest
) -> dict[str, Any]:
    url = urlsplit("/" + entry["url"].lstrip("/"))
    inner = {k.lower(): str(v) for k, v in (entry.get("headers") or {}).items()}
    headers = {"authorization": outer.get("authorization", ""), **inner}
    body = entry.get("body")
    if body is None:
        raw = b""
    elif isinstance(body, str) and "json" not in inner.get("content-type", ""):
        raw = base64.b64decode(body)
    else:
        raw = json.dumps(body).encode("utf-8")
    query = parse_qs(url.query, keep_blank_values=True)
    reply, sub = server.serve(
        entry["method"].upper(), url.path, query, headers, raw, batch_id=entry["id"]
    )
    record.sub_requests.append(sub)
    answer: dict[str, Any] = {
        "id": entry["id"],
        "status": reply.status,
        "headers": dict(reply.headers),
    }
    if isinstance(reply.body, bytes):
        answer["body"] = base64.b64encode(reply.body).decode("ascii")
    elif reply.body is not None:
        answer["body"] = reply.body
    return answer


def _failed_dependency(request_id: str) -> dict[str, Any]:
    return {
        "id": request_id,
        "status": 424,
        "headers": {"Content-Type": "application/json"},
        "body": {"error": {"code": "BadRequest", "message": "Failed Dependency"}},
    }
