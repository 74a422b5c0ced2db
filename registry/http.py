"""The HTTP connector to a national data-exchange gateway (JSON over mutual TLS).

Contract (``POST {base}/v1/citizens/lookup``):

- request body ``{"id_number", "purpose", "requester", "request_id", "at"}``; headers
  ``X-Requester-Unit`` (the requesting unit's code), ``X-Request-Id`` and ``X-Signature`` =
  hex HMAC-SHA256 over ``"POST\\n<path>\\n<body>"`` with the shared key;
- response ``{"found": bool, "person": {...}}`` (``PersonRecord.to_json``) with
  ``X-Signature`` = HMAC over ``"RESPONSE\n<path>\n<body>"``; an answer whose signature does
  not match is refused.

Updates (``POST {base}/v1/citizens/updates``, same headers and signing): body ``{"kind",
"update", "requester", "reference", "request_id", "at"}`` (``update`` is the record's
``to_json``); signed response ``{"accepted": bool, "id_number": str | null, "message": str,
"code": str (when refused)}``. The gateway applies one reference once: the same update sent
again gets the first answer. ``accepted: false`` is the registry's refusal
(``RegistryRefused``), final; anything else that goes wrong is a ``RegistryError`` after which
the update may be sent again.

The client presents its certificate (``MOTCUA_REGISTRY_CLIENT_CERT``, PEM with the key) and
trusts only ``MOTCUA_REGISTRY_CA``. Each attempt times out; timeouts, connection errors and 5xx
are retried with a short backoff; after repeated failures a circuit breaker stops calling the
gateway for a while, so that desks get an immediate, clear answer instead of waiting.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import ssl
import threading
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings

from core import clock
from registry.records import (
    BirthUpdate,
    PersonRecord,
    PopulationUpdate,
    RegistryError,
    RegistryRefused,
    RegistryUnavailable,
    UpdateOutcome,
)

PATH = "/v1/citizens/lookup"
UPDATES_PATH = "/v1/citizens/updates"


def signature(key: bytes, method: str, path: str, body: bytes) -> str:
    message = method.encode() + b"\n" + path.encode() + b"\n" + body
    return hmac.new(key, message, hashlib.sha256).hexdigest()


@dataclass
class Breaker:
    """Opens after ``threshold`` consecutive failures, for ``cooldown`` seconds."""

    threshold: int
    cooldown: float
    failures: int = 0
    opened_at: float | None = None
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def check(self) -> None:
        with self.lock:
            if self.opened_at is None:
                return
            if time.monotonic() - self.opened_at < self.cooldown:
                raise RegistryUnavailable(
                    "Cơ sở dữ liệu dân cư đang tạm thời không kết nối được; hệ thống tạm ngừng "
                    "gọi trong ít phút. Vui lòng thử lại sau hoặc dùng thẻ căn cước của người dân."
                )
            self.opened_at = None  # half-open: one call goes through

    def succeeded(self) -> None:
        with self.lock:
            self.failures, self.opened_at = 0, None

    def failed(self) -> None:
        with self.lock:
            self.failures += 1
            if self.failures >= self.threshold:
                self.opened_at = time.monotonic()


_breakers: dict[str, Breaker] = {}
_breakers_lock = threading.Lock()


def breaker_for(base_url: str, threshold: int, cooldown: float) -> Breaker:
    with _breakers_lock:
        breaker = _breakers.get(base_url)
        if breaker is None or (breaker.threshold, breaker.cooldown) != (threshold, cooldown):
            breaker = _breakers[base_url] = Breaker(threshold, cooldown)
        return breaker


class _Retryable(Exception):
    pass


@dataclass
class HttpRegistry:
    base_url: str
    key: bytes
    context: ssl.SSLContext
    timeout: float = 5.0
    retries: int = 2
    breaker: Breaker = field(default_factory=lambda: Breaker(5, 60.0))
    source: str = "http"

    @classmethod
    def from_settings(cls) -> HttpRegistry:
        if not settings.MOTCUA_REGISTRY_URL or not settings.MOTCUA_REGISTRY_KEY:
            raise RegistryError(
                "Chưa cấu hình kết nối cơ sở dữ liệu dân cư "
                "(MOTCUA_REGISTRY_URL, MOTCUA_REGISTRY_KEY)."
            )
        context = ssl.create_default_context(cafile=settings.MOTCUA_REGISTRY_CA or None)
        if settings.MOTCUA_REGISTRY_CLIENT_CERT:
            context.load_cert_chain(settings.MOTCUA_REGISTRY_CLIENT_CERT)
        return cls(
            base_url=settings.MOTCUA_REGISTRY_URL.rstrip("/"),
            key=settings.MOTCUA_REGISTRY_KEY.encode(),
            context=context,
            timeout=settings.MOTCUA_REGISTRY_TIMEOUT,
            retries=settings.MOTCUA_REGISTRY_RETRIES,
            breaker=breaker_for(
                settings.MOTCUA_REGISTRY_URL,
                settings.MOTCUA_REGISTRY_BREAKER_FAILURES,
                settings.MOTCUA_REGISTRY_BREAKER_SECONDS,
            ),
        )

    def find(self, id_number: str, *, purpose: str, requester: str) -> PersonRecord | None:
        answer = self._exchange(
            PATH, {"id_number": id_number, "purpose": purpose, "requester": requester}, requester
        )
        if not answer.get("found"):
            return None
        return PersonRecord.from_json(answer.get("person") or {})

    def apply(self, update: PopulationUpdate, *, requester: str, reference: str) -> UpdateOutcome:
        answer = self._exchange(
            UPDATES_PATH,
            {
                "kind": str(update.KIND),
                "update": update.to_json(),
                "requester": requester,
                "reference": reference,
            },
            requester,
        )
        outcome = UpdateOutcome.from_json(answer)
        if not outcome.accepted:
            raise RegistryRefused(
                outcome.message or "Cơ sở dữ liệu dân cư không chấp nhận cập nhật.",
                code=str(answer.get("code") or "") or None,
            )
        if isinstance(update, BirthUpdate) and not outcome.id_number:
            raise RegistryError("Cổng dữ liệu dân cư nhận khai sinh nhưng không trả số định danh.")
        return outcome

    def _exchange(self, path: str, fields: dict[str, Any], requester: str) -> dict[str, Any]:
        """POST ``fields`` (with a request id and the time) to ``path``, with the breaker and
        the retries; the gateway's signed JSON answer."""
        self.breaker.check()
        body = json.dumps(
            {**fields, "request_id": str(uuid.uuid4()), "at": clock.now().isoformat()},
            ensure_ascii=False,
        ).encode()
        last = ""
        for attempt in range(self.retries + 1):
            if attempt:
                time.sleep(0.2 * attempt)
            try:
                answer = self._call(path, body, requester)
            except _Retryable as exc:
                last = str(exc)
                continue
            except RegistryError:
                self.breaker.failed()
                raise
            self.breaker.succeeded()
            return answer
        self.breaker.failed()
        raise RegistryUnavailable(f"Không kết nối được cơ sở dữ liệu dân cư: {last}")

    def _call(self, endpoint: str, body: bytes, requester: str) -> dict[str, Any]:
        path = urlsplit(self.base_url).path.rstrip("/") + endpoint
        request = urllib.request.Request(  # noqa: S310 - the configured https gateway
            self.base_url + endpoint,
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json",
                "X-Requester-Unit": requester,
                "X-Request-Id": json.loads(body)["request_id"],
                "X-Signature": signature(self.key, "POST", path, body),
            },
        )
        try:
            with urllib.request.urlopen(  # noqa: S310
                request, timeout=self.timeout, context=self.context
            ) as response:
                data, signed = response.read(), response.headers.get("X-Signature", "")
        except urllib.error.HTTPError as exc:
            if exc.code >= 500:
                raise _Retryable(f"cổng trả lỗi {exc.code}") from exc
            raise RegistryError(
                f"Cổng kết nối dữ liệu dân cư từ chối yêu cầu (HTTP {exc.code})."
            ) from exc
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, ssl.SSLError):  # a certificate problem: no retry helps
                raise RegistryError(
                    f"Kết nối bảo mật (TLS) với cổng dữ liệu dân cư thất bại: {exc.reason}"
                ) from exc
            raise _Retryable(f"{exc.reason}") from exc
        except (TimeoutError, OSError) as exc:
            raise _Retryable(f"{exc}") from exc
        expected = signature(self.key, "RESPONSE", path, data)
        if not hmac.compare_digest(signed, expected):
            raise RegistryError("Phản hồi của cổng dữ liệu dân cư có chữ ký không hợp lệ: bỏ qua.")
        try:
            answer = json.loads(data)
        except ValueError as exc:
            raise RegistryError("Phản hồi của cổng dữ liệu dân cư không đọc được.") from exc
        if not isinstance(answer, dict):
            raise RegistryError("Phản hồi của cổng dữ liệu dân cư không đọc được.")
        return answer
