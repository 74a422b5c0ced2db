"""A remote signing service speaking the Cloud Signature Consortium API (CSC v1).

The key never leaves the service: we send the hash to sign. Per credential (``unit:<code>``,
``person:<login>``) the certificate chain is read once per process (``credentials/info``);
each signature asks for a signature activation (``credentials/authorize``, with the PIN when
one is configured) bound to that hash, then for the signature (``signatures/signHash``).
Requests carry the service's OAuth bearer token and time out; an error names the step.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
import urllib.error
import urllib.request
from functools import cache
from typing import Any

from asn1crypto import algos, x509
from pyhanko.sign import signers
from pyhanko_certvalidator.registry import SimpleCertificateStore

TIMEOUT = 20
DRY_RUN_BYTES = 512  # room reserved for the signature while the PDF is prepared


class CSCError(RuntimeError):
    pass


def _post(base_url: str, token: str, endpoint: str, body: dict[str, Any]) -> dict[str, Any]:
    request = urllib.request.Request(  # noqa: S310 - the configured service address
        f"{base_url.rstrip('/')}/csc/v1/{endpoint}",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310
            answer = json.loads(response.read())
    except urllib.error.HTTPError as exc:
        raise CSCError(f"Dịch vụ ký số từ xa từ chối {endpoint} (HTTP {exc.code}).") from exc
    except (OSError, ValueError) as exc:
        raise CSCError(f"Không gọi được dịch vụ ký số từ xa ({endpoint}): {exc}") from exc
    if not isinstance(answer, dict):
        raise CSCError(f"Dịch vụ ký số từ xa trả lời {endpoint} không đúng định dạng.")
    return answer


class RemoteSigner(signers.Signer):
    def __init__(self, base_url: str, token: str, credential: str, pin: str = "") -> None:
        info = _post(
            base_url,
            token,
            "credentials/info",
            {"credentialID": credential, "certificates": "chain", "certInfo": False},
        )
        try:
            chain = [
                x509.Certificate.load(base64.b64decode(c)) for c in info["cert"]["certificates"]
            ]
        except (KeyError, TypeError, ValueError) as exc:
            raise CSCError(f"Dịch vụ ký số không trả chứng thư của {credential}.") from exc
        if not chain:
            raise CSCError(f"Dịch vụ ký số không có chứng thư của {credential}.")
        self.base_url, self.token, self.credential, self.pin = base_url, token, credential, pin
        super().__init__(
            signing_cert=chain[0],
            cert_registry=SimpleCertificateStore.from_certs(chain),  # type: ignore[no-untyped-call]
        )

    async def async_sign_raw(
        self, data: bytes, digest_algorithm: str, dry_run: bool = False
    ) -> bytes:
        if dry_run:
            return bytes(DRY_RUN_BYTES)
        return await asyncio.to_thread(self._sign, data, digest_algorithm)

    def _sign(self, data: bytes, digest_algorithm: str) -> bytes:
        digest = base64.b64encode(hashlib.new(digest_algorithm, data).digest()).decode()
        authorize: dict[str, Any] = {
            "credentialID": self.credential,
            "numSignatures": 1,
            "hash": [digest],
        }
        if self.pin:
            authorize["PIN"] = self.pin
        sad = _post(self.base_url, self.token, "credentials/authorize", authorize).get("SAD")
        if not sad:
            raise CSCError("Dịch vụ ký số không cấp mã kích hoạt chữ ký (SAD).")
        mechanism = self.get_signature_mechanism_for_digest(digest_algorithm)
        answer = _post(
            self.base_url,
            self.token,
            "signatures/signHash",
            {
                "credentialID": self.credential,
                "SAD": sad,
                "hash": [digest],
                "hashAlgo": algos.DigestAlgorithmId(digest_algorithm).dotted,
                "signAlgo": mechanism["algorithm"].dotted,
            },
        )
        try:
            return base64.b64decode(answer["signatures"][0])
        except (KeyError, IndexError, TypeError, ValueError) as exc:
            raise CSCError("Dịch vụ ký số trả chữ ký không đúng định dạng.") from exc


@cache
def csc_signer(base_url: str, token: str, credential: str, pin: str) -> RemoteSigner:
    """One signer per credential and process (the certificate chain is read once)."""
    return RemoteSigner(base_url, token, credential, pin)
