"""An online application with an e-form, as the citizen fills it: the state kept in their
``Draft`` between pages (the declaration so far, where prefilled values came from, what the
law locks, the registry lookups made, the unit, the contact), and what the task list says
about each part.

The declaration is kept as ``eforms.validate`` cleans it, one section at a time; it is checked
in full only at the end (``full_check``), and again by ``submit_dossier``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import cached_property
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from catalog.models import Component, ProcedureVersion
from core import clock
from documents.store import applicant_store
from dossiers import drafts
from dossiers.models import Draft, DraftFile
from dossiers.prefill import Prefilled, prefill, source_label
from eforms.schema import Field, FieldType, Schema, Section
from eforms.validate import Checked, FieldError, validate
from portal.forms import competent_units, receiving_points
from portal.submitting import Behalf
from registry.connector import logged_lookup
from registry.records import PersonRecord, RegistryError
from units.models import AdministrativeUnit, GovernmentUnit
from workdays.calendar import to_local

EFORM = "eform"  # the key of the e-form's state in Draft.data


class Status(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"


STATUS_LABELS = {
    Status.NOT_STARTED: _("Chưa bắt đầu"),
    Status.IN_PROGRESS: _("Đang điền"),
    Status.DONE: _("Đã xong"),
}

# The tasks that are not sections of the declaration (their keys in ``visited``).
UNIT, FILES, CONTACT = "_unit", "_files", "_contact"


def today() -> date:
    return to_local(clock.now()).date()


def purpose(version: ProcedureVersion) -> str:
    return f"Điền sẵn tờ khai trực tuyến: {version.name}"[:300]


def assisted_purpose(version: ProcedureVersion, helper: User) -> str:
    """Why the registry is asked about a citizen a helper lodges for: the citizen reads it in
    their list of lookups (Decree 13/2023)."""
    who = helper.get_full_name() or helper.get_username()
    return f"Nộp thay hồ sơ trực tuyến (tổ công nghệ số: {who}): {version.name}"[:300]


def _get(tree: Any, path: str) -> Any:
    node = tree
    for part in path.split("."):
        if isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        elif isinstance(node, Mapping) and part in node:
            node = node[part]
        else:
            return None
    return node


def province_of(unit: GovernmentUnit) -> AdministrativeUnit:
    area = unit.area
    if area.level == AdministrativeUnit.Level.PROVINCE or area.province is None:
        return area
    return area.province


def in_province(units: QuerySet[GovernmentUnit], code: int) -> QuerySet[GovernmentUnit]:
    return units.filter(
        Q(area__level=AdministrativeUnit.Level.PROVINCE, area__code=code)
        | Q(area__level=AdministrativeUnit.Level.COMMUNE, area__province__code=code)
    )


def unit_of_residence(
    units: QuerySet[GovernmentUnit], commune_code: int | None
) -> GovernmentUnit | None:
    """The one unit among ``units`` whose area is the commune of residence, if there is one."""
    if commune_code is None:
        return None
    found = list(
        units.filter(area__level=AdministrativeUnit.Level.COMMUNE, area__code=commune_code)[:2]
    )
    return found[0] if len(found) == 1 else None


@dataclass(frozen=True)
class Task:
    key: str
    title: str
    url_name: str
    section: str
    status: Status
    hint: str = ""

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])


class Application:
    """One citizen's application with an e-form, kept in their draft."""

    def __init__(self, draft: Draft) -> None:
        self.draft = draft
        self.version: ProcedureVersion = draft.procedure_version
        schema = self.version.declaration
        if schema is None:
            raise Http404("Thủ tục này không có tờ khai điện tử.")
        self.schema: Schema = schema
        state = draft.data.get(EFORM)
        self.state: dict[str, Any] = state if isinstance(state, dict) else {}

    # Starting and finding ----------------------------------------------------------------------

    @classmethod
    def start(
        cls, user: User, version: ProcedureVersion, behalf: Behalf | None = None
    ) -> Application:
        """A new draft, prefilled once with what the state holds for the applicant (one logged
        lookup of their registry record; the unit of their residence preselected). With
        ``behalf`` a helper lodges for that citizen: the citizen is the applicant, looked up
        (by the helper, for that purpose) and prefilled, never the helper's own record."""
        schema = version.declaration
        assert schema is not None  # noqa: S101 - only e-form versions start here
        applicant_id = behalf.id_number if behalf else user.personal_id or ""
        why = assisted_purpose(version, user) if behalf else purpose(version)
        record, lookups, failed = None, [], False
        if applicant_id:
            try:
                record, entry = logged_lookup(applicant_id, purpose=why, actor=user)
            except RegistryError:
                failed = True
            else:
                lookups.append(entry.pk)
        filled = prefill(
            schema,
            user=user,
            applicant_id_number=applicant_id,
            purpose=why,
            today=today(),
            record=record,
            # The citizen's own account gives the contact fields, never the helper's.
            account=behalf.citizen_account() if behalf else "asker",
            ask_registry=False,  # asked just above
        )
        data, locked = _settled(schema, filled.data, filled.locked)
        state: dict[str, Any] = {
            "data": data,
            "sources": {p: s for p, s in filled.sources.items() if _get(data, p) is not None},
            "locked": locked,
            "lookups": lookups + filled.lookups,
            "visited": [],
            "rows": {},
            "looked_up": {},
            "registry_failed": failed or filled.registry_failed,
        }
        contact = {
            "applicant_phone": user.phone,
            "applicant_email": user.email,
            "applicant_address": record.permanent_address if record else "",
        }
        if behalf:
            state["behalf"] = behalf.as_data()
            contact = {
                "applicant_phone": behalf.phone,
                "applicant_address": behalf.address or (record.permanent_address if record else ""),
            }
        units = _preselected(version, record)
        draft = Draft.objects.create(
            owner=user,
            procedure_version=version,
            data={EFORM: state, **{k: v for k, v in {**contact, **units}.items() if v}},
        )
        return cls(draft)

    @classmethod
    def of(cls, user: User, key: Any, code: str) -> Application:
        draft = drafts.draft_for(user, key)
        if draft.procedure_version.procedure.code != code or EFORM not in draft.data:
            raise Http404("Hồ sơ nháp này thuộc thủ tục khác.")
        return cls(draft)

    @staticmethod
    def pending(
        user: User, version: ProcedureVersion, behalf_id: str | None = None
    ) -> Draft | None:
        """The newest draft with an e-form this person has not submitted, for this version:
        their own, or (``behalf_id``) the one they lodge for that citizen."""
        drafts = Draft.objects.filter(
            owner=user, procedure_version=version, submitted__isnull=True, data__has_key=EFORM
        )
        if behalf_id:
            drafts = drafts.filter(**{f"data__{EFORM}__behalf__id_number": behalf_id})
        else:
            drafts = drafts.exclude(**{f"data__{EFORM}__has_key": "behalf"})
        return drafts.order_by("-updated_at").first()

    def save(self) -> None:
        self.draft.data = {**self.draft.data, EFORM: self.state}
        self.draft.save(update_fields=["data", "updated_at"])
        self.__dict__.pop("full_check", None)

    def discard(self) -> None:
        drafts.discard_draft(self.draft)

    # The state ---------------------------------------------------------------------------------

    @cached_property
    def behalf(self) -> Behalf | None:
        """The citizen a helper lodges this application for (None: the owner's own)."""
        return Behalf.from_data(self.state.get("behalf"))

    @property
    def applicant_id_number(self) -> str:
        return self.behalf.id_number if self.behalf else self.draft.owner.personal_id or ""

    @property
    def purpose(self) -> str:
        """Why the registry is asked while filling this application."""
        if self.behalf:
            return assisted_purpose(self.version, self.draft.owner)
        return purpose(self.version)

    @property
    def data(self) -> dict[str, Any]:
        value = self.state.setdefault("data", {})
        assert isinstance(value, dict)  # noqa: S101 - written here only
        return value

    @property
    def sources(self) -> dict[str, str]:
        value = self.state.setdefault("sources", {})
        assert isinstance(value, dict)  # noqa: S101 - written here only
        return value

    @property
    def locked(self) -> dict[str, Any]:
        value = self.state.setdefault("locked", {})
        assert isinstance(value, dict)  # noqa: S101 - written here only
        return value

    @property
    def lookups(self) -> list[int]:
        value = self.state.setdefault("lookups", [])
        assert isinstance(value, list)  # noqa: S101 - written here only
        return value

    @property
    def rows(self) -> dict[str, int]:
        value = self.state.setdefault("rows", {})
        assert isinstance(value, dict)  # noqa: S101 - written here only
        return value

    @property
    def looked_up(self) -> dict[str, str]:
        value = self.state.setdefault("looked_up", {})
        assert isinstance(value, dict)  # noqa: S101 - written here only
        return value

    @property
    def visited(self) -> list[str]:
        value = self.state.setdefault("visited", [])
        assert isinstance(value, list)  # noqa: S101 - written here only
        return value

    def visit(self, key: str) -> None:
        if key not in self.visited:
            self.visited.append(key)

    def set_behalf_contact(self, phone: str, address: str) -> None:
        """The citizen's contact as changed on the contact page: the dossier carries it."""
        behalf = self.behalf
        if behalf is None:
            return
        self.state["behalf"] = {**behalf.as_data(), "phone": phone, "address": address}
        self.__dict__.pop("behalf", None)

    def value(self, name: str) -> str:
        return str(self.draft.data.get(name) or "")

    def set_values(self, **values: str) -> None:
        for name, value in values.items():
            if value:
                self.draft.data[name] = value
            else:
                self.draft.data.pop(name, None)

    @property
    def source_labels(self) -> dict[str, str]:
        return {path: source_label(source) for path, source in self.sources.items()}

    # The declaration ---------------------------------------------------------------------------

    def keep_section(self, section: Section, checked: Checked) -> None:
        """Keep what a section's page gave (already checked)."""
        for f in section.fields:
            if f.key in checked.data:
                self.data[f.key] = checked.data[f.key]
            else:
                self.data.pop(f.key, None)
        self._forget_sources()
        self.visit(section.key)

    def _forget_sources(self) -> None:
        """A prefilled value the person removed has no source any more."""
        for path in [p for p in self.sources if _get(self.data, p) is None]:
            del self.sources[path]

    def absorb(self, found: Prefilled) -> None:
        """Values a lookup found (a relative's record): they replace what was typed."""
        merged = _with_values(self.data, found.data)
        locked = {**self.locked, **found.locked}
        data, self.state["locked"] = _settled(self.schema, merged, locked)
        self.state["data"] = data
        self.sources.update(found.sources)
        self.lookups.extend(found.lookups)

    def unlock(self, path: str) -> None:
        """Forget a relative looked up (to declare another person): their values go with the
        lock, so nothing taken from the registry can then be edited as if typed."""
        inside = [p for p in self.locked if p == path or p.startswith(f"{path}.")]
        for p in inside:
            del self.locked[p]
        for p in [p for p in self.sources if p == path or p.startswith(f"{path}.")]:
            del self.sources[p]
        self.looked_up.pop(path, None)
        if inside and "." not in path:
            self.data.pop(path, None)

    @cached_property
    def full_check(self) -> Checked:
        checked = validate(self.schema, self.data, today=today(), locked=self.locked)
        for f, path, component in self.file_fields():
            if f.required and component is not None and component.pk not in self.kept_files:
                checked.errors.setdefault(path, []).append(
                    FieldError(path, "eform.required", _file_missing(component))
                )
        return checked

    def section_of(self, path: str) -> Section | None:
        top = path.split(".", 1)[0]
        return next((s for s in self.schema.sections if any(f.key == top for f in s.fields)), None)

    # Files -------------------------------------------------------------------------------------

    @cached_property
    def components(self) -> list[Component]:
        return list(self.version.components.all())

    @property
    def kept_files(self) -> dict[int, DraftFile]:
        """Component id → the file kept in the draft for it."""
        return drafts.draft_components(self.draft, self.version)

    def component_at(self, position: int | None) -> Component | None:
        return next((c for c in self.components if c.position == position), None)

    def file_fields(self) -> list[tuple[Field, str, Component | None]]:
        """The schema's file inputs, with their data paths and components."""
        return [
            (f, f.path, self.component_at(f.component))
            for f in self.schema.file_fields()
            if "*" not in f.path
        ]

    @cached_property
    def in_store(self) -> dict[str, Any]:
        return applicant_store(self.applicant_id_number, today())

    def not_asked(self) -> list[tuple[Component, str]]:
        """Components the applicant is not asked to upload, and why."""
        bound = {f.component for f in self.schema.file_fields()}
        out: list[tuple[Component, str]] = []
        for c in self.components:
            if c.position in self.schema.satisfies:
                out.append((c, str(_("Là tờ khai điện tử bạn điền ở trên"))))
            elif c.position in bound:
                continue
            elif c.reusable_from_data:
                out.append((c, str(_("Nhà nước đã có trong cơ sở dữ liệu"))))
            elif c.document_type and c.document_type in self.in_store:
                stored = self.in_store[c.document_type]
                out.append(
                    (
                        c,
                        str(_("Đã có trong kho dữ liệu của bạn (mã %(code)s)"))
                        % {"code": stored.document.code},
                    )
                )
        return out

    def to_upload(self) -> list[Component]:
        """The components to upload on the "Giấy tờ kèm theo" page: those the e-form, its own
        file inputs, the registry and the data store do not already give."""
        skipped = {c.pk for c, _why in self.not_asked()}
        bound = {f.component for f in self.schema.file_fields()}
        return [c for c in self.components if c.pk not in skipped and c.position not in bound]

    def missing_files(self) -> list[Component]:
        kept = self.kept_files
        return [c for c in self.to_upload() if c.required and c.pk not in kept]

    # Units -------------------------------------------------------------------------------------

    @cached_property
    def candidates(self) -> QuerySet[GovernmentUnit]:
        return competent_units(self.version).select_related("area__province")

    def competent_unit(self) -> GovernmentUnit | None:
        code = self.value("competent_unit")
        return self.candidates.filter(code=code).first() if code else None

    def receiving_unit(self) -> GovernmentUnit | None:
        """Where the dossier is lodged: the competent unit's receiving point (the unit itself
        when it has a desk, else the centre that receives for it: the commune committee's and
        police's), unless the procedure is not bound by administrative boundaries and another
        reception point was chosen."""
        competent = self.competent_unit()
        if not self.version.boundary_free:
            return competent.receiving_point() if competent is not None else None
        code = self.value("receiving_unit")
        chosen = receiving_points().filter(code=code).first() if code else None
        return chosen or (competent if competent and competent.receives_dossiers else None)

    # The task list -----------------------------------------------------------------------------

    def tasks(self) -> list[Task]:
        errors = self.full_check.errors
        receiving = self.receiving_unit()
        tasks = [
            Task(
                UNIT,
                str(_("Nơi nộp hồ sơ")),
                "portal:application_unit",
                "",
                Status.DONE if receiving is not None else Status.NOT_STARTED,
                receiving.name if receiving is not None else "",
            )
        ]
        for section in self.schema.sections:
            keys = {f.key for f in section.fields}
            wrong = any(p.split(".", 1)[0] in keys for p in errors)
            if section.key not in self.visited:
                status = Status.NOT_STARTED
            else:
                status = Status.IN_PROGRESS if wrong else Status.DONE
            tasks.append(
                Task(
                    section.key,
                    str(section.title),
                    "portal:application_section",
                    section.key,
                    status,
                )
            )
        if self.to_upload():
            if FILES not in self.visited and not self.kept_files:
                status = Status.NOT_STARTED
            else:
                status = Status.IN_PROGRESS if self.missing_files() else Status.DONE
            tasks.append(
                Task(FILES, str(_("Giấy tờ kèm theo")), "portal:application_files", "", status)
            )
        contact_done = CONTACT in self.visited and self.value("applicant_phone")
        tasks.append(
            Task(
                CONTACT,
                str(_("Liên hệ")),
                "portal:application_contact",
                "",
                Status.DONE if contact_done else Status.NOT_STARTED,
            )
        )
        return tasks

    @property
    def complete(self) -> bool:
        return all(t.status == Status.DONE for t in self.tasks())


def _file_missing(component: Component) -> str:
    return str(_("Chưa tải lên giấy tờ bắt buộc: %(name)s.")) % {"name": component.name}


def _with_values(data: Mapping[str, Any], found: Mapping[str, Any]) -> dict[str, Any]:
    """``data`` with the groups of ``found`` merged in (found's values win)."""
    out = dict(data)
    for key, value in found.items():
        current = out.get(key)
        if isinstance(value, Mapping) and isinstance(current, Mapping):
            out[key] = _with_values(current, value)
        else:
            out[key] = value
    return out


def _settled(
    schema: Schema, data: Mapping[str, Any], locked: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Prefilled values as they are kept (cleaned: an address with its units' names), and the
    locked ones among them (a value the registry gave that does not clean is not locked)."""
    checked = validate(schema, data, today=today(), partial=True, locked=locked)
    kept_locked = {
        path: _get(checked.data, path)
        for path in locked
        if _get(checked.data, path) is not None and schema_field_is_leaf(schema, path)
    }
    return checked.data, kept_locked


def schema_field_is_leaf(schema: Schema, path: str) -> bool:
    f = schema.field(".".join("*" if part.isdigit() else part for part in path.split(".")))
    return f is not None and f.type not in (FieldType.GROUP, FieldType.PERSON, FieldType.REPEAT)


def _preselected(version: ProcedureVersion, record: PersonRecord | None) -> dict[str, str]:
    """The unit of the applicant's registered residence (and, where the procedure lets the
    applicant lodge anywhere, the reception point there); the only unit when there is one."""
    candidates = competent_units(version)
    only = list(candidates[:2])
    commune = record.permanent_unit_code if record else None
    competent = only[0] if len(only) == 1 else unit_of_residence(candidates, commune)
    chosen = {"competent_unit": competent.code if competent else ""}
    if version.boundary_free:
        point = unit_of_residence(receiving_points(), commune)
        chosen["receiving_unit"] = point.code if point else ""
    return chosen


@transaction.atomic
def restart(user: User, draft: Draft, version: ProcedureVersion) -> Application:
    """A new draft in place of ``draft``, for the same person (the citizen it was lodged for)."""
    old = Application(draft)
    behalf = old.behalf if user.is_digital_team else None
    old.discard()
    return Application.start(user, version, behalf)
