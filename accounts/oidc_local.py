"""A small OpenID Connect provider on 127.0.0.1, for tests and for trying single sign-on locally.

It speaks the protocol for real: discovery, an authorize endpoint that sends the browser back
with a one-time code, a token endpoint that checks the client's secret and the PKCE verifier and
issues an ID token signed with its own RSA key, a JWKS endpoint and userinfo. Tests can make it
misbehave (a foreign signing key, a wrong nonce, an expired token, a failing token endpoint).

With ``person`` set, the authorize endpoint signs that person in at once (tests); without it, it
asks for a personal ID number and a name in a plain form (``manage.py accounts oidc-provider``).
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlencode, urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

_FORM = """<!DOCTYPE html><html lang="vi"><meta charset="utf-8"><title>Định danh thử</title>
<h1>Nhà cung cấp định danh thử nghiệm (MotCua, chỉ dùng khi phát triển)</h1>
<form method="post">{hidden}
<p><label>Số định danh cá nhân <input name="personal_id" required></label></p>
<p><label>Họ và tên <input name="name" required></label></p>
<p><button>Đăng nhập</button></p></form>"""


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


@dataclass
class LocalProvider:
    """Run with ``with LocalProvider(person={...}) as provider:``; ``provider.issuer``."""

    client_id: str = "motcua"
    client_secret: str = "local-secret"  # noqa: S105 - a local test provider
    person: dict[str, Any] | None = None
    port: int = 0
    # Claims left out of the ID token (the relying party must ask userinfo for them).
    userinfo_only: tuple[str, ...] = ()
    # Misbehaviour, for tests.
    sign_with_foreign_key: bool = False
    nonce_override: str | None = None
    audience_override: str | None = None
    issuer_override: str | None = None
    lifetime_seconds: int = 300
    token_endpoint_down: bool = False
    requests: list[tuple[str, str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.kid = secrets.token_hex(8)
        self._codes: dict[str, dict[str, Any]] = {}
        self._tokens: dict[str, dict[str, Any]] = {}
        self._server: _Server | None = None

    @property
    def issuer(self) -> str:
        assert self._server is not None  # noqa: S101 - only while running
        return f"http://127.0.0.1:{self._server.server_port}"

    # Endpoints ---------------------------------------------------------------------------

    def metadata(self) -> dict[str, Any]:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "userinfo_endpoint": f"{self.issuer}/userinfo",
            "jwks_uri": f"{self.issuer}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic"],
        }

    def jwks(self) -> dict[str, Any]:
        public = RSAAlgorithm.to_jwk(self.key.public_key(), as_dict=True)
        return {"keys": [{**public, "kid": self.kid, "use": "sig", "alg": "RS256"}]}

    def authorize(self, query: dict[str, str], person: dict[str, Any] | None) -> tuple[int, str]:
        """(status, Location or error text) for an authorization request."""
        redirect_uri = query.get("redirect_uri", "")
        if query.get("client_id") != self.client_id or not redirect_uri:
            return 400, "unknown client or missing redirect_uri"
        if query.get("response_type") != "code" or query.get("code_challenge_method") != "S256":
            return 400, "only the code flow with PKCE S256"
        if person is None:
            return 200, ""
        code = secrets.token_urlsafe(24)
        self._codes[code] = {
            "redirect_uri": redirect_uri,
            "nonce": query.get("nonce", ""),
            "challenge": query.get("code_challenge", ""),
            "person": person,
        }
        back = urlencode({"code": code, "state": query.get("state", "")})
        return 302, f"{redirect_uri}{'&' if '?' in redirect_uri else '?'}{back}"

    def _client_ok(self, authorization: str) -> bool:
        if not authorization.startswith("Basic "):
            return False
        try:
            pair = base64.b64decode(authorization[6:]).decode()
        except ValueError:
            return False
        client_id, _colon, secret = pair.partition(":")
        return (unquote(client_id), unquote(secret)) == (self.client_id, self.client_secret)

    def token(self, form: dict[str, str], authorization: str) -> tuple[int, dict[str, Any]]:
        if self.token_endpoint_down:
            return 503, {"error": "temporarily_unavailable"}
        if not self._client_ok(authorization):
            return 401, {"error": "invalid_client"}
        grant = self._codes.pop(form.get("code", ""), None)  # a code works once
        if form.get("grant_type") != "authorization_code" or grant is None:
            return 400, {"error": "invalid_grant"}
        verifier = form.get("code_verifier", "")
        challenge = _b64url(hashlib.sha256(verifier.encode()).digest())
        if form.get("redirect_uri") != grant["redirect_uri"] or challenge != grant["challenge"]:
            return 400, {"error": "invalid_grant"}
        now = int(time.time())
        person = dict(grant["person"])
        claims = {k: v for k, v in person.items() if k not in self.userinfo_only}
        claims.update(
            iss=self.issuer_override or self.issuer,
            aud=self.audience_override or self.client_id,
            iat=now,
            exp=now + self.lifetime_seconds,
            nonce=self.nonce_override if self.nonce_override is not None else grant["nonce"],
        )
        key = self.key
        if self.sign_with_foreign_key:
            key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        id_token = jwt.encode(claims, key, algorithm="RS256", headers={"kid": self.kid})
        access_token = secrets.token_urlsafe(24)
        self._tokens[access_token] = person
        return 200, {
            "access_token": access_token,
            "token_type": "Bearer",
            "expires_in": 300,
            "id_token": id_token,
        }

    def userinfo(self, authorization: str) -> tuple[int, dict[str, Any]]:
        person = self._tokens.get(authorization.removeprefix("Bearer "))
        if person is None:
            return 401, {"error": "invalid_token"}
        return 200, person

    # Server ------------------------------------------------------------------------------

    def __enter__(self) -> LocalProvider:
        self._server = _Server(("127.0.0.1", self.port), _Handler)
        self._server.provider = self
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()


class _Server(ThreadingHTTPServer):
    provider: LocalProvider


class _Handler(BaseHTTPRequestHandler):
    @property
    def provider(self) -> LocalProvider:
        assert isinstance(self.server, _Server)  # noqa: S101 - only served by _Server
        return self.server.provider

    def _send(self, status: int, body: bytes, content_type: str, **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def _json(self, status: int, data: dict[str, Any]) -> None:
        self._send(status, json.dumps(data).encode(), "application/json")

    def _authorize(self, query: dict[str, str], person: dict[str, Any] | None) -> None:
        status, text = self.provider.authorize(query, person)
        if status == 302:
            self._send(302, b"", "text/plain", Location=text)
        elif status == 200:
            hidden = "".join(
                f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">'
                for k, v in query.items()
            )
            self._send(200, _FORM.format(hidden=hidden).encode(), "text/html; charset=utf-8")
        else:
            self._send(status, text.encode(), "text/plain; charset=utf-8")

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        provider = self.provider
        provider.requests.append(("GET", parts.path))
        if parts.path == "/.well-known/openid-configuration":
            self._json(200, provider.metadata())
        elif parts.path == "/jwks":
            self._json(200, provider.jwks())
        elif parts.path == "/authorize":
            self._authorize(query, provider.person)
        elif parts.path == "/userinfo":
            self._json(*provider.userinfo(self.headers.get("Authorization", "")))
        else:
            self._json(404, {"error": "not_found"})

    def do_POST(self) -> None:
        parts = urlsplit(self.path)
        provider = self.provider
        provider.requests.append(("POST", parts.path))
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        form = {k: v[0] for k, v in parse_qs(body.decode()).items()}
        if parts.path == "/token":
            self._json(*provider.token(form, self.headers.get("Authorization", "")))
        elif parts.path == "/authorize":
            # The form of a developer's sign-in: whoever they say they are.
            person = {"sub": form.pop("personal_id", ""), "name": form.pop("name", "")}
            self._authorize(form, person)
        else:
            self._json(404, {"error": "not_found"})

    def log_message(self, *args: Any) -> None:
        pass
