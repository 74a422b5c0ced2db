"""Single sign-on with a national identity provider over OpenID Connect.

A generic relying party: authorization code flow with PKCE (S256), state and nonce; the
provider's metadata from ``<issuer>/.well-known/openid-configuration`` and its signing keys
(JWKS), both cached; the ID token's signature checked against those keys, and its issuer,
audience, expiry and nonce. The personal ID number is read from the claim
MOTCUA_OIDC_ID_CLAIM (the userinfo endpoint is asked when the ID token lacks it).

Off when MOTCUA_OIDC_ISSUER is empty. Tests run it against ``accounts.oidc_local``.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import secrets
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

import jwt
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _

from identity.validators import validate_personal_id_number

logger = logging.getLogger("motcua.accounts.oidc")

# Public-key algorithms only: never "none", never a shared-secret HMAC.
ALGORITHMS = {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"}
# Allowed difference between our clock and the provider's, in seconds.
LEEWAY = 60
# How long a started sign-in waits for the provider to send the person back.
STATE_SECONDS = 600
_LOOPBACK = {"127.0.0.1", "localhost", "::1"}


class OIDCError(Exception):
    """The sign-in cannot go on. ``message`` is for the person, ``detail`` for the log."""

    def __init__(self, message: str, detail: str, *, status: int = 400) -> None:
        super().__init__(detail)
        self.message = message
        self.detail = detail
        self.status = status


def _unavailable(detail: str) -> OIDCError:
    return OIDCError(
        _(
            "Không kết nối được với hệ thống định danh điện tử. Vui lòng thử lại sau, hoặc đăng "
            "nhập bằng số định danh cá nhân và mật khẩu."
        ),
        detail,
        status=503,
    )


def _refused(detail: str) -> OIDCError:
    return OIDCError(
        _(
            "Không xác thực được thông tin đăng nhập từ hệ thống định danh điện tử. Vui lòng "
            "đăng nhập lại."
        ),
        detail,
    )


@dataclass(frozen=True)
class Identity:
    personal_id: str
    full_name: str
    claims: dict[str, Any]


def enabled() -> bool:
    return bool(settings.MOTCUA_OIDC_ISSUER)


def _checked_url(url: object) -> str:
    """Provider addresses must be https (plain http only on this machine, for tests)."""
    if not isinstance(url, str):
        raise _unavailable(f"provider metadata lacks an address: {url!r}")
    parts = urlsplit(url)
    if parts.scheme == "https" or (parts.scheme == "http" and parts.hostname in _LOOPBACK):
        return url
    raise _unavailable(f"refusing a non-https provider address: {url}")


def _fetch(url: object, *, data: bytes | None = None, headers: dict[str, str] | None = None) -> Any:
    request = urllib.request.Request(  # noqa: S310 - scheme checked by _checked_url
        _checked_url(url),
        data=data,
        headers={"Accept": "application/json", **(headers or {})},
    )
    try:
        with urllib.request.urlopen(  # noqa: S310 - scheme checked by _checked_url
            request, timeout=settings.MOTCUA_OIDC_TIMEOUT
        ) as response:
            body = response.read(1_000_000)
    except urllib.error.HTTPError as exc:
        text = exc.read(2000).decode("utf-8", "replace")
        if 400 <= exc.code < 500:
            raise _refused(f"{url}: HTTP {exc.code}: {text}") from None
        raise _unavailable(f"{url}: HTTP {exc.code}: {text}") from None
    except (OSError, ValueError) as exc:
        raise _unavailable(f"{url}: {exc}") from None
    try:
        return json.loads(body)
    except ValueError:
        raise _unavailable(f"{url}: not JSON") from None


def _cache_key(kind: str) -> str:
    digest = hashlib.sha256(settings.MOTCUA_OIDC_ISSUER.encode()).hexdigest()[:16]
    return f"oidc:{kind}:{digest}"


def discovery() -> dict[str, Any]:
    key = _cache_key("discovery")
    document = cache.get(key)
    if document is None:
        issuer = settings.MOTCUA_OIDC_ISSUER
        document = _fetch(issuer.rstrip("/") + "/.well-known/openid-configuration")
        if not isinstance(document, dict) or document.get("issuer") != issuer:
            raise _unavailable(f"discovery document does not name the issuer {issuer}")
        cache.set(key, document, settings.MOTCUA_OIDC_CACHE_SECONDS)
    return dict(document)


def _jwks(*, refresh: bool = False) -> dict[str, Any]:
    key = _cache_key("jwks")
    keys = None if refresh else cache.get(key)
    if keys is None:
        keys = _fetch(discovery()["jwks_uri"])
        if not isinstance(keys, dict) or not isinstance(keys.get("keys"), list):
            raise _unavailable("the provider's JWKS has no keys")
        cache.set(key, keys, settings.MOTCUA_OIDC_CACHE_SECONDS)
    return dict(keys)


def _signing_key(kid: str | None, alg: str) -> Any:
    """The provider's public key for this token; asks once more when the key is new to us
    (the provider rotated its keys since we cached them)."""
    for refresh in (False, True):
        candidates = []
        for entry in _jwks(refresh=refresh)["keys"]:
            if not isinstance(entry, dict) or entry.get("use", "sig") != "sig":
                continue
            if kid is not None and entry.get("kid") != kid:
                continue
            try:
                candidates.append(jwt.PyJWK(entry, algorithm=alg))
            except jwt.PyJWKError:
                continue
        if len(candidates) == 1:
            return candidates[0].key
    raise _refused(f"no single signing key for kid={kid!r} alg={alg}")


def _pkce_challenge(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def authorization_request(redirect_uri: str) -> tuple[str, dict[str, Any]]:
    """Where to send the browser, and what to keep in the session until it comes back."""
    metadata = discovery()
    saved: dict[str, Any] = {
        "state": secrets.token_urlsafe(32),
        "nonce": secrets.token_urlsafe(32),
        "verifier": secrets.token_urlsafe(64),
        "started": time.time(),
    }
    query = urlencode(
        {
            "response_type": "code",
            "client_id": settings.MOTCUA_OIDC_CLIENT_ID,
            "redirect_uri": redirect_uri,
            "scope": settings.MOTCUA_OIDC_SCOPES,
            "state": saved["state"],
            "nonce": saved["nonce"],
            "code_challenge": _pkce_challenge(saved["verifier"]),
            "code_challenge_method": "S256",
        }
    )
    endpoint = _checked_url(metadata.get("authorization_endpoint"))
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}", saved


def _redeem(code: str, verifier: str, redirect_uri: str) -> dict[str, Any]:
    metadata = discovery()
    form = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": redirect_uri,
        "code_verifier": verifier,
    }
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    client_id, secret = settings.MOTCUA_OIDC_CLIENT_ID, settings.MOTCUA_OIDC_CLIENT_SECRET
    methods = metadata.get("token_endpoint_auth_methods_supported") or ["client_secret_basic"]
    if "client_secret_basic" in methods:
        pair = f"{quote(client_id, safe='')}:{quote(secret, safe='')}".encode()
        headers["Authorization"] = "Basic " + base64.b64encode(pair).decode("ascii")
    else:
        form.update(client_id=client_id, client_secret=secret)
    tokens = _fetch(metadata.get("token_endpoint"), data=urlencode(form).encode(), headers=headers)
    if not isinstance(tokens, dict) or not isinstance(tokens.get("id_token"), str):
        raise _refused("token response without an id_token")
    return tokens


def _verified_claims(id_token: str, nonce: str) -> dict[str, Any]:
    allowed = ALGORITHMS & set(
        discovery().get("id_token_signing_alg_values_supported") or ["RS256"]
    )
    try:
        header = jwt.get_unverified_header(id_token)
    except jwt.PyJWTError as exc:
        raise _refused(f"unreadable id_token: {exc}") from None
    alg = header.get("alg")
    if alg not in allowed:
        raise _refused(f"id_token algorithm {alg!r} not accepted")
    key = _signing_key(header.get("kid"), alg)
    try:
        claims: dict[str, Any] = jwt.decode(
            id_token,
            key=key,
            algorithms=[alg],
            audience=settings.MOTCUA_OIDC_CLIENT_ID,
            issuer=settings.MOTCUA_OIDC_ISSUER,
            leeway=LEEWAY,
            options={"require": ["iss", "aud", "exp", "iat", "sub"]},
        )
    except jwt.ExpiredSignatureError:
        raise OIDCError(
            _("Phiên đăng nhập từ hệ thống định danh điện tử đã hết hạn. Vui lòng đăng nhập lại."),
            "id_token expired",
        ) from None
    except jwt.PyJWTError as exc:
        raise _refused(f"id_token rejected: {exc}") from None
    if not constant_time_compare(str(claims.get("nonce", "")), nonce):
        raise _refused("id_token nonce does not match")
    audience = claims["aud"]
    if (isinstance(audience, list) and len(audience) > 1) or "azp" in claims:
        if claims.get("azp") != settings.MOTCUA_OIDC_CLIENT_ID:
            raise _refused("id_token azp is not this client")
    return claims


def _userinfo(tokens: dict[str, Any], subject: str) -> dict[str, Any]:
    endpoint = discovery().get("userinfo_endpoint")
    access_token = tokens.get("access_token")
    if not endpoint or not isinstance(access_token, str):
        return {}
    info = _fetch(endpoint, headers={"Authorization": f"Bearer {access_token}"})
    if not isinstance(info, dict) or info.get("sub") != subject:
        raise _refused("userinfo is about another subject")
    return info


def _full_name(claims: dict[str, Any]) -> str:
    name = claims.get(settings.MOTCUA_OIDC_NAME_CLAIM)
    if isinstance(name, str) and name.strip():
        return name.strip()
    parts = [claims.get("family_name"), claims.get("middle_name"), claims.get("given_name")]
    return " ".join(p.strip() for p in parts if isinstance(p, str) and p.strip())


def finish(params: dict[str, str], saved: object, redirect_uri: str) -> Identity:
    """Check what the provider sent back and who it says this is."""
    if not isinstance(saved, dict) or time.time() - float(saved.get("started", 0)) > STATE_SECONDS:
        raise OIDCError(
            _("Phiên đăng nhập đã hết hạn hoặc không hợp lệ. Vui lòng đăng nhập lại."),
            "no sign-in in progress in this session",
        )
    if not constant_time_compare(params.get("state", ""), str(saved.get("state", ""))):
        raise OIDCError(
            _("Phiên đăng nhập đã hết hạn hoặc không hợp lệ. Vui lòng đăng nhập lại."),
            "state does not match",
        )
    if params.get("error"):
        raise OIDCError(
            _("Hệ thống định danh điện tử không xác nhận đăng nhập (có thể bạn đã hủy)."),
            f"provider error: {params.get('error')}: {params.get('error_description', '')}",
        )
    if not params.get("code"):
        raise _refused("callback without a code")
    tokens = _redeem(params["code"], str(saved["verifier"]), redirect_uri)
    claims = _verified_claims(tokens["id_token"], str(saved["nonce"]))
    if settings.MOTCUA_OIDC_ID_CLAIM not in claims:
        claims = {**_userinfo(tokens, str(claims["sub"])), **claims}
    personal_id = str(claims.get(settings.MOTCUA_OIDC_ID_CLAIM, "")).strip()
    try:
        validate_personal_id_number(personal_id)
    except ValidationError:
        raise OIDCError(
            _(
                "Tài khoản định danh điện tử không cho biết số định danh cá nhân hợp lệ nên "
                "không đăng nhập được."
            ),
            f"claim {settings.MOTCUA_OIDC_ID_CLAIM!r} is not a personal ID number",
        ) from None
    return Identity(personal_id=personal_id, full_name=_full_name(claims), claims=claims)
