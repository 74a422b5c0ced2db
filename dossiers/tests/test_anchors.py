"""Signed anchors of the event chains: forgeries that recompute the hash chain are caught."""

from __future__ import annotations

import json
import shutil
import tempfile
from io import StringIO
from pathlib import Path
from typing import Any

from django.core.management import CommandError, call_command
from django.test import TestCase, override_settings
from django.utils import timezone

from documents.trustservices import TrustServices
from dossiers import actions, anchors
from dossiers.actors import person
from dossiers.events import verify_all
from dossiers.models import ChainAnchor, Dossier, DossierComponent, DossierEvent
from dossiers.testing import Office, create_dossier, create_procedure, create_received_dossier


def run(*args: str) -> str:
    out = StringIO()
    call_command("dossiers", *args, stdout=out, stderr=out)
    return out.getvalue()


def verify_fails() -> str:
    """verify-chain's output when it exits 1 (fails the test when it passes)."""
    out = StringIO()
    try:
        call_command("dossiers", "verify-chain", stdout=out, stderr=out)
    except CommandError:
        return out.getvalue()
    raise AssertionError("verify-chain passed:\n" + out.getvalue())


def rewrite_history(dossier: Dossier, seq: int, **changes: Any) -> None:
    """What an attacker with write access to the database does: edit one event, then
    recompute every hash from there on and the dossier's head, so the chain checks again."""
    previous = ""
    for event in DossierEvent.objects.filter(dossier=dossier).order_by("seq"):
        if event.seq == seq:
            for name, value in changes.items():
                setattr(event, name, value)
        event.prev_hash = previous
        event.hash = event.compute_hash()
        DossierEvent.objects.filter(pk=event.pk).update(
            **changes if event.seq == seq else {}, prev_hash=event.prev_hash, hash=event.hash
        )
        previous = event.hash
    Dossier.objects.filter(pk=dossier.pk).update(last_event_hash=previous)


def erase(dossier: Dossier) -> None:
    """Delete a dossier with everything that points at it, in SQL (no model code runs)."""
    DossierComponent.objects.filter(dossier=dossier)._raw_delete("default")
    DossierEvent.objects.filter(dossier=dossier)._raw_delete("default")
    Dossier.objects.filter(pk=dossier.pk)._raw_delete("default")


class AnchorTestCase(TestCase):
    def setUp(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="motcua-anchors-"))
        self.addCleanup(shutil.rmtree, self.folder, ignore_errors=True)
        self.pki = self.folder / "pki"  # its own demo CA, so that a test can distrust it
        override = override_settings(
            MOTCUA_ANCHOR_DIR=self.folder / "anchors", MOTCUA_PKI_DIR=self.pki, MOTCUA_TSA_URL=""
        )
        override.enable()
        self.addCleanup(override.disable)
        self.anchors = self.folder / "anchors"
        self.office = Office.create()
        self.procedure = create_procedure()
        self.dossier = create_received_dossier(self.procedure, self.office)

    def anchor(self) -> ChainAnchor:
        return anchors.make_anchor()

    def problem_codes(self) -> set[str]:
        return {p.code for p in anchors.verify_anchors().problems}


class MakingAnchorsTests(AnchorTestCase):
    def test_it_exports_the_signed_manifest_and_indexes_it(self) -> None:
        anchor = self.anchor()
        manifest = json.loads((self.anchors / f"{anchor.name}.json").read_bytes())
        self.assertEqual(
            manifest["dossiers"], [[self.dossier.code, 2, self.dossier.last_event_hash]]
        )
        self.assertEqual(manifest["heads_sha256"], anchor.heads_sha256)
        self.assertTrue((self.anchors / f"{anchor.name}.json.p7s").exists())

    def test_the_command_reports_the_anchor(self) -> None:
        self.assertIn("Đã neo 1 hồ sơ", run("anchor-chains"))
        self.assertEqual(ChainAnchor.objects.count(), 1)

    def test_without_a_top_level_unit_it_refuses_clearly(self) -> None:
        from units.models import GovernmentUnit

        GovernmentUnit.objects.filter(parent__isnull=True).update(parent=self.office.unit)
        with self.assertRaises(anchors.AnchorError) as caught:
            self.anchor()
        self.assertEqual(caught.exception.code, "anchor.no_unit")
        self.assertFalse(self.anchors.exists())


class VerifyingAnchorsTests(AnchorTestCase):
    def test_events_appended_after_the_anchor_verify(self) -> None:
        self.anchor()
        actions.forward(self.dossier, actor=person(self.office.specialist))
        out = run("verify-chain")
        self.assertIn("toàn vẹn", out)
        self.assertIn("1 hồ sơ", out)

    def test_a_history_edited_and_rehashed_is_detected_by_the_anchor(self) -> None:
        self.anchor()
        rewrite_history(self.dossier, 1, reason="sửa lén")
        self.assertEqual(list(verify_all()), [])  # the forgery fools the hash chain alone
        out = verify_fails()
        self.assertIn(self.dossier.code, out)
        self.assertIn("khác với bản đã neo", out)

    def test_a_dossier_deleted_with_its_events_is_named(self) -> None:
        other = create_dossier(self.procedure, self.office)
        self.anchor()
        erase(other)
        self.assertEqual(list(verify_all()), [])
        out = verify_fails()
        self.assertIn(other.code, out)
        self.assertIn("đã bị xóa", out)

    def test_a_changed_manifest_fails_its_signature(self) -> None:
        anchor = self.anchor()
        path = self.anchors / f"{anchor.name}.json"
        path.chmod(0o644)
        path.write_bytes(path.read_bytes().replace(b'"count":1', b'"count":2'))
        self.assertIn("anchor.signature_invalid", self.problem_codes())

    def test_a_deleted_anchor_row_is_detected_from_its_file(self) -> None:
        self.anchor()
        ChainAnchor.objects.all().delete()
        self.assertIn("bản ghi của neo", verify_fails())

    def test_a_deleted_anchor_file_is_detected_from_its_row(self) -> None:
        anchor = self.anchor()
        (self.anchors / f"{anchor.name}.json").unlink()
        self.assertEqual(self.problem_codes(), {"anchor.file_missing"})

    def test_an_anchor_signed_by_another_key_is_refused(self) -> None:
        from documents import signing

        manifest = anchors.build_manifest(
            anchors.current_heads(), anchors.anchor_unit(), self.dossier.submitted_at
        )
        leader = signing.signer_for(signing.Holder.person("lanhdao", "Lãnh Đạo"))  # trusted CA
        signature, _ = anchors._sign(manifest, leader, self.dossier.submitted_at)
        self.anchors.mkdir()
        (self.anchors / "anchor-20300101T000000000000Z.json").write_bytes(manifest)
        (self.anchors / "anchor-20300101T000000000000Z.json.p7s").write_bytes(signature)
        self.assertIn("anchor.wrong_signer", self.problem_codes())

    def test_an_anchor_from_an_untrusted_root_is_refused(self) -> None:
        self.anchor()
        (self.pki / "root.pem").unlink()  # another province's CA: not one of our roots
        self.assertIn("anchor.untrusted", self.problem_codes())

    def test_without_a_timestamp_authority_it_says_so_and_gives_the_signing_time(self) -> None:
        anchor = self.anchor()
        out = run("verify-chain")
        self.assertIn("KHÔNG có dấu thời gian", out)
        self.assertIn(timezone.localtime(anchor.created_at).strftime("%d/%m/%Y %H:%M:%S"), out)

    def test_a_tampered_newest_anchor_falls_back_to_the_one_before(self) -> None:
        self.anchor()
        rewrite_history(self.dossier, 1, reason="sửa lén")
        newest = self.anchor()  # anchors the forged state
        (self.anchors / f"{newest.name}.json.p7s").chmod(0o644)
        (self.anchors / f"{newest.name}.json.p7s").write_bytes(b"not a signature")
        self.assertEqual(
            self.problem_codes(),
            {"anchor.file_changed", "anchor.signature_invalid", "anchor.chain_diverged"},
        )


class TimestampedAnchorTests(TestCase):
    services: TrustServices
    ca_folder: Path

    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        cls.ca_folder = Path(tempfile.mkdtemp(prefix="motcua-ca-"))
        cls.services = TrustServices(cls.ca_folder / "ca").__enter__()

    @classmethod
    def tearDownClass(cls) -> None:
        cls.services.__exit__()
        shutil.rmtree(cls.ca_folder, ignore_errors=True)
        super().tearDownClass()

    def test_the_anchor_carries_a_valid_timestamp(self) -> None:
        folder = Path(tempfile.mkdtemp(prefix="motcua-anchors-"))
        self.addCleanup(shutil.rmtree, folder, ignore_errors=True)
        office = Office.create()
        create_dossier(create_procedure(), office)
        with override_settings(
            MOTCUA_ANCHOR_DIR=folder,
            MOTCUA_TSA_URL=self.services.tsa_url,
            MOTCUA_TRUST_ROOTS=[str(self.services.root_pem)],
        ):
            self.assertTrue(anchors.make_anchor().timestamped)
            report = anchors.verify_anchors()
        self.assertEqual(report.problems, [])
        [line] = report.checked
        self.assertIn("dấu thời gian", line)
        self.assertNotIn("KHÔNG có dấu thời gian", line)

    def test_a_timestamp_from_an_untrusted_authority_is_refused(self) -> None:
        folder = Path(tempfile.mkdtemp(prefix="motcua-anchors-"))
        self.addCleanup(shutil.rmtree, folder, ignore_errors=True)
        create_dossier(create_procedure(), Office.create())
        with override_settings(MOTCUA_ANCHOR_DIR=folder, MOTCUA_TSA_URL=self.services.tsa_url):
            anchors.make_anchor()
            codes = {p.code for p in anchors.verify_anchors().problems}
        self.assertEqual(codes, {"anchor.timestamp_invalid"})
