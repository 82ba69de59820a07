#!/usr/bin/env python3
"""A SigV4-verifying reverse proxy, standing in for AWS API Gateway (IAM auth) in tests.

Every request's signature is recomputed with botocore's SigV4Auth (an independent implementation of SigV4)
over the request exactly as received, using the request's own X-Amz-Date and the headers listed in its
SignedHeaders. Valid requests are forwarded to --upstream; invalid ones get API Gateway's 403 answers.

Prints one JSON line {"ready": true, "port": N, "uri": "http://127.0.0.1:N"} on stdout once listening; stops when
stdin is closed or on SIGTERM/SIGINT. One line per request on stderr describes the verification decision.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import hmac
import http.client
import json
import os
import re
import sys
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest, HTTPHeaders
from botocore.credentials import Credentials

from lifecycle import stop_on_signals, wait_until_stopped

HOP_BY_HOP = {
    "connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailer", "trailers",
    "transfer-encoding", "upgrade", "expect", "proxy-connection",
}
STRIP_TO_UPSTREAM = HOP_BY_HOP | {"host", "authorization", "x-amz-date", "x-amz-security-token",
                                  "x-amz-content-sha256", "content-length"}
SIGV4_FMT = "%Y%m%dT%H%M%SZ"
AUTH_RE = re.compile(r"^AWS4-HMAC-SHA256\s+(.*)$", re.S)


def log(msg: str) -> None:
    sys.stderr.write(f"[sigv4_gateway] {msg}\n")
    sys.stderr.flush()


class Rejection(Exception):
    def __init__(self, status: int, message: str, error_type: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.error_type = error_type


class VerifyingSigV4(SigV4Auth):
    """botocore's SigV4Auth, restricted to the headers the client declared in SignedHeaders."""

    def __init__(self, credentials, service, region, signed: list[str]) -> None:
        super().__init__(credentials, service, region)
        self._signed = signed

    def headers_to_sign(self, request):  # noqa: D401 - botocore API
        header_map = HTTPHeaders()
        for name in self._signed:
            values = request.headers.get_all(name) or []
            if not values:
                raise Rejection(403, f"Signed header '{name}' is missing from the request.",
                                "IncompleteSignatureException")
            for v in values:
                header_map[name] = v
        return header_map


def parse_authorization(value: str) -> dict[str, str]:
    m = AUTH_RE.match(value.strip())
    if not m:
        raise Rejection(403, f"Authorization header requires 'Credential' parameter. Authorization header requires "
                             f"'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. "
                             f"Authorization={value}", "IncompleteSignatureException")
    parts = {}
    for item in m.group(1).split(","):
        k, _, v = item.strip().partition("=")
        parts[k.strip()] = v.strip()
    missing = [k for k in ("Credential", "SignedHeaders", "Signature") if not parts.get(k)]
    if missing:
        raise Rejection(403, " ".join(f"Authorization header requires '{k}' parameter." for k in missing)
                        + f" Authorization={value}", "IncompleteSignatureException")
    return parts


def canonical_params(query: str) -> list[tuple[str, str]]:
    """Decode the query as sent (percent-decoding only; '+' stays a literal plus, as AWS treats it), so that
    botocore re-encodes it canonically (RFC 3986)."""
    out = []
    if not query:
        return out
    for pair in query.split("&"):
        k, _, v = pair.partition("=")
        out.append((urllib.parse.unquote(k), urllib.parse.unquote(v)))
    return out


def fmt_minutes(seconds: float) -> str:
    m = seconds / 60
    return str(int(m)) if m == int(m) else f"{m:g}"


class Config:
    def __init__(self, args: argparse.Namespace) -> None:
        self.upstream = urllib.parse.urlsplit(args.upstream.rstrip("/"))
        self.region = args.region
        self.service = args.service
        self.access_key = args.access_key
        self.secret_key = args.secret_key
        self.session_token = args.session_token
        self.max_skew = args.max_skew_seconds
        self.expired_tokens = set(args.expired_token)
        self.deny_prefixes = args.deny_path_prefix


CFG: Config


def verify(method: str, raw_path: str, headers: HTTPHeaders, body: bytes) -> str:
    """Returns a short description on success; raises Rejection."""
    auth = headers.get("Authorization")
    if not auth:
        raise Rejection(403, "Missing Authentication Token", "MissingAuthenticationTokenException")
    parts = parse_authorization(auth)
    cred = parts["Credential"].split("/")
    if len(cred) != 5 or cred[4] != "aws4_request":
        raise Rejection(403, f"Credential should be scoped to correct service: '{CFG.service}'. ",
                        "IncompleteSignatureException")
    access_key, date_scope, region, service, _ = cred
    if access_key != CFG.access_key:
        raise Rejection(403, "The security token included in the request is invalid.",
                        "UnrecognizedClientException")
    signed = [h.strip().lower() for h in parts["SignedHeaders"].split(";") if h.strip()]
    if "host" not in signed:
        raise Rejection(403, "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.",
                        "IncompleteSignatureException")
    amz_date = headers.get("X-Amz-Date")
    if not amz_date:
        raise Rejection(403, "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. "
                             f"Authorization={auth}", "IncompleteSignatureException")
    try:
        ts = dt.datetime.strptime(amz_date, SIGV4_FMT).replace(tzinfo=dt.timezone.utc)
    except ValueError:
        raise Rejection(403, f"Date must be in ISO-8601 'basic format'. Got '{amz_date}'. See "
                             "http://en.wikipedia.org/wiki/ISO_8601", "IncompleteSignatureException")
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    skew = dt.timedelta(seconds=CFG.max_skew)
    if ts < now - skew:
        raise Rejection(403, f"Signature expired: {amz_date} is now earlier than {(now - skew).strftime(SIGV4_FMT)} "
                             f"({now.strftime(SIGV4_FMT)} - {fmt_minutes(CFG.max_skew)} min.)",
                        "InvalidSignatureException")
    if ts > now + skew:
        raise Rejection(403, f"Signature not yet current: {amz_date} is still later than "
                             f"{(now + skew).strftime(SIGV4_FMT)} ({now.strftime(SIGV4_FMT)} + "
                             f"{fmt_minutes(CFG.max_skew)} min.)", "InvalidSignatureException")
    if date_scope != amz_date[:8]:
        raise Rejection(403, f"Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from "
                             f"HTTP: '{date_scope}' != '{amz_date[:8]}', from '{amz_date}'.",
                        "InvalidSignatureException")
    if region != CFG.region:
        raise Rejection(403, f"Credential should be scoped to a valid region. ", "InvalidSignatureException")
    if service != CFG.service:
        raise Rejection(403, f"Credential should be scoped to correct service: '{CFG.service}'. ",
                        "InvalidSignatureException")
    tok = headers.get("X-Amz-Security-Token")
    if tok is not None and tok in CFG.expired_tokens:
        raise Rejection(403, "The security token included in the request is expired", "ExpiredTokenException")
    if CFG.session_token is not None:
        if tok != CFG.session_token or "x-amz-security-token" not in signed:
            raise Rejection(403, "The security token included in the request is invalid.",
                            "UnrecognizedClientException")
    host = headers.get("Host")
    if not host:
        raise Rejection(400, "Missing Host header", "BadRequestException")
    sent_sha = headers.get("X-Amz-Content-SHA256")
    if sent_sha is not None and sent_sha != hashlib.sha256(body).hexdigest():
        raise Rejection(400, "The provided 'x-amz-content-sha256' header does not match what was computed.",
                        "BadRequestException")

    path, _, query = raw_path.partition("?")
    request = AWSRequest(method=method, url=f"http://{host}{path}", data=body,
                         params=canonical_params(query))
    request.headers = headers  # as received (HTTPHeaders, multi-valued)
    request.context["timestamp"] = amz_date
    signer = VerifyingSigV4(Credentials(CFG.access_key, CFG.secret_key, CFG.session_token), CFG.service,
                            CFG.region, signed)
    creq = signer.canonical_request(request)
    sts = signer.string_to_sign(request, creq)
    expected = signer.signature(sts, request)
    if not hmac.compare_digest(expected, parts["Signature"]):
        raise Rejection(
            403,
            "The request signature we calculated does not match the signature you provided. Check your AWS Secret "
            "Access Key and signing method. Consult the service documentation for details.\n\n"
            f"The Canonical String for this request should have been\n'{creq}'\n\n"
            f"The String-to-Sign should have been\n'{sts}'\n",
            "InvalidSignatureException",
        )
    for prefix in CFG.deny_prefixes:
        if path.startswith(prefix):
            # What API Gateway says when the caller's IAM policy does not allow execute-api:Invoke on the route.
            raise Rejection(
                403,
                f"User: arn:aws:iam::123456789012:user/nsb-tester is not authorized to perform: execute-api:Invoke on "
                f"resource: arn:aws:execute-api:{CFG.region}:123456789012:abc123/prod/{method}{path} with an explicit deny",
                "AccessDeniedException",
            )
    return f"signed={';'.join(signed)}"


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "sigv4-gateway"

    def log_message(self, fmt, *args):  # silence default access log; we log decisions ourselves
        pass

    def _read_body(self) -> bytes:
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    break
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
            return b"".join(chunks)
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n else b""

    def _send(self, status: int, body: bytes, headers: list[tuple[str, str]]) -> None:
        self.send_response(status)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
        self.wfile.flush()

    def _handle(self) -> None:
        body = self._read_body()
        headers = HTTPHeaders()
        for k, v in self.headers.items():
            headers[k] = v
        try:
            detail = verify(self.command, self.path, headers, body)
        except Rejection as r:
            log(f"REJECT {r.status} {self.command} {self.path}: {r.error_type}: {r.message.splitlines()[0]}")
            # API Gateway spells the key "Message" for policy denials and "message" otherwise.
            key = "Message" if r.error_type == "AccessDeniedException" else "message"
            out = json.dumps({key: r.message}, separators=(",", ":")).encode()
            hs = [("Content-Type", "application/json"), ("x-amzn-RequestId", os.urandom(16).hex())]
            if r.error_type:
                hs.append(("x-amzn-ErrorType", r.error_type))
            self._send(r.status, out, hs)
            return
        up = CFG.upstream
        fwd = [(k, v) for k, v in self.headers.items() if k.lower() not in STRIP_TO_UPSTREAM]
        try:
            conn = http.client.HTTPConnection(up.hostname, up.port or 80, timeout=120)
            conn.putrequest(self.command, (up.path or "") + self.path, skip_host=True, skip_accept_encoding=True)
            conn.putheader("Host", up.netloc)
            for k, v in fwd:
                conn.putheader(k, v)
            if body or self.command in ("POST", "PUT", "PATCH"):
                conn.putheader("Content-Length", str(len(body)))
            conn.endheaders(body if body else None)
            resp = conn.getresponse()
            rbody = resp.read()
            rheaders = [(k, v) for k, v in resp.getheaders() if k.lower() not in HOP_BY_HOP | {"content-length"}]
            conn.close()
        except Exception as e:  # noqa: BLE001
            log(f"ACCEPT {self.command} {self.path} ({detail}) -> upstream error {e!r}")
            self._send(502, json.dumps({"message": f"upstream error: {e}"}).encode(),
                       [("Content-Type", "application/json")])
            return
        log(f"ACCEPT {self.command} {self.path} ({detail}) -> {resp.status}")
        self._send(resp.status, rbody, rheaders)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = do_OPTIONS = _handle


def main() -> int:
    global CFG
    ap = argparse.ArgumentParser()
    ap.add_argument("--upstream", required=True)
    ap.add_argument("--region", required=True)
    ap.add_argument("--service", default="execute-api")
    ap.add_argument("--access-key", required=True)
    ap.add_argument("--secret-key", required=True)
    ap.add_argument("--session-token", default=None)
    ap.add_argument("--max-skew-seconds", type=float, default=300)
    ap.add_argument("--expired-token", action="append", default=[],
                    help="a session token answered as expired (ExpiredTokenException), repeatable")
    ap.add_argument("--deny-path-prefix", action="append", default=[],
                    help="validly signed requests under this path are denied as by an IAM policy, repeatable")
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=0)
    args = ap.parse_args()
    CFG = Config(args)

    httpd = ThreadingHTTPServer((args.host, args.port), Handler)
    httpd.daemon_threads = True
    stop = stop_on_signals(log)

    t = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True)
    t.start()
    port = httpd.server_address[1]
    sys.stdout.write(json.dumps({"ready": True, "port": port, "uri": f"http://{args.host}:{port}"}) + "\n")
    sys.stdout.flush()
    log(f"listening on {args.host}:{port}, upstream {args.upstream}, region {args.region}, service {args.service}")
    wait_until_stopped(stop, log)
    httpd.shutdown()
    httpd.server_close()
    log("stopped")
    return 0


if __name__ == "__main__":
    rc = main()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(rc)
