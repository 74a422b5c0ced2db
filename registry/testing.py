"""A local national-exchange gateway for tests: HTTPS with client certificates on 127.0.0.1,
speaking the contract of ``registry.http`` (lookups and updates); it can be told to be slow,
to fail, to sign badly or to refuse updates. Also the certificates it needs, made on the
spot."""

from __future__ import annotations

import datetime as dt
import ipaddress
import json
import random
import shutil
import ssl
import tempfile
import threading
import time
import unittest
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from django.test import override_settings

from registry.http import PATH, UPDATES_PATH, signature
from registry.idnumbers import new_id_number
from registry.models import MaritalStatus, Relation, Resident, Sex
from registry.records import BirthUpdate, RegistryRefused, update_from_json


def _pem_key(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def make_tls_files(folder: Path) -> dict[str, Path]:
    """A CA, a server certificate for 127.0.0.1 and a client certificate (PEM files)."""
    now = dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Gateway TEST CA")])
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(True, False, False, False, False, True, True, False, False),
            critical=True,
        )
        .add_extension(
            x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )

    def issue(name: str, server: bool) -> tuple[x509.Certificate, ec.EllipticCurvePrivateKey]:
        key = ec.generate_private_key(ec.SECP256R1())
        builder = (
            x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)]))
            .issuer_name(ca_name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=30))
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
                critical=False,
            )
        )
        if server:
            builder = builder.add_extension(
                x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                critical=False,
            )
        return builder.sign(ca_key, hashes.SHA256()), key

    folder.mkdir(parents=True, exist_ok=True)
    files = {name: folder / f"{name}.pem" for name in ("ca", "server", "client")}
    files["ca"].write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    for name, server in (("server", True), ("client", False)):
        cert, key = issue(f"{name}.test", server)
        files[name].write_bytes(cert.public_bytes(serialization.Encoding.PEM) + _pem_key(key))
    return files


@dataclass
class Gateway:
    """Run with ``with Gateway(folder, key) as gateway:``; ``gateway.people`` answers lookups.

    Updates are kept in ``updates`` (reference → kind, update, answer), each reference applied
    once (sent again, it gets its first answer); a birth is given an ID number (province 001)
    and joins ``people``. ``refuse_updates`` set to a message makes it refuse them."""

    folder: Path
    key: bytes
    people: dict[str, dict[str, Any]] = field(default_factory=dict)
    delay: float = 0.0
    fail_times: int = 0
    bad_signature: bool = False
    refuse_updates: str = ""
    requests: list[dict[str, Any]] = field(default_factory=list)
    updates: dict[str, dict[str, Any]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.files = make_tls_files(self.folder)
        self._server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        assert self._server is not None  # noqa: S101 - only while running
        return f"https://127.0.0.1:{self._server.server_port}"

    def _answer(self, path: str, body: bytes, headers: Any) -> tuple[int, bytes]:
        if self.delay:
            time.sleep(self.delay)
        if self.fail_times > 0:
            self.fail_times -= 1
            return 503, b'{"error": "unavailable"}'
        if headers.get("X-Signature", "") != signature(self.key, "POST", path, body):
            return 401, b'{"error": "bad signature"}'
        request = json.loads(body)
        self.requests.append(
            {**request, "path": path, "unit_header": headers.get("X-Requester-Unit", "")}
        )
        if path == UPDATES_PATH:
            return 200, json.dumps(self._update(request)).encode()
        person = self.people.get(request["id_number"])
        return 200, json.dumps({"found": person is not None, "person": person}).encode()

    def _update(self, request: dict[str, Any]) -> dict[str, Any]:
        kept = self.updates.get(request["reference"])
        if kept is not None:
            if (kept["kind"], kept["update"]) != (request["kind"], request["update"]):
                return {"accepted": False, "code": "registry.reference_reused",
                        "message": "Mã tham chiếu đã được dùng cho một cập nhật khác."}  # fmt: skip
            answer: dict[str, Any] = kept["answer"]
            return answer
        if self.refuse_updates:
            return {"accepted": False, "code": "registry.refused", "message": self.refuse_updates}
        try:
            update = update_from_json(request["kind"], request["update"])
        except RegistryRefused as exc:
            return {"accepted": False, "code": exc.code, "message": exc.message}
        number = None
        if isinstance(update, BirthUpdate):
            number = new_id_number(
                update.date_of_birth, update.sex, "001", rng=random.Random(),  # noqa: S311
                taken=self.people.__contains__,
            )  # fmt: skip
            self.people[number] = {
                "id_number": number, "full_name": update.full_name,
                "date_of_birth": update.date_of_birth.isoformat(), "sex": update.sex,
                "permanent_address": update.residence_address,
            }  # fmt: skip
        answer = {"accepted": True, "id_number": number, "message": "Đã cập nhật."}
        self.updates[request["reference"]] = {
            "kind": request["kind"], "update": request["update"], "answer": answer
        }  # fmt: skip
        return answer

    def __enter__(self) -> Gateway:
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if self.path not in (PATH, UPDATES_PATH):
                    status, data = 404, b"{}"
                else:
                    status, data = gateway._answer(self.path, body, self.headers)
                signed = signature(gateway.key, "RESPONSE", self.path, data)
                if gateway.bad_signature:
                    signed = "0" * 64
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.send_header("X-Signature", signed)
                    self.end_headers()
                    self.wfile.write(data)
                except OSError:
                    pass  # the client gave up (timeout tests)

            def log_message(self, *args: Any) -> None:
                pass

        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(self.files["server"])
        context.load_verify_locations(self.files["ca"])
        context.verify_mode = ssl.CERT_REQUIRED  # mutual TLS
        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        server.socket = context.wrap_socket(server.socket, server_side=True)
        self._server = server
        threading.Thread(target=server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()


_residents = random.Random(2026)  # noqa: S311 - test data


def create_resident(**overrides: Any) -> Resident:
    """A living resident of the embedded registry (a man born 1990, single, head of a household
    of his own) with a valid ID number that agrees with the date of birth and sex given."""
    fields: dict[str, Any] = {
        "full_name": "Nguyễn Văn Thử",
        "date_of_birth": dt.date(1990, 5, 17),
        "sex": Sex.MALE,
        "marital_status": MaritalStatus.SINGLE,
        "relation": Relation.HEAD,
        "permanent_address": "Số 1 phố Thử, Phường Thử",
    }
    fields.update(overrides)
    if "id_number" not in fields:
        fields["id_number"] = new_id_number(
            fields["date_of_birth"],
            fields["sex"],
            "001",
            rng=_residents,
            taken=lambda number: Resident.objects.filter(id_number=number).exists(),
        )
    fields.setdefault("household", f"HT{fields['id_number']}")
    return Resident.objects.create(**fields)


def start_gateway(test: unittest.TestCase, key: bytes, **options: Any) -> Gateway:
    """Run a gateway for one test, with the settings pointing the HTTP connector at it (a
    one-second timeout, one retry); stopped and forgotten when the test ends."""
    folder = Path(tempfile.mkdtemp(prefix="motcua-gateway-"))
    test.addCleanup(shutil.rmtree, folder, True)
    gateway = Gateway(folder, key, **options)
    gateway.__enter__()
    test.addCleanup(gateway.__exit__)
    overridden = override_settings(
        MOTCUA_REGISTRY="http",
        MOTCUA_REGISTRY_URL=gateway.url,
        MOTCUA_REGISTRY_KEY=key.decode(),
        MOTCUA_REGISTRY_CA=str(gateway.files["ca"]),
        MOTCUA_REGISTRY_CLIENT_CERT=str(gateway.files["client"]),
        MOTCUA_REGISTRY_TIMEOUT=1,
        MOTCUA_REGISTRY_RETRIES=1,
        MOTCUA_REGISTRY_BREAKER_FAILURES=100,
        MOTCUA_REGISTRY_BREAKER_SECONDS=60,
    )
    overridden.enable()
    test.addCleanup(overridden.disable)
    return gateway
