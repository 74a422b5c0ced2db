"""Local trust services for tests: a certificate authority with an OCSP responder, CRLs and a
timestamp authority (RFC 3161), served over HTTP on 127.0.0.1 by certomancer's animator.

The certificates carry the responder's real addresses (AIA, CRL distribution points), so
signing with them and embedding revocation data (PAdES B-LT) goes over the network exactly as
it would against a production CA. Keys are generated on the spot; nothing is downloaded.
"""

from __future__ import annotations

import socket
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

ARCH = "motcua-test"
LABELS = ["root", "interm", "interm-ocsp", "tsa", "seal", "leader"]
SOFTHSM_UTIL = "/usr/bin/softhsm2-util"
VALIDITY = {"valid-from": "2020-01-01T00:00:00+0000", "valid-to": "2045-01-01T00:00:00+0000"}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _key_usage(*uses: str, critical: bool = True) -> dict[str, Any]:
    return {
        "id": "key_usage",
        "critical": critical,
        "smart-value": {"schema": "key-usage", "params": list(uses)},
    }


CA_USAGE = _key_usage("digital_signature", "key_cert_sign", "crl_sign")


def _extended(purpose: str) -> dict[str, Any]:
    return {"id": "extended_key_usage", "critical": True, "value": [purpose]}


def _end_entity(issuer: str) -> dict[str, Any]:
    return {
        "issuer": issuer,
        "validity": VALIDITY,
        "extensions": [
            _key_usage("digital_signature", "non_repudiation"),
            {
                "id": "crl_distribution_points",
                "smart-value": {"schema": "crl-dist-url", "params": {"crl-repo-names": [issuer]}},
            },
            {
                "id": "authority_information_access",
                "smart-value": {"schema": "aia-urls", "params": {"ocsp-responder-names": [issuer]}},
            },
        ],
    }


def _config(prefix: str) -> dict[str, Any]:
    ca = {"id": "basic_constraints", "critical": True, "value": {"ca": True}}
    return {
        "external-url-prefix": prefix,
        "keysets": {ARCH: {"keys": {label: {"path": f"{label}.key.pem"} for label in LABELS}}},
        "pki-architectures": {
            ARCH: {
                "keyset": ARCH,
                "entity-defaults": {"country-name": "VN", "organization-name": "MotCua TEST"},
                "entities": {
                    "root": {"common-name": "MotCua TEST Root CA"},
                    "interm": {"common-name": "MotCua TEST Issuing CA"},
                    "interm-ocsp": {"common-name": "MotCua TEST OCSP"},
                    "tsa": {"common-name": "MotCua TEST Timestamp Authority"},
                    "seal": {"common-name": "UBND Phường Hoàn Kiếm"},
                    "leader": {"common-name": "Nguyễn Văn An"},
                },
                "certs": {
                    "root": {
                        "subject": "root",
                        "issuer": "root",
                        "validity": VALIDITY,
                        "extensions": [
                            ca,
                            CA_USAGE,
                        ],
                    },
                    "interm": {
                        "issuer": "root",
                        "validity": VALIDITY,
                        "extensions": [
                            ca,
                            CA_USAGE,
                            {
                                "id": "crl_distribution_points",
                                "smart-value": {
                                    "schema": "crl-dist-url",
                                    "params": {"crl-repo-names": ["root"]},
                                },
                            },
                        ],
                    },
                    "interm-ocsp": {
                        "issuer": "interm",
                        "validity": VALIDITY,
                        "extensions": [
                            _key_usage("digital_signature"),
                            {
                                "id": "extended_key_usage",
                                "critical": True,
                                "value": ["ocsp_signing"],
                            },
                            {"id": "ocsp_no_check"},
                        ],
                    },
                    "tsa": {
                        "issuer": "root",
                        "validity": VALIDITY,
                        "extensions": [
                            _key_usage("digital_signature"),
                            {
                                "id": "extended_key_usage",
                                "critical": True,
                                "value": ["time_stamping"],
                            },
                        ],
                    },
                    "seal": _end_entity("interm"),
                    "leader": _end_entity("interm"),
                },
                "services": {
                    "ocsp": {
                        "interm": {
                            "for-issuer": "interm",
                            "responder-cert": "interm-ocsp",
                            "signing-key": "interm-ocsp",
                        }
                    },
                    "crl-repo": {
                        "root": {
                            "for-issuer": "root",
                            "signing-key": "root",
                            "simulated-update-schedule": "P90D",
                        },
                        "interm": {
                            "for-issuer": "interm",
                            "signing-key": "interm",
                            "simulated-update-schedule": "P90D",
                        },
                    },
                    "time-stamping": {"tsa": {"signing-key": "tsa", "signing-cert": "tsa"}},
                },
            }
        },
    }


@dataclass
class TrustServices:
    """A running local CA + OCSP + CRL + TSA. Use as a context manager."""

    folder: Path

    def __post_init__(self) -> None:
        self.port = _free_port()
        self.prefix = f"http://127.0.0.1:{self.port}"
        self._server: Any = None

    @property
    def tsa_url(self) -> str:
        return f"{self.prefix}/{ARCH}/tsa/tsa"

    @property
    def root_pem(self) -> Path:
        return self.folder / "root.pem"

    def pkcs12(self, label: str, password: bytes) -> bytes:
        """The PKCS#12 file of ``seal`` or ``leader``, with its chain."""
        from certomancer.registry import CertLabel

        data: bytes = self._arch.package_pkcs12(CertLabel(label), password=password)
        return data

    def __enter__(self) -> TrustServices:
        import yaml
        from certomancer.integrations.animator import Animator, AnimatorArchStore
        from certomancer.registry import ArchLabel, CertLabel, CertomancerConfig
        from werkzeug.serving import make_server

        self.folder.mkdir(parents=True, exist_ok=True)
        for label in LABELS:
            key = ec.generate_private_key(ec.SECP256R1())
            (self.folder / f"{label}.key.pem").write_bytes(
                key.private_bytes(
                    serialization.Encoding.PEM,
                    serialization.PrivateFormat.PKCS8,
                    serialization.NoEncryption(),
                )
            )
        config = CertomancerConfig.from_yaml(
            yaml.safe_dump(_config(self.prefix)), key_search_dir=str(self.folder)
        )
        self._arch = config.get_pki_arch(ArchLabel(ARCH))
        root = x509.load_der_x509_certificate(self._arch.get_cert(CertLabel("root")).dump())
        self.root_pem.write_bytes(root.public_bytes(serialization.Encoding.PEM))
        app = Animator(AnimatorArchStore(config.pki_archs), with_web_ui=False)
        self._server = make_server("127.0.0.1", self.port, app, threaded=True)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._server is not None:
            self._server.shutdown()


@dataclass
class SoftHSMToken:
    """A SoftHSM2 token in ``folder`` holding the given signing keys with their certificates.

    SoftHSM reads its configuration once per process (``SOFTHSM2_CONF``), so a process makes
    one token and adds keys to it.
    """

    folder: Path
    label: str = "motcua"
    pin: str = "123456"
    module: str = "/usr/lib/softhsm/libsofthsm2.so"

    def __post_init__(self) -> None:
        import os
        import subprocess

        tokens = self.folder / "tokens"
        tokens.mkdir(parents=True, exist_ok=True)
        config = self.folder / "softhsm2.conf"
        config.write_text(f"directories.tokendir = {tokens}\nobjectstore.backend = file\n")
        os.environ["SOFTHSM2_CONF"] = str(config)
        subprocess.run(  # noqa: S603 - fixed arguments
            [
                SOFTHSM_UTIL, "--init-token", "--free", "--label", self.label,
                "--pin", self.pin, "--so-pin", self.pin,
            ],
            check=True,
            capture_output=True,
        )  # fmt: skip
        self._count = 0

    def add(self, label: str, pkcs12_data: bytes, password: bytes) -> None:
        """Import a key and its certificate (from a PKCS#12 file) under ``label``."""
        import subprocess

        import pkcs11
        from cryptography.hazmat.primitives.serialization import pkcs12
        from pkcs11 import Attribute, CertificateType, ObjectClass

        key, cert, chain = pkcs12.load_key_and_certificates(pkcs12_data, password)
        assert key is not None and cert is not None  # noqa: S101 - a signing PKCS#12 has both
        self._count += 1
        object_id = self._count.to_bytes(2, "big")
        key_file = self.folder / "import.key.pem"
        key_file.write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
        try:
            subprocess.run(  # noqa: S603 - fixed arguments
                [
                    SOFTHSM_UTIL, "--import", str(key_file), "--token", self.label,
                    "--label", label, "--id", object_id.hex(), "--pin", self.pin,
                ],
                check=True,
                capture_output=True,
            )  # fmt: skip
        finally:
            key_file.unlink()
        token = pkcs11.lib(self.module).get_token(token_label=self.label)
        try:
            session = token.open(rw=True, user_pin=self.pin)
        except pkcs11.exceptions.UserAlreadyLoggedIn:  # the signer's session of this process
            session = token.open(rw=True)
        with session:
            for item, item_label, item_id in [
                (cert, label, object_id),
                *((ca, f"ca:{ca.subject.rfc4514_string()}", b"") for ca in chain),
            ]:
                session.create_object(
                    {
                        Attribute.CLASS: ObjectClass.CERTIFICATE,
                        Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
                        Attribute.TOKEN: True,
                        Attribute.LABEL: item_label,
                        Attribute.ID: item_id,
                        Attribute.SUBJECT: item.subject.public_bytes(),
                        Attribute.VALUE: item.public_bytes(serialization.Encoding.DER),
                    }
                )


class CSCService:
    """A small remote signing service speaking CSC API v1 on 127.0.0.1, holding keys in memory.

    It checks the bearer token, binds each activation (SAD) to the hashes it was issued for,
    and signs with ECDSA or RSA PKCS#1 v1.5 as the credential's key allows.
    """

    def __init__(self, pin: str = "") -> None:
        import secrets

        self.token, self.pin = secrets.token_urlsafe(16), pin
        self.credentials: dict[str, tuple[Any, list[x509.Certificate]]] = {}
        self.sads: dict[str, tuple[str, set[str]]] = {}
        self.calls: list[str] = []
        self._server: Any = None

    def add(self, credential: str, pkcs12_data: bytes, password: bytes) -> None:
        from cryptography.hazmat.primitives.serialization import pkcs12

        key, cert, chain = pkcs12.load_key_and_certificates(pkcs12_data, password)
        assert key is not None and cert is not None  # noqa: S101 - a signing PKCS#12
        self.credentials[credential] = (key, [cert, *chain])

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_port}"

    def handle(self, endpoint: str, body: dict[str, Any], token: str) -> tuple[int, Any]:
        import base64
        import secrets

        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.asymmetric import padding, rsa
        from cryptography.hazmat.primitives.asymmetric.utils import Prehashed

        self.calls.append(endpoint)
        if token != self.token:
            return 401, {"error": "invalid_token"}
        entry = self.credentials.get(str(body.get("credentialID")))
        if entry is None:
            return 400, {"error": "invalid_request", "error_description": "credentialID"}
        key, chain = entry
        if endpoint == "credentials/info":
            der = [
                base64.b64encode(c.public_bytes(serialization.Encoding.DER)).decode() for c in chain
            ]
            return 200, {"cert": {"certificates": der}, "key": {"algo": []}, "multisign": 1}
        hashes_b64 = [str(h) for h in body.get("hash", [])]
        if endpoint == "credentials/authorize":
            if self.pin and body.get("PIN") != self.pin:
                return 400, {"error": "invalid_pin"}
            sad = secrets.token_urlsafe(16)
            self.sads[sad] = (str(body["credentialID"]), set(hashes_b64))
            return 200, {"SAD": sad, "expiresIn": 300}
        if endpoint == "signatures/signHash":
            credential, allowed = self.sads.pop(str(body.get("SAD")), ("", set()))
            if credential != body["credentialID"] or not set(hashes_b64) <= allowed:
                return 400, {"error": "invalid_request", "error_description": "SAD"}
            prehashed = Prehashed(hashes.SHA256())
            signatures = []
            for item in hashes_b64:
                digest = base64.b64decode(item)
                if isinstance(key, rsa.RSAPrivateKey):
                    signature = key.sign(digest, padding.PKCS1v15(), prehashed)
                else:
                    signature = key.sign(digest, ec.ECDSA(prehashed))
                signatures.append(base64.b64encode(signature).decode())
            return 200, {"signatures": signatures}
        return 404, {"error": "unknown endpoint"}

    def __enter__(self) -> CSCService:
        import json
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        service = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                try:
                    body = json.loads(self.rfile.read(length) or b"{}")
                except ValueError:
                    body = {}
                token = self.headers.get("Authorization", "").removeprefix("Bearer ")
                endpoint = self.path.removeprefix("/csc/v1/")
                status, answer = service.handle(endpoint, body, token)
                data = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
