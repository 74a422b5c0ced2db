"""Signed anchors of the dossier event chains, kept outside the database.

Each dossier's history is a SHA-256 hash chain (``DossierEvent.compute_hash``), but the hash is
unkeyed: whoever can write the database can edit an event and recompute every hash after it,
or delete a dossier with all its events, and the chain still checks. An anchor pins the state
of every chain at one moment with a key the database does not hold.

What an anchor is
    A manifest listing, for every dossier, its code, its event count and the hash of its last
    event, province-wide, signed as a detached CMS (PKCS#7) by the seal of the province's
    top-level unit (the first unit without a parent: the People's Committee in the demo) and,
    when ``MOTCUA_TSA_URL`` is set, timestamped by that RFC 3161 authority. One province-wide
    anchor, not one per unit: a single signature covers the set of all codes, so a dossier
    deleted from any unit, or moved to another unit, is still noticed; and it is one signing
    operation per run on a token or a remote signing service, not one per unit.

Canonical serialisation (format ``motcua-chain-anchor/1``)
    The manifest is a JSON object with the keys ``format``, ``created_at`` (UTC, ISO 8601 with
    microseconds), ``signer`` (``{"unit": code, "name": name}``), ``count`` (number of dossiers),
    ``heads_sha256`` and ``dossiers`` (a list of ``[code, event_count, head_hash]`` sorted by
    code, compared as Python strings, i.e. by code point). It is written with
    ``json.dumps(sort_keys=True, ensure_ascii=False, separators=(",", ":"))`` in UTF-8, no
    trailing newline. ``heads_sha256`` is the SHA-256 of the lines ``code TAB count TAB head LF``
    in the same order: it digests both the heads and the set of codes, and is what the
    ``ChainAnchor`` row records. The signature covers the manifest file's exact bytes.

Where it is kept
    ``MOTCUA_ANCHOR_DIR`` (default ``var/anchors/``) receives ``anchor-<UTC time>.json`` and its
    signature ``anchor-<UTC time>.json.p7s``; a ``ChainAnchor`` row indexes each pair (time,
    heads digest, the SHA-256 of both files). Not in the content-addressed storage: its garbage
    collector removes files no row points at, so deleting the row would delete the anchor.

What ``dossiers verify-chain`` then detects (up to the last anchor)
    - an event edited, inserted, deleted or reordered and the chain recomputed: the anchored
      head hash is no longer the hash found at the anchored position of the dossier's chain;
    - a dossier deleted with its events: its anchored code is missing;
    - a manifest or signature file edited, or signed by a certificate other than the seal
      (a leader's own key, say), or by a CA outside the trust roots: the signature fails;
    - an anchor row deleted while its file stays, or a file deleted or swapped under its row.

What it cannot detect
    - changes after the last anchor (events appended and then edited before the next run),
      and dossiers created and deleted between two anchors; anchor often enough;
    - an attacker who also holds the anchoring seal's key (or the PKCS#11 PIN, or the remote
      signing credential): they can sign a new anchor of a forged state;
    - an attacker who can also write ``MOTCUA_ANCHOR_DIR`` and removes an anchor's files and row
      together; keep the directory on storage the application's database account cannot
      rewrite (a separate host, write-once object storage) or copy the files off the machine;
    - without a timestamp authority, the signing time is the server's own claim: an attacker
      with the seal key could back-date an anchor. With one, the time is the TSA's.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from asn1crypto import cms
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from pyhanko.sign import signers, timestamps
from pyhanko.sign.signers.pdf_cms import PdfCMSSignedAttributes
from pyhanko.sign.validation.generic_cms import async_validate_detached_cms
from pyhanko_certvalidator import ValidationContext

from core import clock
from documents import pki, signing
from dossiers.models import ChainAnchor, Dossier, DossierEvent
from units.models import GovernmentUnit

FORMAT = "motcua-chain-anchor/1"
PREFIX = "anchor-"
MANIFEST = ".json"
SIGNATURE = ".json.p7s"
CHUNK = 500  # codes per query: well under every database's limit on bound parameters


class AnchorError(Exception):
    """An anchor could not be made; nothing was written."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Head:
    code: str
    count: int
    hash: str


@dataclass(frozen=True)
class AnchorProblem:
    """One failure found while checking the anchors, with a stable ``code``."""

    anchor: str
    code: str
    message: str
    dossier_code: str = ""

    def __str__(self) -> str:
        where = f"{self.dossier_code}: " if self.dossier_code else ""
        return _("Neo %(anchor)s: %(where)s%(message)s") % {
            "anchor": self.anchor,
            "where": where,
            "message": self.message,
        }


@dataclass
class AnchorReport:
    problems: list[AnchorProblem] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)  # one line per anchor found valid

    @property
    def ok(self) -> bool:
        return not self.problems


# Making an anchor -------------------------------------------------------------------------


def anchor_dir() -> Path:
    return Path(settings.MOTCUA_ANCHOR_DIR)


def anchor_unit() -> GovernmentUnit:
    """The unit whose seal signs anchors: the first top-level unit (the province's)."""
    unit = GovernmentUnit.objects.filter(parent__isnull=True).order_by("id").first()
    if unit is None:
        raise AnchorError(
            "anchor.no_unit", _("Chưa có đơn vị cấp tỉnh nào để đóng dấu neo chuỗi sự kiện.")
        )
    return unit


def current_heads() -> list[Head]:
    rows = Dossier.objects.values_list("code", "event_count", "last_event_hash")
    # Sorted here, not by the database, whose collation differs between SQLite and PostgreSQL.
    return sorted((Head(c, n, h) for c, n, h in rows.iterator(chunk_size=2000)), key=_by_code)


def _by_code(head: Head) -> str:
    return head.code


def heads_digest(heads: Iterable[Head]) -> str:
    digest = hashlib.sha256()
    for head in heads:
        digest.update(f"{head.code}\t{head.count}\t{head.hash}\n".encode())
    return digest.hexdigest()


def canonical(manifest: dict[str, Any]) -> bytes:
    text = json.dumps(manifest, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return text.encode()


def build_manifest(heads: list[Head], unit: GovernmentUnit, created_at: datetime) -> bytes:
    return canonical(
        {
            "format": FORMAT,
            "created_at": created_at.astimezone(UTC).isoformat(timespec="microseconds"),
            "signer": {"unit": unit.code, "name": unit.name},
            "count": len(heads),
            "heads_sha256": heads_digest(heads),
            "dossiers": [[h.code, h.count, h.hash] for h in heads],
        }
    )


def _sign(data: bytes, signer: signers.Signer, at: datetime) -> tuple[bytes, bool]:
    timestamper = (
        timestamps.HTTPTimeStamper(settings.MOTCUA_TSA_URL, timeout=10)
        if settings.MOTCUA_TSA_URL
        else None
    )
    signed = asyncio.run(
        signer.async_sign_general_data(
            data,
            "sha256",
            detached=True,
            timestamper=timestamper,
            # The signed signing-time: all that dates an anchor when there is no TSA.
            signed_attr_settings=PdfCMSSignedAttributes(signing_time=at),
        )
    )
    return signed.dump(), timestamper is not None


def _write(path: Path, data: bytes) -> None:
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_bytes(data)
    temporary.chmod(0o444)  # anchors are never rewritten; a slip of the hand fails loudly
    os.replace(temporary, path)


def make_anchor() -> ChainAnchor:
    """Sign and export an anchor of every chain now, and index it. All or nothing."""
    unit = anchor_unit()
    created_at = clock.wall()
    heads = current_heads()
    manifest = build_manifest(heads, unit, created_at)
    try:
        signature, timestamped = _sign(
            manifest, signing.unit_signer(unit.code, unit.name), created_at
        )
    except signing.SignatureError as exc:
        raise AnchorError("anchor.signing_failed", str(exc)) from exc
    except Exception as exc:  # the token, the signing service or the TSA refused
        raise AnchorError(
            "anchor.signing_failed",
            _("Không ký được neo chuỗi sự kiện: %(error)s") % {"error": exc},
        ) from exc
    folder = anchor_dir()
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{PREFIX}{created_at.astimezone(UTC):%Y%m%dT%H%M%S%fZ}"
    paths = [folder / (name + MANIFEST), folder / (name + SIGNATURE)]
    try:
        # The row commits only once both files are in place; files of a failed commit go.
        with transaction.atomic():
            anchor = ChainAnchor.objects.create(
                created_at=created_at,
                name=name,
                signer_unit=unit.code,
                dossier_count=len(heads),
                heads_sha256=heads_digest(heads),
                manifest_sha256=hashlib.sha256(manifest).hexdigest(),
                signature_sha256=hashlib.sha256(signature).hexdigest(),
                timestamped=timestamped,
            )
            _write(paths[0], manifest)
            _write(paths[1], signature)
    except BaseException:
        for path in paths:
            path.unlink(missing_ok=True)
        raise
    return anchor


# Checking ---------------------------------------------------------------------------------


def _exported() -> dict[str, tuple[Path, Path]]:
    folder = anchor_dir()
    if not folder.is_dir():
        return {}
    return {
        path.name.removesuffix(MANIFEST): (path, path.with_name(path.name + ".p7s"))
        for path in folder.glob(f"{PREFIX}*{MANIFEST}")
    }


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _pairing(
    rows: dict[str, ChainAnchor], files: dict[str, tuple[Path, Path]]
) -> Iterator[AnchorProblem]:
    """Rows and exported files, each against the other."""
    for name, row in rows.items():
        pair = files.get(name)
        if pair is None or not pair[1].exists():
            yield AnchorProblem(
                name,
                "anchor.file_missing",
                _("tệp neo đã bị xóa khỏi %(folder)s (bản ghi vẫn còn)") % {"folder": anchor_dir()},
            )
        elif (_sha256(pair[0]), _sha256(pair[1])) != (row.manifest_sha256, row.signature_sha256):
            yield AnchorProblem(
                name, "anchor.file_changed", _("tệp neo khác với tệp đã ghi lúc neo")
            )
    for name in files.keys() - rows.keys():
        yield AnchorProblem(
            name,
            "anchor.row_missing",
            _("bản ghi của neo trong cơ sở dữ liệu đã bị xóa (tệp neo vẫn còn)"),
        )


def _trust_roots() -> list[asn1_x509.Certificate]:
    return [
        asn1_x509.Certificate.load(root.public_bytes(serialization.Encoding.DER))
        for root in pki.trust_roots()
    ]


@dataclass(frozen=True)
class SignedManifest:
    manifest: dict[str, Any]
    signer: str
    signed_at: datetime | None
    timestamped: bool


def check_signature(manifest_path: Path, signature_path: Path) -> SignedManifest:
    """The manifest, once its signature is intact, trusted, by the seal it names, and its
    timestamp (if any) valid; otherwise ``AnchorError`` saying which of these failed."""
    data = manifest_path.read_bytes()
    try:
        info = cms.ContentInfo.load(signature_path.read_bytes())
        if info["content_type"].native != "signed_data":
            raise ValueError("not a CMS SignedData")
        context = ValidationContext(trust_roots=_trust_roots(), allow_fetching=False)
        status = asyncio.run(
            async_validate_detached_cms(data, info["content"], signer_validation_context=context)
        )
    except Exception as exc:
        raise AnchorError(
            "anchor.signature_invalid",
            _("không đọc được chữ ký của neo: %(error)s") % {"error": exc},
        ) from exc
    if not (status.intact and status.valid):
        raise AnchorError(
            "anchor.signature_invalid",
            _("chữ ký không khớp với nội dung tệp neo (tệp đã bị sửa)"),
        )
    if not status.trusted:
        raise AnchorError(
            "anchor.untrusted", _("chứng thư ký neo không thuộc các gốc tin cậy của hệ thống")
        )
    try:
        manifest = json.loads(data)
        unit_code, unit_name = str(manifest["signer"]["unit"]), str(manifest["signer"]["name"])
        heads = [Head(str(c), int(n), str(h)) for c, n, h in manifest["dossiers"]]
    except (ValueError, KeyError, TypeError) as exc:
        raise AnchorError(
            "anchor.manifest_invalid",
            _("nội dung tệp neo không đúng định dạng: %(error)s") % {"error": exc},
        ) from exc
    if manifest.get("format") != FORMAT or manifest.get("heads_sha256") != heads_digest(heads):
        raise AnchorError("anchor.manifest_invalid", _("nội dung tệp neo không đúng định dạng"))
    try:
        seal = signing.unit_signer(unit_code, unit_name).signing_cert
    except signing.SignatureError as exc:
        raise AnchorError("anchor.wrong_signer", str(exc)) from exc
    if seal is None or seal.dump() != status.signing_cert.dump():
        raise AnchorError(
            "anchor.wrong_signer",
            _("neo không được ký bằng con dấu của đơn vị %(unit)s") % {"unit": unit_code},
        )
    timestamp = status.timestamp_validity
    if timestamp is not None and not (timestamp.intact and timestamp.valid and timestamp.trusted):
        raise AnchorError("anchor.timestamp_invalid", _("dấu thời gian của neo không hợp lệ"))
    return SignedManifest(
        manifest={**manifest, "dossiers": heads},
        signer=status.signing_cert.subject.human_friendly,
        signed_at=timestamp.timestamp if timestamp is not None else status.signer_reported_dt,
        timestamped=timestamp is not None,
    )


def check_heads(name: str, heads: list[Head]) -> Iterator[AnchorProblem]:
    """Each anchored dossier still exists and its chain, recomputed, passes the anchored head
    at the anchored position."""
    for start in range(0, len(heads), CHUNK):
        chunk = heads[start : start + CHUNK]
        ids = dict(
            Dossier.objects.filter(code__in=[h.code for h in chunk]).values_list("code", "id")
        )
        events = {
            (e.dossier_id, e.seq): e
            for e in DossierEvent.objects.filter(
                dossier_id__in=ids.values(), seq__in={h.count for h in chunk}
            )
        }
        for head in chunk:
            if head.code not in ids:
                yield AnchorProblem(
                    name,
                    "anchor.dossier_missing",
                    _("hồ sơ có trong neo nhưng nay không còn (đã bị xóa)"),
                    head.code,
                )
                continue
            if head.count == 0:
                continue
            event = events.get((ids[head.code], head.count))
            if event is None:
                yield AnchorProblem(
                    name,
                    "anchor.chain_diverged",
                    _("không còn sự kiện số %(seq)d đã được neo") % {"seq": head.count},
                    head.code,
                )
            elif event.hash != head.hash or event.compute_hash() != head.hash:
                yield AnchorProblem(
                    name,
                    "anchor.chain_diverged",
                    _(
                        "lịch sử đến sự kiện số %(seq)d khác với bản đã neo "
                        "(sự kiện bị sửa, chèn, xóa hoặc đảo thứ tự rồi tính lại chuỗi)"
                    )
                    % {"seq": head.count},
                    head.code,
                )


def verify_anchors(latest: int = 1) -> AnchorReport:
    """Check rows against exported files, then the dossiers against the ``latest`` newest
    anchors whose signature holds (0: every anchor). A newer anchor that fails is reported
    and the next older one is used."""
    report = AnchorReport()
    rows = {row.name: row for row in ChainAnchor.objects.all()}
    files = _exported()
    report.problems.extend(_pairing(rows, files))
    for name in sorted(files, reverse=True):  # names are UTC times: newest first
        if latest and len(report.checked) >= latest:
            break
        manifest_path, signature_path = files[name]
        if not signature_path.exists():
            continue  # reported by the pairing
        try:
            signed = check_signature(manifest_path, signature_path)
        except AnchorError as exc:
            report.problems.append(AnchorProblem(name, exc.code, str(exc)))
            continue
        row = rows.get(name)
        heads: list[Head] = signed.manifest["dossiers"]
        if row is not None and row.heads_sha256 != signed.manifest["heads_sha256"]:
            report.problems.append(
                AnchorProblem(name, "anchor.file_changed", _("tệp neo khác với tệp đã ghi lúc neo"))
            )
        report.problems.extend(check_heads(name, heads))
        report.checked.append(describe(name, signed, len(heads)))
    return report


def describe(name: str, signed: SignedManifest, count: int) -> str:
    moment = (
        timezone.localtime(signed.signed_at).strftime("%d/%m/%Y %H:%M:%S %z")
        if signed.signed_at
        else "?"
    )
    if signed.timestamped:
        when = _("dấu thời gian %(moment)s") % {"moment": moment}
    else:
        when = _("KHÔNG có dấu thời gian; thời điểm ký do máy chủ tự khai: %(moment)s") % {
            "moment": moment
        }
    return _("Neo %(name)s: %(count)d hồ sơ, ký bởi %(signer)s; %(when)s.") % {
        "name": name,
        "count": count,
        "signer": signed.signer,
        "when": when,
    }
