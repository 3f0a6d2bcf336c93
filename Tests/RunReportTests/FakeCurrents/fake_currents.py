#!/usr/bin/env python3
"""A fake Currents REST API on 127.0.0.1, for runreport's tests and fetch benchmark.

It serves a run bundle (run.json + instances/<id>.json, bare `data` objects) in the API's envelope,
checks the Bearer key, and injects faults on demand. It never listens beyond loopback.

    fake_currents.py --bundle DIR --key KEY [--readonly-key KEY] [--runs FILE] [--latency-ms N]

It prints `PORT <n>` on stdout once listening, and exits when its standard input closes (so it dies
with the test process that started it).

Endpoints (all under /v1): GET /runs/:id, GET /instances/:id, PUT /runs/:id/cancel,
GET /runs/find, GET /projects/:id/runs (cursor pagination over --runs, a JSON array of list items),
GET /tests/:projectId and GET /spec-files/:projectId (offset pages `page`/`limit`, `total`, `nextPage`;
`date_start` and `date_end` required) over --tests-explorer and --spec-files: JSON arrays of the
documented items, each with an extra "byBranch" object {branch: metrics} that `branches[]` selects
(an item without the branch is left out), and `spec` (tests) filtering by spec path.

Control (no key needed): POST /__faults with a JSON array of rules, each
  {"path": regex on the request path, "method": optional, "times": how many requests it hits,
   "status": int, "body": str, "retryAfter": str, "mode": "reset" | "truncate" | "slow" | "html",
   "delay": seconds (slow)}
Hostile modes (hostile_response below), for the transport's limits and its key rules:
  "redirect" (status 301/302/303/307/308, "location"; "{sink}" in it becomes the sink's base URL),
  "huge" ("bytes": N; "length": true sends a Content-Length, else the body ends with the connection),
  "endless" (a chunked body that never ends), "bomb" ("inflated": N: a small gzip body that inflates to N).
The sink is a second listener on 127.0.0.1 (a redirect target or a proxy) that records the head of
every request it receives and answers 502; /__stats lists them as "sink" and its port as "sinkPort".
Artifacts (--artifacts DIR): GET /artifacts/<any path> serves DIR/<the path's file name> (404 when
missing: an expired link) with the content type of its extension, needing no key; the run and
instance bodies served have https://fs.currents.dev/ and https://fs-staging.currents.dev/ replaced
by this server's /artifacts/ URL. Fault rules apply to them too; a rule with "contentType" (and no
"status") serves the file with that content type instead (or, with "bytes": N, N bytes of it).
Each artifact request's headers are recorded server-side: /__stats "artifactRequests" lists
{"path", "authorization" (the header or null), "headers", "complete" (whether the whole body went
out before the client closed the connection)}.
The first matching rule with times left applies to a request. GET /__stats returns
{"requests": {"METHOD path": count}, "userAgents": [...], "acceptEncodings": [...],
 "keyInURL": bool, "authHeaders": n, "gzipped": n, "maxInFlight": n}. POST /__reset clears rules and counters.
"""
import argparse
import gzip
import json
import os
import re
import socket
import sys
import threading
import zlib
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit

LOCK = threading.Lock()
RULES = []
SINK = []
BOMBS = {}
STATS = {"requests": {}, "userAgents": [], "acceptEncodings": [], "keyInURL": False, "authHeaders": 0, "gzipped": 0,
         "inFlight": 0, "maxInFlight": 0}
CANCELLED = set()
ARTIFACT_REQUESTS = []
CONTENT_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".mp4": "video/mp4",
                 ".webm": "video/webm", ".zip": "application/zip"}
GZIP_CACHE = {}
FILE_CACHE = {}


def envelope(data, **extra):
    body = {"status": "OK"}
    body.update(extra)
    body["data"] = data
    return body


def error_body(message):
    return {"status": "FAILED", "error": message}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Without this every response stalls ~40 ms (Nagle + delayed ACK).
    disable_nagle_algorithm = True
    server_version = "fake-currents"

    def log_message(self, *args):
        pass

    # ---- plumbing -------------------------------------------------------------------------
    def read_body(self):
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n else b""

    def send_json(self, status, obj, headers=None, raw=None):
        data = raw if raw is not None else json.dumps(obj).encode()
        if "gzip" in (self.headers.get("Accept-Encoding") or "") and len(data) > 200:
            # Compressed once per distinct body: the server's own CPU must not be what a benchmark measures.
            key = hash(data)
            with LOCK:
                cached = GZIP_CACHE.get(key)
            if cached is None or cached[0] != data:
                cached = (data, gzip.compress(data, compresslevel=1, mtime=0))
                with LOCK:
                    GZIP_CACHE[key] = cached
            data = cached[1]
            headers = dict(headers or {})
            headers["Content-Encoding"] = "gzip"
            with LOCK:
                STATS["gzipped"] += 1
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def fault(self, method, path):
        with LOCK:
            for rule in RULES:
                if rule.get("times", 1) <= 0:
                    continue
                if rule.get("method") and rule["method"] != method:
                    continue
                if not re.search(rule["path"], path):
                    continue
                rule["times"] = rule.get("times", 1) - 1
                return dict(rule)
        return None

    def hostile_response(self, rule):
        """A response a hostile or broken server could send; always the whole response."""
        mode = rule["mode"]
        chunk = b"x" * (1 << 20)
        try:
            if mode == "redirect":
                location = rule["location"].replace("{sink}", "http://127.0.0.1:%d" % self.server.sink_port)
                self.send_response(int(rule.get("status", 302)))
                self.send_header("Location", location)
                self.send_header("Content-Length", "0")
                self.end_headers()
            elif mode == "huge":
                total = int(rule["bytes"])
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                if rule.get("length"):
                    self.send_header("Content-Length", str(total))
                else:
                    self.send_header("Connection", "close")
                self.end_headers()
                self.wfile.write(b'{"status":"OK","data":"')
                sent = 0
                while sent < total:
                    n = min(len(chunk), total - sent)
                    self.wfile.write(chunk[:n])
                    sent += n
            elif mode == "endless":
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                frame = b"%x\r\n" % len(chunk) + chunk + b"\r\n"
                deadline = time.time() + 120
                while time.time() < deadline:
                    self.wfile.write(frame)
            elif mode == "bomb":
                total = int(rule["inflated"])
                with LOCK:
                    body = BOMBS.get(total)
                if body is None:
                    z = zlib.compressobj(9, zlib.DEFLATED, 31)
                    zeros = b"0" * (1 << 24)
                    parts = [z.compress(zeros) for _ in range(total // len(zeros))]
                    parts.append(z.compress(b"0" * (total % len(zeros))))
                    parts.append(z.flush())
                    body = b"".join(parts)
                    with LOCK:
                        BOMBS[total] = body
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Encoding", "gzip")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass
        self.close_connection = True
        return True

    def apply_fault(self, rule):
        """Returns True when the fault produced the whole response."""
        mode = rule.get("mode")
        if mode in ("redirect", "huge", "endless", "bomb"):
            return self.hostile_response(rule)
        if mode == "slow":
            time.sleep(float(rule.get("delay", 5)))
            return False
        if mode == "reset":
            # An RST instead of a response: SO_LINGER with a zero timeout, then close.
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
            self.connection.close()
            self.close_connection = True
            return True
        if mode == "truncate":
            body = b'{"status":"OK","data":{"runId":"trunc'
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body) + 500))
            self.end_headers()
            self.wfile.write(body)
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_RDWR)
            self.close_connection = True
            return True
        if mode == "html":
            body = b"<html><body>502 Bad Gateway</body></html>"
            self.send_response(int(rule.get("status", 200)))
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return True
        status = int(rule.get("status", 500))
        headers = {}
        if "retryAfter" in rule:
            headers["Retry-After"] = str(rule["retryAfter"])
        if "body" in rule:
            raw = rule["body"].encode()
            self.send_response(status)
            for k, v in headers.items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(raw)))
            self.end_headers()
            self.wfile.write(raw)
        else:
            self.send_json(status, error_body("injected %d" % status), headers)
        return True

    def rewrite(self, data):
        """Artifact URLs of the served bodies point at this server (with --artifacts)."""
        if not self.server.args.artifacts:
            return data
        base = b"http://127.0.0.1:%d/artifacts/" % self.server.server_address[1]
        return data.replace(b"https://fs.currents.dev/", base).replace(b"https://fs-staging.currents.dev/", base)

    def serve_artifact(self, path, rule):
        entry = {"path": path, "authorization": self.headers.get("Authorization"),
                 "headers": {k: v for k, v in self.headers.items()}, "complete": False}
        with LOCK:
            ARTIFACT_REQUESTS.append(entry)
        content_type = None
        if rule and "contentType" in rule and "status" not in rule and "mode" not in rule:
            content_type = rule["contentType"]
            if "bytes" in rule:
                # A large body of the wrong type: a client that checks the type at the headers
                # closes the connection long before this is all sent.
                total = int(rule["bytes"])
                self.send_response(200)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(total))
                self.end_headers()
                block = b"<html>" + b" " * (65536 - 6)
                try:
                    sent = 0
                    while sent < total:
                        n = min(len(block), total - sent)
                        self.wfile.write(block[:n])
                        sent += n
                    self.wfile.flush()
                    entry["complete"] = True
                except OSError:
                    self.close_connection = True
                return
        elif rule and self.apply_fault(rule):
            return
        name = os.path.basename(unquote(path))
        file = os.path.join(self.server.args.artifacts, name)
        if self.server.args.artifact_size and name and not name.startswith("."):
            # The benchmark: any artifact name answers this many bytes.
            data = self.server.artifact_blob
            self.send_response(200)
            self.send_header("Content-Type", content_type or CONTENT_TYPES.get(os.path.splitext(name)[1], "application/octet-stream"))
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            entry["complete"] = True
            return
        if not name or name.startswith(".") or not os.path.isfile(file):
            body = b"<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>"
            self.send_response(404)
            self.send_header("Content-Type", "application/xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        with open(file, "rb") as f:
            data = f.read()
        self.send_response(200)
        self.send_header("Content-Type", content_type or CONTENT_TYPES.get(os.path.splitext(name)[1], "application/octet-stream"))
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
        entry["complete"] = True

    # ---- dispatch -------------------------------------------------------------------------
    def handle_any(self, method):
        url = urlsplit(self.path)
        path = url.path
        query = parse_qs(url.query)
        body = self.read_body()
        if path == "/__faults" and method == "POST":
            with LOCK:
                RULES.extend(json.loads(body or b"[]"))
            return self.send_json(200, {"ok": True})
        if path == "/__stats":
            with LOCK:
                stats = dict(STATS, sink=list(SINK), sinkPort=self.server.sink_port, artifactRequests=list(ARTIFACT_REQUESTS))
                return self.send_json(200, stats, raw=json.dumps(stats).encode())
        if path == "/__reset" and method == "POST":
            with LOCK:
                RULES.clear()
                STATS.update({"requests": {}, "userAgents": [], "acceptEncodings": [], "keyInURL": False, "authHeaders": 0, "gzipped": 0,
                              "inFlight": 0, "maxInFlight": 0})
                CANCELLED.clear()
                SINK.clear()
                ARTIFACT_REQUESTS.clear()
            return self.send_json(200, {"ok": True})

        key = self.server.args.key
        with LOCK:
            name = "%s %s" % (method, path)
            STATS["requests"][name] = STATS["requests"].get(name, 0) + 1
            ua = self.headers.get("User-Agent") or ""
            if ua not in STATS["userAgents"]:
                STATS["userAgents"].append(ua)
            ae = self.headers.get("Accept-Encoding") or ""
            if ae not in STATS["acceptEncodings"]:
                STATS["acceptEncodings"].append(ae)
            for k in filter(None, [key, self.server.args.readonly_key]):
                if k in self.path:
                    STATS["keyInURL"] = True
            if self.headers.get("Authorization"):
                STATS["authHeaders"] += 1

        if self.server.args.latency_ms:
            time.sleep(self.server.args.latency_ms / 1000.0)
        rule = self.fault(method, path)
        if path.startswith("/artifacts/") and self.server.args.artifacts:
            return self.serve_artifact(path, rule)
        if rule and self.apply_fault(rule):
            return

        auth = self.headers.get("Authorization") or ""
        token = auth[len("Bearer "):] if auth.startswith("Bearer ") else None
        if token not in (key, self.server.args.readonly_key):
            return self.send_json(401, error_body("Invalid API key provided"))
        readonly = token == self.server.args.readonly_key

        if not path.startswith("/v1/"):
            return self.send_json(404, error_body("Not found"))
        parts = path[len("/v1/"):].split("/")
        run = self.server.run

        if parts == ["runs", "find"] and method == "GET":
            if "projectId" not in query:
                return self.send_json(400, error_body('"projectId" is required'))
            meta = (run or {}).get("meta") or {}
            want_build = query.get("ciBuildId", [None])[0]
            want_branch = query.get("branch", [None])[0]
            ok = run is not None and run.get("projectId") == query["projectId"][0]
            if want_build is not None:
                ok = ok and meta.get("ciBuildId") == want_build
            if want_branch is not None:
                ok = ok and ((meta.get("commit") or {}).get("branch") == want_branch)
            for tag in query.get("tags[]", []):
                ok = ok and tag in (run.get("tags") or [])
            if not ok:
                return self.send_json(404, error_body("Run not found"))
            return self.send_json(200, envelope(run))
        if len(parts) == 2 and parts[0] == "runs" and method == "GET":
            found = self.server.bundles.get(parts[1])
            if found is None:
                return self.send_json(404, error_body("Run not found"))
            return self.send_json(200, None, raw=self.rewrite(found[1]))
        if len(parts) == 3 and parts[0] == "runs" and parts[2] == "cancel" and method == "PUT":
            if readonly:
                return self.send_json(403, error_body("Insufficient permissions"))
            if parts[1] not in self.server.bundles:
                return self.send_json(404, error_body("Run not found"))
            with LOCK:
                if parts[1] in CANCELLED:
                    return self.send_json(422, error_body("Run already cancelled"))
                CANCELLED.add(parts[1])
            return self.send_json(200, envelope({"actor": "api:test-key", "canceledAt": "2026-11-29T12:00:00.000Z",
                                                 "reason": "apiRequest", "runId": parts[1]}))
        if len(parts) == 2 and parts[0] == "instances" and method == "GET":
            # By the id inside each instance file (an id need not be a file name: 300 characters, `..`).
            file = self.server.instance_files.get(unquote(parts[1]))
            if file is None:
                return self.send_json(404, error_body("Instance not found"))
            data = FILE_CACHE.get(file)
            if data is None:
                with open(file, "rb") as f:
                    data = f.read()
                FILE_CACHE[file] = data
            data = self.rewrite(data)
            if re.match(rb'\s*\{\s*"status"', data):
                return self.send_json(200, None, raw=data)
            return self.send_json(200, None, raw=b'{"status":"OK","data":' + data + b"}")
        if len(parts) == 3 and parts[0] == "projects" and parts[2] == "runs" and method == "GET":
            runs = self.server.runs
            if runs is None or parts[1] != self.server.args.project:
                return self.send_json(404, error_body("Project not found"))
            try:
                limit = int(query.get("limit", ["10"])[0])
            except ValueError:
                limit = -1
            if not 1 <= limit <= 50:
                return self.send_json(400, error_body('"limit" must be between 1 and 50'))
            items = runs
            for b in query.get("branches[]", []):
                items = [r for r in items if ((r.get("meta") or {}).get("commit") or {}).get("branch") == b]
            for t in query.get("tags[]", []):
                items = [r for r in items if t in (r.get("tags") or [])]
            statuses = query.get("status", [])
            if statuses:
                items = [r for r in items if r.get("status") in statuses]
            start = 0
            after = query.get("starting_after", [None])[0]
            if after is not None:
                cursors = [r.get("cursor") for r in items]
                start = cursors.index(after) + 1 if after in cursors else len(items)
            limit = min(limit, self.server.args.max_page)
            page = items[start:start + limit]
            return self.send_json(200, envelope(page, has_more=start + limit < len(items)))
        if len(parts) == 2 and parts[0] in ("tests", "spec-files") and method == "GET":
            items = self.server.tests_explorer if parts[0] == "tests" else self.server.spec_files
            if items is None:
                return self.send_json(404, error_body("Not found"))
            if parts[1] != self.server.args.project:
                return self.send_json(404, error_body("Project not found"))
            if "date_start" not in query or "date_end" not in query:
                return self.send_json(400, error_body('"date_start" and "date_end" are required'))
            try:
                page = int(query.get("page", ["0"])[0])
                limit = int(query.get("limit", ["10"])[0])
            except ValueError:
                return self.send_json(400, error_body('"page" and "limit" must be numbers'))
            if not 1 <= limit <= 50 or page < 0:
                return self.send_json(400, error_body('"limit" must be between 1 and 50'))
            chosen = []
            for item in items:
                if parts[0] == "tests" and "spec" in query and item.get("spec") != query["spec"][0]:
                    continue
                shown = {k: v for k, v in item.items() if k != "byBranch"}
                branches = query.get("branches[]", [])
                if branches:
                    metrics = (item.get("byBranch") or {}).get(branches[0])
                    if metrics is None:
                        continue
                    shown["metrics"] = metrics
                chosen.append(shown)
            start = page * limit
            more = start + limit < len(chosen)
            return self.send_json(200, envelope({"list": chosen[start:start + limit], "total": len(chosen),
                                                 "nextPage": page + 1 if more else False}))
        return self.send_json(404, error_body("Not found"))

    def counted(self, method):
        api = not self.path.startswith("/__")
        if api:
            with LOCK:
                STATS["inFlight"] += 1
                STATS["maxInFlight"] = max(STATS["maxInFlight"], STATS["inFlight"])
        try:
            self.handle_any(method)
        finally:
            if api:
                with LOCK:
                    STATS["inFlight"] -= 1

    def do_GET(self):
        self.counted("GET")

    def do_PUT(self):
        self.counted("PUT")

    def do_POST(self):
        self.counted("POST")


def serve_sink(listener):
    """Records the head of each request (request line and headers, as received) and answers 502."""
    while True:
        try:
            conn, _ = listener.accept()
        except OSError:
            return
        with conn:
            conn.settimeout(5)
            head = b""
            try:
                while b"\r\n\r\n" not in head and len(head) < 65536:
                    data = conn.recv(4096)
                    if not data:
                        break
                    head += data
                conn.sendall(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            except OSError:
                pass
            with LOCK:
                SINK.append(head.decode("latin-1"))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--bundle", required=True, action="append", help="a run bundle; repeat for several runs")
    p.add_argument("--key", required=True)
    p.add_argument("--readonly-key")
    p.add_argument("--project", default="proj1")
    p.add_argument("--runs")
    p.add_argument("--latency-ms", type=float, default=0)
    p.add_argument("--max-page", type=int, default=50, help="serve at most this many runs per page")
    p.add_argument("--tests-explorer", help="items of GET /tests/:projectId (see the docstring)")
    p.add_argument("--spec-files", help="items of GET /spec-files/:projectId")
    p.add_argument("--artifacts", help="serve the files of this directory under /artifacts/ (see the docstring)")
    p.add_argument("--artifact-size", type=int, default=0, help="with --artifacts: answer N bytes for any artifact name")
    args = p.parse_args()

    class Server(ThreadingHTTPServer):
        daemon_threads = True
        request_queue_size = 128

    server = Server(("127.0.0.1", 0), Handler)
    server.args = args
    server.artifact_blob = bytes(range(256)) * (args.artifact_size // 256) + b"\0" * (args.artifact_size % 256)
    sink = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sink.bind(("127.0.0.1", 0))
    sink.listen(16)
    server.sink_port = sink.getsockname()[1]
    threading.Thread(target=serve_sink, args=(sink,), daemon=True).start()
    # runId -> (run data, response body, bundle directory)
    server.bundles = {}
    for bundle in args.bundle:
        run_file = os.path.join(bundle, "run.json")
        if not os.path.isfile(run_file):
            continue
        with open(run_file, "rb") as f:
            raw = f.read()
        parsed = json.loads(raw)
        if isinstance(parsed, dict) and "data" in parsed and "status" in parsed:
            # Saved with its envelope (as curl saves it): serve it as it is.
            server.bundles[parsed["data"]["runId"]] = (parsed["data"], raw, bundle)
        else:
            server.bundles[parsed["runId"]] = (parsed, b'{"status":"OK","data":' + raw + b"}", bundle)
    # instanceId (as written inside the file) -> file, over every bundle.
    server.instance_files = {}
    for _, _, bundle in server.bundles.values():
        directory = os.path.join(bundle, "instances")
        for name in sorted(os.listdir(directory)) if os.path.isdir(directory) else []:
            path = os.path.join(directory, name)
            try:
                with open(path, "rb") as f:
                    parsed = json.loads(f.read())
                data = parsed.get("data", parsed) if isinstance(parsed, dict) else None
                instance_id = data.get("instanceId") if isinstance(data, dict) else None
            except (ValueError, OSError):
                instance_id = None
            # A file that is not an instance (the hostile cases) is still served under its name.
            server.instance_files.setdefault(instance_id if isinstance(instance_id, str) else name[:-len(".json")], path)
    first = next(iter(server.bundles.values()), None)
    server.run = first[0] if first else None
    server.tests_explorer = server.spec_files = None
    if args.tests_explorer:
        with open(args.tests_explorer) as f:
            server.tests_explorer = json.load(f)
    if args.spec_files:
        with open(args.spec_files) as f:
            server.spec_files = json.load(f)
    server.runs = None
    if args.runs:
        with open(args.runs) as f:
            server.runs = json.load(f)
    elif len(server.bundles) > 1:
        # The list endpoint over the bundles themselves: items without specs, newest first.
        items = []
        for data, _, _ in server.bundles.values():
            item = {k: v for k, v in data.items() if k != "specs"}
            item["cursor"] = "c-" + data["runId"]
            items.append(item)
        items.sort(key=lambda r: r.get("createdAt") or "", reverse=True)
        server.runs = items
        args.project = first[0].get("projectId") or args.project
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print("PORT %d" % server.server_address[1], flush=True)
    # Exit with the parent: it holds our stdin open.
    sys.stdin.read()
    server.shutdown()


if __name__ == "__main__":
    main()
