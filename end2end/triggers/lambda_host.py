#!/usr/bin/env python3
"""A Lambda-compatible host on loopback, for Cognate's trigger tests.

In front, AWS Lambda's Invoke API (`POST /2015-03-31/functions/<name>/invocations`),
checking each request's SigV4 signature (service `lambda`) with botocore's own signer.
Behind, for each function, the documented Lambda Runtime API
(`/2018-06-01/runtime/invocation/next`, `…/<id>/response`, `…/<id>/error`,
`/2018-06-01/runtime/init/error`) on a port of its own, polled by AWS's runtime interface
clients: PyPI's `awslambdaric` for Python handlers, npm's `aws-lambda-ric` for Node.js
ones. So a handler runs here exactly as it runs in Lambda.

Usage: lambda_host.py <port> <functions.json> <state dir>

functions.json: {"<name>": {"runtime": "python" | "nodejs", "dir": "<code folder, from
functions.json's own>", "handler": "<module>.<function>", "timeout": <seconds, default 3>,
"concurrency": <runtime processes, default 1>, "env": {…; "{state}" is the state dir}}}.
Port 0 picks a free one; the port is printed once it listens. The access key the callers
sign with is AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY in this process's environment.
Every event received is appended to <state dir>/events.jsonl (a `password` field is
blanked), and `GET /events` returns them, for the tests to read what Cognate sent.
"""

import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

HERE = os.path.dirname(os.path.abspath(__file__))
REGION_OF_ARN = 3
RUNTIME_PREFIX = "/2018-06-01/runtime"


class Invocation:
    def __init__(self, event: bytes, deadline: float, arn: str):
        self.id = str(uuid.uuid4())
        self.event = event
        self.deadline = deadline
        self.arn = arn
        self.done = threading.Event()
        self.payload = b""
        self.error = False


class Function:
    """One function: its Runtime API, its runtime processes and its queue of invocations."""

    def __init__(self, name: str, spec: dict, state: str):
        self.name = name
        self.spec = spec
        self.timeout = float(spec.get("timeout", 3))
        self.queue: "queue.Queue[Invocation]" = queue.Queue()
        self.running: dict[str, Invocation] = {}
        self.lock = threading.Lock()
        self.processes: list[subprocess.Popen] = []
        self.state = state
        function = self

        class RuntimeApi(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):
                if self.path != f"{RUNTIME_PREFIX}/invocation/next":
                    return reply(self, 404, b"{}")
                invocation = function.queue.get()
                with function.lock:
                    function.running[invocation.id] = invocation
                headers = {
                    "Lambda-Runtime-Aws-Request-Id": invocation.id,
                    "Lambda-Runtime-Deadline-Ms": str(int(invocation.deadline * 1000)),
                    "Lambda-Runtime-Invoked-Function-Arn": invocation.arn,
                    "Lambda-Runtime-Trace-Id": f"Root=1-{uuid.uuid4().hex[:8]}-{uuid.uuid4().hex[:24]}",
                }
                reply(self, 200, invocation.event, headers)

            def do_POST(self):
                body = read_body(self)
                if self.path == f"{RUNTIME_PREFIX}/init/error":
                    sys.stderr.write(f"lambda host: {function.name} failed to start: {body!r}\n")
                    return reply(self, 202, b'{"status":"OK"}')
                parts = self.path[len(RUNTIME_PREFIX):].split("/")
                # /invocation/<id>/response | /invocation/<id>/error
                if len(parts) != 4 or parts[1] != "invocation" or parts[3] not in ("response", "error"):
                    return reply(self, 404, b"{}")
                with function.lock:
                    invocation = function.running.pop(parts[2], None)
                if invocation is None:
                    return reply(self, 400, b'{"errorType":"InvalidRequestID"}')
                invocation.payload = body
                invocation.error = parts[3] == "error"
                invocation.done.set()
                reply(self, 202, b'{"status":"OK"}')

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), RuntimeApi)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def start(self, region: str):
        port = self.server.server_address[1]
        code = self.spec["dir"]
        env = {
            "PATH": os.environ["PATH"],
            "HOME": os.environ.get("HOME", "/tmp"),
            "LANG": "C.UTF-8",
            "AWS_LAMBDA_RUNTIME_API": f"127.0.0.1:{port}",
            "AWS_LAMBDA_FUNCTION_NAME": self.name,
            "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
            "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "128",
            "AWS_REGION": region,
            "AWS_DEFAULT_REGION": region,
            "LAMBDA_TASK_ROOT": code,
            "_HANDLER": self.spec["handler"],
            **{key: value.replace("{state}", self.state)
               for key, value in self.spec.get("env", {}).items()},
        }
        if self.spec["runtime"] == "python":
            command = [sys.executable, "-m", "awslambdaric", self.spec["handler"]]
            env["PYTHONPATH"] = code
        else:
            ric = os.path.join(HERE, "node", "node_modules", "aws-lambda-ric", "bin", "index.mjs")
            command = ["node", ric, self.spec["handler"]]
        log = open(os.path.join(self.state, f"{self.name}.log"), "ab")
        for _ in range(int(self.spec.get("concurrency", 1))):
            self.processes.append(
                subprocess.Popen(command, cwd=code, env=env, stdout=log, stderr=log,
                                 start_new_session=True)
            )

    def invoke(self, event: bytes, arn: str) -> Invocation:
        invocation = Invocation(event, time.time() + self.timeout, arn)
        self.queue.put(invocation)
        if not invocation.done.wait(self.timeout):
            # As Lambda: the caller gets the timeout as the function's error.
            invocation.error = True
            invocation.payload = json.dumps({
                "errorType": "Sandbox.Timedout",
                "errorMessage": f"Task timed out after {self.timeout:.2f} seconds",
            }).encode()
        return invocation

    def stop(self):
        for process in self.processes:
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.server.shutdown()


def read_body(handler: BaseHTTPRequestHandler) -> bytes:
    length = int(handler.headers.get("Content-Length") or 0)
    return handler.rfile.read(length) if length else b""


def reply(handler: BaseHTTPRequestHandler, status: int, body: bytes, headers=None):
    handler.send_response(status)
    handler.send_header("Content-Type", "application/json")
    handler.send_header("Content-Length", str(len(body)))
    for name, value in (headers or {}).items():
        handler.send_header(name, value)
    handler.end_headers()
    handler.wfile.write(body)


def lambda_error(handler, status: int, kind: str, message: str):
    body = json.dumps({"Type": "User", "message": message}).encode()
    reply(handler, status, body, {"x-amzn-ErrorType": kind})


def signature_matches(handler: BaseHTTPRequestHandler, body: bytes) -> bool:
    """Recomputes the request's SigV4 signature with botocore and compares."""
    given = handler.headers.get("Authorization", "")
    amz_date = handler.headers.get("X-Amz-Date", "")
    if not given.startswith("AWS4-HMAC-SHA256 ") or not amz_date:
        return False
    fields = dict(
        part.strip().split("=", 1) for part in given[len("AWS4-HMAC-SHA256 "):].split(",")
    )
    scope = fields.get("Credential", "").split("/")
    if len(scope) != 5 or scope[3] != "lambda" or scope[0] != os.environ["AWS_ACCESS_KEY_ID"]:
        return False
    signed = fields.get("SignedHeaders", "").split(";")
    host = handler.headers.get("Host", "")
    request = AWSRequest(method="POST", url=f"http://{host}{handler.path}", data=body)
    for name in signed:
        if name != "host" and handler.headers.get(name) is not None:
            request.headers[name] = handler.headers.get(name)
    credentials = Credentials(os.environ["AWS_ACCESS_KEY_ID"], os.environ["AWS_SECRET_ACCESS_KEY"])
    signer = SigV4Auth(credentials, "lambda", scope[2])
    signer._timestamp = lambda: amz_date  # the caller's time, not ours
    request.context["timestamp"] = amz_date
    canonical = signer.canonical_request(request)
    string_to_sign = signer.string_to_sign(request, canonical)
    expected = signer.signature(string_to_sign, request)
    return fields.get("Signature") == expected


def main():
    port, spec_path, state = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    os.makedirs(state, exist_ok=True)
    state = os.path.abspath(state)
    os.makedirs(os.path.join(state, "profiles"), exist_ok=True)
    with open(spec_path) as file:
        specs = json.load(file)
    base = os.path.dirname(os.path.abspath(spec_path))
    for spec in specs.values():
        spec["dir"] = os.path.join(base, spec["dir"])
    functions = {name: Function(name, spec, state) for name, spec in specs.items()}
    for function in functions.values():
        function.start(os.environ.get("AWS_REGION", "us-east-1"))
    events_path = os.path.join(state, "events.jsonl")
    events_lock = threading.Lock()

    class InvokeApi(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def do_GET(self):
            if self.path != "/events":
                return reply(self, 404, b"{}")
            with events_lock:
                try:
                    with open(events_path, "rb") as file:
                        lines = [json.loads(line) for line in file if line.strip()]
                except FileNotFoundError:
                    lines = []
            reply(self, 200, json.dumps(lines).encode())

        def do_POST(self):
            body = read_body(self)
            prefix, suffix = "/2015-03-31/functions/", "/invocations"
            if not (self.path.startswith(prefix) and self.path.endswith(suffix)):
                return lambda_error(self, 404, "UnknownOperationException", "Unknown operation")
            if not signature_matches(self, body):
                return lambda_error(self, 403, "InvalidSignatureException",
                                    "The request signature we calculated does not match the signature you provided.")
            target = unquote(self.path[len(prefix):-len(suffix)])
            name = target.split(":function:")[-1].split(":")[0]
            function = functions.get(name)
            arn = target if target.startswith("arn:") else \
                f"arn:aws:lambda:us-east-1:000000000000:function:{name}"
            if function is None:
                return lambda_error(self, 404, "ResourceNotFoundException",
                                    f"Function not found: {arn}")
            try:
                recorded = json.loads(body)
                if isinstance(recorded.get("request"), dict) and "password" in recorded["request"]:
                    recorded["request"]["password"] = "***"
            except ValueError:
                recorded = {"unreadable": body.decode("utf-8", "replace")}
            with events_lock, open(events_path, "a") as file:
                file.write(json.dumps({"function": name, "event": recorded}) + "\n")
            invocation = function.invoke(body, arn)
            headers = {"X-Amz-Executed-Version": "$LATEST"}
            if invocation.error:
                headers["X-Amz-Function-Error"] = "Unhandled"
            reply(self, 200, invocation.payload, headers)

    try:
        server = ThreadingHTTPServer(("127.0.0.1", port), InvokeApi)
    except OSError:
        # A host that cannot listen takes its runtimes with it: left behind, each would
        # spin on a Runtime API that is gone.
        for function in functions.values():
            function.stop()
        raise
    server.daemon_threads = True

    def stop(*_):
        for function in functions.values():
            function.stop()
        os._exit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    with open(os.path.join(state, "runtime.pids"), "w") as pids:
        for function in functions.values():
            for process in function.processes:
                pids.write(f"{process.pid}\n")
    print(f"lambda host: listening on 127.0.0.1:{server.server_address[1]}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
