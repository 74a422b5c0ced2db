from __future__ import annotations

import tempfile
from io import StringIO
from pathlib import Path
from unittest import skipUnless

from django.core.management import call_command
from django.db.models import Count, Q
from django.test import TestCase, override_settings

from accounts.models import Membership, Role, User
from catalog.models import Procedure, ProcedureVersion, Workflow
from catalog.tests.test_import import DEMO_COUNT
from core import clock
from documents.models import IssuedDocument
from documents.poppler import PDFSIG, PDFTOPPM, pdfsig
from documents.testing import read_stored
from dossiers.events import verify_all
from dossiers.models import DeadlineState, Dossier, DossierEvent, RegisterEntry, Status
from units.models import AdministrativeUnit, FeeAccount, GovernmentUnit

HANOI = 1
HAS_POPPLER = Path(PDFSIG).exists() and Path(PDFTOPPM).exists()
Kind = GovernmentUnit.Kind


def row_counts() -> dict[str, int]:
    return {
        "administrative units": AdministrativeUnit.objects.count(),
        "government units": GovernmentUnit.objects.count(),
        "fee accounts": FeeAccount.objects.count(),
        "users": User.objects.count(),
        "memberships": Membership.objects.count(),
        "procedures": Procedure.objects.count(),
        "procedure versions": ProcedureVersion.objects.count(),
        "workflows": Workflow.objects.count(),
        "dossiers": Dossier.objects.count(),
        "dossier events": DossierEvent.objects.count(),
    }


def run_demo() -> str:
    out = StringIO()
    # The test runner turns DEBUG off, and the command refuses to run without it.
    with override_settings(DEBUG=True):
        call_command("demo", "--quiet-accounts", stdout=out)
    return out.getvalue()


class DemoCommandTestCase(TestCase):
    """`demo` loads Hà Nội's units, sample accounts and the catalog, idempotently."""

    output: str

    @classmethod
    def setUpTestData(cls) -> None:
        cls.output = run_demo()

    def commune_units(self, kind: str) -> list[GovernmentUnit]:
        return list(GovernmentUnit.objects.filter(kind=kind, area__province__code=HANOI))

    def test_it_creates_a_commune_centre_for_each_of_the_126_communes(self) -> None:
        centres = self.commune_units(Kind.COMMUNE_CENTER)
        self.assertEqual(len(centres), 126)
        self.assertEqual(len({unit.area_id for unit in centres}), 126)

    def test_it_creates_126_commune_police_units(self) -> None:
        police = self.commune_units(Kind.COMMUNE_POLICE)
        self.assertEqual(len(police), 126)
        self.assertEqual(len({unit.area_id for unit in police}), 126)

    def test_it_creates_a_peoples_committee_for_each_commune(self) -> None:
        committees = self.commune_units(Kind.COMMUNE_COMMITTEE)
        self.assertEqual(len({unit.area_id for unit in committees}), 126)
        self.assertEqual(
            {(u.collective_leadership, u.head_title, u.receives_dossiers) for u in committees},
            {(True, "Chủ tịch", False)},
        )

    def test_each_communes_centre_receives_for_its_committee_and_police(self) -> None:
        centres = {u.area_id: u for u in self.commune_units(Kind.COMMUNE_CENTER)}
        for kind in (Kind.COMMUNE_COMMITTEE, Kind.COMMUNE_POLICE):
            with self.subTest(kind=kind):
                units = self.commune_units(kind)
                self.assertTrue(all(u.receiving_point() == centres[u.area_id] for u in units))

    def test_the_hoan_kiem_committee_decides_and_signs(self) -> None:
        members = Membership.objects.filter(unit__kind=Kind.COMMUNE_COMMITTEE).values_list(
            "user__username", "role", "title", "is_head"
        )
        self.assertEqual(
            set(members),
            {
                ("chuyenvien.hoankiem", Role.SPECIALIST, "Công chức Tư pháp - Hộ tịch", False),
                ("lanhdao.hoankiem", Role.LEADER, "Phó Chủ tịch", False),
                ("chutich.hoankiem", Role.LEADER, "Chủ tịch", True),
            },
        )

    def test_the_demo_results_are_issued_by_the_deciding_bodies(self) -> None:
        issuers = IssuedDocument.objects.filter(kind=IssuedDocument.Kind.RESULT).values_list(
            "issuer__kind", flat=True
        )
        self.assertEqual(set(issuers), {Kind.COMMUNE_COMMITTEE, Kind.COMMUNE_POLICE})

    def test_the_demo_results_are_numbered_in_their_registers(self) -> None:
        year = clock.today().year
        self.assertEqual(
            sorted(entry.reference for entry in RegisterEntry.objects.all()),
            sorted(
                f"{n}/{year}/{book}"
                for n, book in ((1, "XNHN"), (2, "XNHN"), (1, "TT"), (1, "KH"), (1, "KS"))
            ),
        )

    def test_a_run_on_an_older_database_adds_what_is_missing(self) -> None:
        # What a database made before the committees lacks: the police received at no
        # centre, without a head's title, and the committee's chair.
        police = GovernmentUnit.objects.filter(kind=Kind.COMMUNE_POLICE)
        police.update(receiving_unit=None, head_title="")
        Membership.objects.filter(user__username="chutich.hoankiem").delete()
        run_demo()
        self.assertFalse(police.filter(Q(receiving_unit=None) | Q(head_title="")).exists())
        self.assertTrue(Membership.objects.filter(user__username="chutich.hoankiem").exists())

    def test_every_unit_code_follows_qcvn_102(self) -> None:
        for unit in GovernmentUnit.objects.all():
            with self.subTest(unit=unit.name):
                unit.full_clean()

    def test_commune_centres_sit_under_the_city(self) -> None:
        city = GovernmentUnit.objects.get(code="000.00.00.H26")
        parents = {unit.parent_id for unit in self.commune_units(Kind.COMMUNE_CENTER)}
        self.assertEqual(parents, {city.pk})
        self.assertEqual(city.subtree().count(), GovernmentUnit.objects.count())

    def test_commune_centres_each_have_one_default_fee_account(self) -> None:
        centres = GovernmentUnit.objects.filter(kind=Kind.COMMUNE_CENTER).annotate(
            accounts=Count("fee_accounts")
        )
        self.assertEqual(set(centres.values_list("accounts", flat=True)), {1})

    def test_every_role_is_held_by_a_demo_account(self) -> None:
        held = set(Membership.objects.filter(is_active=True).values_list("role", flat=True))
        self.assertEqual(held, set(Role.values))

    def test_it_creates_the_superuser_admin(self) -> None:
        admin = User.objects.get(username="admin")
        self.assertTrue(admin.is_superuser)
        self.assertTrue(admin.is_staff)

    def test_the_unit_admins_can_configure(self) -> None:
        admins = User.objects.filter(memberships__role=Role.UNIT_ADMIN)
        self.assertEqual(
            {(admin.username, admin.can_configure) for admin in admins},
            {("quantri.hanoi", True), ("quantri.hoankiem", True)},
        )

    def test_the_hoan_kiem_officers_work_in_phuong_hoan_kiem(self) -> None:
        officer = User.objects.get(username="tiepnhan.hoankiem")
        unit = officer.memberships.get().unit
        self.assertEqual((unit.kind, unit.area.name), (Kind.COMMUNE_CENTER, "Phường Hoàn Kiếm"))

    def test_it_creates_demo_citizens(self) -> None:
        citizen = User.objects.get(username="001090012345")
        self.assertEqual((citizen.kind, citizen.personal_id), (User.Kind.CITIZEN, "001090012345"))

    def test_it_loads_every_procedure_of_the_catalog_file(self) -> None:
        self.assertEqual(Procedure.objects.count(), DEMO_COUNT)
        self.assertEqual(ProcedureVersion.objects.in_force().count(), DEMO_COUNT)

    def test_it_prints_a_summary_without_accounts(self) -> None:
        self.assertIn("Cơ quan, đơn vị mới: ", self.output)
        self.assertNotIn("motcua-demo-2026", self.output)

    def test_a_second_run_changes_no_row_counts(self) -> None:
        before = row_counts()
        run_demo()
        self.assertEqual(row_counts(), before)

    def test_a_second_run_reports_nothing_new(self) -> None:
        self.assertIn("Cơ quan, đơn vị mới: 0.", run_demo())

    def test_every_procedure_in_force_has_a_published_workflow(self) -> None:
        versions = ProcedureVersion.objects.in_force()
        self.assertTrue(all(Workflow.current_for(v) for v in versions))

    def test_there_are_dossiers_in_every_status(self) -> None:
        self.assertEqual(set(Dossier.objects.values_list("status", flat=True)), set(Status))

    def test_there_is_an_overdue_dossier_for_inspectors(self) -> None:
        self.assertTrue(Dossier.objects.filter(deadline_state=DeadlineState.OVERDUE).exists())

    def test_the_demo_histories_verify(self) -> None:
        self.assertEqual(list(verify_all()), [])

    def test_the_embedded_registry_holds_thousands_of_valid_residents(self) -> None:
        from identity.idnumber import Sex, parse_personal_id
        from registry.models import Resident

        residents = Resident.objects.all()
        self.assertGreaterEqual(residents.count(), 3000)
        for resident in residents[:500]:
            parse_personal_id(
                resident.id_number, date_of_birth=resident.date_of_birth, sex=Sex(resident.sex)
            )

    def test_residence_histories_cross_the_2025_reorganization(self) -> None:
        from registry.models import ResidenceRecord

        before = ResidenceRecord.objects.filter(legacy_ward__isnull=False).first()
        assert before is not None
        after = before.resident.history.get(to_date__isnull=True)
        self.assertIn(after.unit, before.legacy_ward.successors.all())

    def test_the_demo_citizens_are_in_the_registry(self) -> None:
        from registry.models import Resident

        self.assertTrue(Resident.objects.filter(id_number="001090012345").exists())

    def assert_each_passes_pdfsig(self, kind: str) -> None:
        documents = IssuedDocument.objects.filter(kind=kind)
        self.assertTrue(documents.exists())
        for document in documents:
            with self.subTest(document=document.code, dossier=document.reference):
                report = pdfsig(read_stored(document))
                self.assertTrue(report.valid, report.output)

    @skipUnless(HAS_POPPLER, "poppler-utils (pdfsig) is not installed")
    def test_every_demo_declaration_passes_pdfsig(self) -> None:
        self.assert_each_passes_pdfsig(IssuedDocument.Kind.DECLARATION)

    @skipUnless(HAS_POPPLER, "poppler-utils (pdfsig) is not installed")
    def test_every_demo_result_passes_pdfsig(self) -> None:
        self.assert_each_passes_pdfsig(IssuedDocument.Kind.RESULT)

    @skipUnless(HAS_POPPLER, "poppler-utils (pdfsig, pdftoppm) is not installed")
    def test_the_references_render_each_page_of_each_declaration_and_result(self) -> None:
        import pikepdf

        kinds = (IssuedDocument.Kind.DECLARATION, IssuedDocument.Kind.RESULT)
        documents = IssuedDocument.objects.filter(kind__in=kinds)
        pages = 0
        for document in documents:
            with pikepdf.open(document.file.path) as pdf:
                pages += len(pdf.pages)
        with tempfile.TemporaryDirectory() as folder:
            call_command("demo", "references", "--out", folder, stdout=StringIO())
            images = {path.name for path in Path(folder).glob("*.png")}
        self.assertEqual(len(images), pages)
        # The many marital-status declarations each under its own rank.
        self.assertEqual(len({name.rsplit("-p", 1)[0] for name in images}), documents.count())
