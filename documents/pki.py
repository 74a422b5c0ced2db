"""The demo PKI: a root and an issuing CA, clearly named "MotCua DEMO — not for production",
and a signing certificate per unit, made on first use so that the demo can sign out of the box.

Only with ``MOTCUA_DEMO_PKI`` (on by default when DEBUG is): in production no demo key is made
and the demo root is not trusted, even if one was left in ``MOTCUA_PKI_DIR``; the real
certificates are PKCS#12 files per unit code there and the roots in ``MOTCUA_TRUST_ROOTS``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from django.conf import settings

from core import clock

DEMO = "MotCua DEMO — not for production"
PASSWORD = b"motcua-demo"  # the demo's PKCS#12 files; real ones come with their own


def pki_dir() -> Path:
    return Path(settings.MOTCUA_PKI_DIR)


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, DEMO),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _certificate(
    subject: x509.Name,
    key: ec.EllipticCurvePrivateKey,
    issuer: x509.Name,
    issuer_key: ec.EllipticCurvePrivateKey,
    *,
    ca: bool,
    years: int,
) -> x509.Certificate:
    now = clock.wall()
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=365 * years))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=0 if ca else None), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
    )
    if ca:
        builder = builder.add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False),
            critical=True,
        )
    else:
        builder = builder.add_extension(
            x509.KeyUsage(True, True, False, False, False, False, False, False, False),
            critical=True,
        ).add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False
        )
    return builder.sign(issuer_key, hashes.SHA256())


def _load_or_make_ca(directory: Path) -> tuple[x509.Certificate, ec.EllipticCurvePrivateKey]:
    root_path, ca_path, key_path = (
        directory / "root.pem",
        directory / "ca.pem",
        directory / "ca.key.pem",
    )
    if ca_path.exists() and key_path.exists() and root_path.exists():
        key = serialization.load_pem_private_key(key_path.read_bytes(), password=None)
        assert isinstance(key, ec.EllipticCurvePrivateKey)  # noqa: S101 - written below
        return x509.load_pem_x509_certificate(ca_path.read_bytes()), key
    directory.mkdir(parents=True, exist_ok=True)
    root_key = ec.generate_private_key(ec.SECP256R1())
    root_name = _name(f"{DEMO} Root CA")
    root = _certificate(root_name, root_key, root_name, root_key, ca=True, years=20)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = _certificate(_name(f"{DEMO} Issuing CA"), ca_key, root_name, root_key, ca=True, years=10)
    root_path.write_bytes(root.public_bytes(serialization.Encoding.PEM))
    ca_path.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        ca_key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    key_path.chmod(0o600)
    return ca, ca_key


def demo_pkcs12(path: Path, common_name: str, organization_unit: str = "") -> Path:
    """A PKCS#12 file issued by the demo CA, made when it does not exist yet."""
    if path.exists():
        return path
    if not settings.MOTCUA_DEMO_PKI:
        # The demo CA key is unencrypted and the files' password is public: never outside a demo.
        raise RuntimeError("The demo PKI is off (MOTCUA_DEMO_PKI=false): no demo key is made.")
    ca, ca_key = _load_or_make_ca(pki_dir())
    key = ec.generate_private_key(ec.SECP256R1())
    subject = _name(common_name)
    if organization_unit:
        subject = x509.Name(
            [*subject, x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, organization_unit)]
        )
    cert = _certificate(subject, key, ca.subject, ca_key, ca=False, years=3)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_bytes(
        pkcs12.serialize_key_and_certificates(
            path.stem.encode(),
            key,
            cert,
            [ca],
            serialization.BestAvailableEncryption(PASSWORD),
        )
    )
    temporary.chmod(0o600)
    temporary.replace(path)  # two processes making the same file: the last one wins, whole
    return path


def trust_roots() -> list[x509.Certificate]:
    """The roots signatures are checked against: those listed in settings, and the demo root
    only while the demo PKI is on (whoever holds its unprotected key could sign anything)."""
    demo = [pki_dir() / "root.pem"] if settings.MOTCUA_DEMO_PKI else []
    roots = []
    for path in [*demo, *map(Path, settings.MOTCUA_TRUST_ROOTS)]:
        if path.exists():
            roots.append(x509.load_pem_x509_certificate(path.read_bytes()))
    return roots
