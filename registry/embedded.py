"""The embedded registry: the ``Resident`` tables of our own database (demo, training,
provinces without a gateway connection yet): a fixed handful of queries per lookup.

It also records the decided changes sent to it (``apply``): each update in one transaction,
the people it changes locked, its reference journalled (``AppliedUpdate``) so that the same
update sent again changes nothing and gets the same answer; what cannot be right (an unknown
person, one already dead, a marriage of someone married, …) is refused with
``RegistryRefused``, in Vietnamese, with a stable code.
"""

from __future__ import annotations

import secrets
from datetime import date, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from core import clock
from registry.idnumbers import DEFAULT_PROVINCE, new_id_number, province_digits
from registry.models import AppliedUpdate, MaritalStatus, Relation, ResidenceRecord, Resident, Sex
from registry.records import (
    BirthUpdate,
    DeathUpdate,
    MarriageUpdate,
    PersonRecord,
    PopulationUpdate,
    RegistryRefused,
    Relative,
    ResidencePeriod,
    ResidenceUpdate,
    UpdateOutcome,
)
from units.models import AdministrativeUnit, GovernmentUnit

# The youngest a person may marry (Law on Marriage and Family 2014, art. 8): full years.
MARRIAGE_AGE = {Sex.MALE: 20, Sex.FEMALE: 18}
# A child born this long after the father's death is not presumed his (Civil Code art. 88).
POSTHUMOUS_DAYS = 300
_random = secrets.SystemRandom()


def _refuse(code: str, message: str) -> RegistryRefused:
    return RegistryRefused(message, code=f"registry.{code}")


def _age(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


class EmbeddedRegistry:
    source = "embedded"

    def find(self, id_number: str, *, purpose: str, requester: str) -> PersonRecord | None:
        resident = (
            Resident.objects.filter(id_number=id_number)
            .select_related("permanent_unit")
            .prefetch_related("history__legacy_ward", "history__unit")
            .first()
        )
        if resident is None:
            return None
        unit = resident.permanent_unit
        household = Resident.objects.filter(household=resident.household).exclude(pk=resident.pk)
        return PersonRecord(
            id_number=resident.id_number,
            old_id_number=resident.old_id_number or None,
            full_name=resident.full_name,
            date_of_birth=resident.date_of_birth,
            sex=resident.sex,
            permanent_address=resident.permanent_address,
            permanent_unit_code=unit.code if unit else None,
            temporary_address=resident.temporary_address,
            marital_status=resident.marital_status,
            date_of_death=resident.date_of_death,
            ethnicity=resident.ethnicity,
            nationality=resident.nationality,
            place_of_birth=resident.place_of_birth,
            home_town=resident.home_town,
            residence_history=tuple(
                ResidencePeriod(
                    kind=period.kind,
                    address=period.address,
                    from_date=period.from_date.isoformat(),
                    to_date=period.to_date.isoformat() if period.to_date else None,
                    unit_code=period.unit.code if period.unit else None,
                    legacy_ward=period.legacy_ward.name if period.legacy_ward else "",
                )
                for period in resident.history.all()
            ),
            household=tuple(
                Relative(r.id_number, r.full_name, r.relation)
                for r in household.only("id_number", "full_name", "relation")
            ),
        )

    # Updates -------------------------------------------------------------------------------

    def apply(self, update: PopulationUpdate, *, requester: str, reference: str) -> UpdateOutcome:
        payload = update.to_json()
        try:
            with transaction.atomic():
                done = AppliedUpdate.objects.filter(reference=reference).first()
                if done is not None:
                    return _replayed(done, update, payload)
                number, message = _apply(update)
                AppliedUpdate.objects.create(
                    reference=reference,
                    kind=update.KIND,
                    payload=payload,
                    requester=requester[:20],
                    id_number=number or "",
                    message=message[:300],
                    applied_at=clock.now(),
                )
        except IntegrityError:
            # The same reference recorded meanwhile by a concurrent call: its answer stands.
            done = AppliedUpdate.objects.filter(reference=reference).first()
            if done is None:
                raise
            return _replayed(done, update, payload)
        return UpdateOutcome(accepted=True, id_number=number, message=message)


def _replayed(done: AppliedUpdate, update: PopulationUpdate, payload: Any) -> UpdateOutcome:
    if done.kind != update.KIND or done.payload != payload:
        raise _refuse(
            "reference_reused",
            _("Mã tham chiếu %(reference)s đã được dùng cho một cập nhật khác.")
            % {"reference": done.reference},
        )
    return UpdateOutcome(accepted=True, id_number=done.id_number or None, message=done.message)


def _apply(update: PopulationUpdate) -> tuple[str | None, str]:
    """Record the update (inside the caller's transaction): the assigned ID number, if any,
    and the registry's message."""
    match update:
        case BirthUpdate():
            number = _birth(update)
            return number, _("Đã đăng ký khai sinh, cấp số định danh cá nhân %(number)s.") % {
                "number": number
            }
        case DeathUpdate():
            _death(update)
            return None, _("Đã cập nhật thông tin khai tử.")
        case MarriageUpdate():
            _marriage(update)
            return None, _("Đã cập nhật tình trạng hôn nhân của hai bên.")
        case ResidenceUpdate():
            _residence(update)
            return None, _("Đã cập nhật thông tin cư trú.")


def _person(id_number: str) -> Resident:
    """The living or dead person with this number, locked until the update commits."""
    person = Resident.objects.select_for_update().filter(id_number=id_number).first()
    if person is None:
        raise _refuse(
            "unknown_person",
            _("Không có công dân mang số định danh %(number)s trong cơ sở dữ liệu dân cư.")
            % {"number": id_number},
        )
    return person


def _living(id_number: str) -> Resident:
    person = _person(id_number)
    if person.date_of_death is not None:
        raise _refuse(
            "deceased",
            _("Công dân mang số định danh %(number)s đã được khai tử ngày %(date)s.")
            % {"number": id_number, "date": f"{person.date_of_death:%d/%m/%Y}"},
        )
    return person


def _commune(code: int | None) -> AdministrativeUnit | None:
    if code is None:
        return None
    unit = (
        AdministrativeUnit.objects.filter(level=AdministrativeUnit.Level.COMMUNE, code=code)
        .select_related("province")
        .first()
    )
    if unit is None:
        raise _refuse(
            "unknown_unit", _("Không có đơn vị hành chính cấp xã mã %(code)s.") % {"code": code}
        )
    return unit


def _not_after_today(day: date) -> None:
    if day > clock.today():
        raise _refuse("future_date", _("Ngày %(date)s chưa đến.") % {"date": f"{day:%d/%m/%Y}"})


def _birth_province(body_code: str, unit: AdministrativeUnit | None) -> str:
    """The ID number's first three digits: the province of the registering body's area, else
    of the residence's commune, else Hà Nội's."""
    codes: list[int | None] = []
    body = GovernmentUnit.objects.filter(code=body_code).select_related("area__province").first()
    if body is not None:
        area = body.area
        province = area if area.level == AdministrativeUnit.Level.PROVINCE else area.province
        codes.append(province.code if province else None)
    if unit is not None and unit.province is not None:
        codes.append(unit.province.code)
    return next((d for d in map(province_digits, codes) if d), DEFAULT_PROVINCE)


def _birth(update: BirthUpdate) -> str:
    _not_after_today(update.date_of_birth)
    mother = _person(update.mother_id_number)
    father = _person(update.father_id_number) if update.father_id_number else None
    born = update.date_of_birth
    for parent, sex, latest_death in (
        (mother, Sex.FEMALE, born),
        (father, Sex.MALE, born - timedelta(days=POSTHUMOUS_DAYS)),
    ):
        if parent is None:
            continue
        if parent.sex != sex:
            raise _refuse(
                "parent_sex",
                _("Giới tính của %(name)s (%(number)s) không phù hợp với vai trò cha, mẹ.")
                % {"name": parent.full_name, "number": parent.id_number},
            )
        if parent.date_of_birth >= born or (
            parent.date_of_death is not None and parent.date_of_death < latest_death
        ):
            raise _refuse(
                "parent_dates",
                _("Ngày sinh của trẻ không phù hợp với ngày sinh hoặc ngày chết của %(name)s.")
                % {"name": parent.full_name},
            )
    households = [p.household for p in (mother, father) if p is not None]
    if Resident.objects.filter(
        household__in=households, date_of_birth=born, full_name=update.full_name
    ).exists():
        raise _refuse(
            "already_registered",
            _("Trẻ %(name)s sinh ngày %(date)s đã có trong cơ sở dữ liệu dân cư.")
            % {"name": update.full_name, "date": f"{born:%d/%m/%Y}"},
        )
    unit = _commune(update.residence_unit_code)
    living = [p for p in (mother, father) if p is not None and p.date_of_death is None]
    home = next((p for p in living if unit is None or p.permanent_unit_id == unit.pk), None)
    if home is None:
        raise _refuse(
            "not_parents_residence",
            _("Nơi thường trú của trẻ phải là nơi thường trú của cha hoặc mẹ."),
        )
    number = new_id_number(
        born,
        update.sex,
        _birth_province(update.registering_body, unit),
        rng=_random,
        taken=lambda candidate: Resident.objects.filter(id_number=candidate).exists(),
    )
    # A child of the head or of the spouse is the head's child; else (a grandchild) other.
    of_head = home.relation in (Relation.HEAD, Relation.SPOUSE)
    child = Resident.objects.create(
        id_number=number,
        full_name=update.full_name,
        date_of_birth=born,
        sex=update.sex,
        marital_status=MaritalStatus.SINGLE,
        household=home.household,
        relation=Relation.CHILD if of_head else Relation.OTHER,
        permanent_address=update.residence_address,
        permanent_unit=unit or home.permanent_unit,
        ethnicity=update.ethnicity,
        nationality=update.nationality,
        place_of_birth=update.place_of_birth,
        home_town=update.home_town,
    )
    ResidenceRecord.objects.create(
        resident=child,
        kind=ResidenceRecord.Kind.PERMANENT,
        address=update.residence_address,
        unit=unit or home.permanent_unit,
        from_date=update.registered_on or born,
    )
    return number


def _death(update: DeathUpdate) -> None:
    person = _living(update.id_number)
    died = update.date_of_death
    _not_after_today(died)
    if died < person.date_of_birth:
        raise _refuse(
            "death_before_birth",
            _("Ngày chết %(date)s trước ngày sinh của %(name)s.")
            % {"date": f"{died:%d/%m/%Y}", "name": person.full_name},
        )
    person.date_of_death, person.place_of_death = died, update.place_of_death
    person.temporary_address = ""
    person.save(
        update_fields=["date_of_death", "place_of_death", "temporary_address", "updated_at"]
    )
    # Every period of residence still running on that day ends with it.
    ResidenceRecord.objects.filter(resident=person, from_date__lte=died).filter(
        Q(to_date__isnull=True) | Q(to_date__gt=died)
    ).update(to_date=died)


def _marriage(update: MarriageUpdate) -> None:
    if update.first_id_number == update.second_id_number:
        raise _refuse("same_person", _("Hai bên kết hôn là cùng một người."))
    _not_after_today(update.married_on)
    # Locked in a fixed order, so that two updates naming the same two people cannot deadlock.
    numbers = sorted((update.first_id_number, update.second_id_number))
    people = [_living(number) for number in numbers]
    if people[0].sex == people[1].sex:
        raise _refuse(
            "same_sex",
            _("Nhà nước không thừa nhận hôn nhân giữa những người cùng giới tính."),
        )
    for person in people:
        if person.marital_status == MaritalStatus.MARRIED:
            raise _refuse(
                "already_married",
                _("%(name)s (%(number)s) đang có vợ hoặc chồng.")
                % {"name": person.full_name, "number": person.id_number},
            )
        if _age(person.date_of_birth, update.married_on) < MARRIAGE_AGE[Sex(person.sex)]:
            raise _refuse(
                "under_age",
                _("%(name)s chưa đủ tuổi kết hôn vào ngày %(date)s.")
                % {"name": person.full_name, "date": f"{update.married_on:%d/%m/%Y}"},
            )
    for person in people:
        person.marital_status = MaritalStatus.MARRIED
        person.save(update_fields=["marital_status", "updated_at"])


def _residence(update: ResidenceUpdate) -> None:
    person = _living(update.id_number)
    if update.from_date < person.date_of_birth:
        raise _refuse("residence_dates", _("Ngày bắt đầu cư trú trước ngày sinh."))
    unit = _commune(update.unit_code)
    kind = ResidenceRecord.Kind(update.kind)
    running = ResidenceRecord.objects.filter(resident=person, kind=kind).filter(
        Q(to_date__isnull=True) | Q(to_date__gte=update.from_date)
    )
    if running.filter(from_date__gte=update.from_date).exists():
        raise _refuse(
            "residence_dates",
            _("Đã có thông tin cư trú từ ngày %(date)s trở về sau.")
            % {"date": f"{update.from_date:%d/%m/%Y}"},
        )
    changed = ["updated_at"]
    if kind == ResidenceRecord.Kind.PERMANENT:
        _household(person, update, unit)
        person.permanent_address, person.permanent_unit = update.address, unit
        changed += ["permanent_address", "permanent_unit", "household", "relation"]
    else:
        person.temporary_address = update.address
        changed.append("temporary_address")
    # The period running until now ends the day before the new one starts.
    running.update(to_date=update.from_date - timedelta(days=1))
    person.save(update_fields=changed)
    ResidenceRecord.objects.create(
        resident=person,
        kind=kind,
        address=update.address,
        unit=unit,
        from_date=update.from_date,
        to_date=update.to_date,
    )


def _household(person: Resident, update: ResidenceUpdate, unit: AdministrativeUnit | None) -> None:
    if update.new_household:
        person.household, person.relation = _new_household_number(), Relation.HEAD
        return
    if not update.household_head_id_number:
        return  # the person keeps their household
    head = _living(update.household_head_id_number)
    if head.pk == person.pk or head.relation != Relation.HEAD:
        raise _refuse(
            "not_household_head",
            _("%(name)s (%(number)s) không phải là chủ hộ.")
            % {"name": head.full_name, "number": head.id_number},
        )
    if unit is not None and head.permanent_unit_id not in (None, unit.pk):
        raise _refuse(
            "not_household_address",
            _("Hộ của %(name)s không thường trú tại đơn vị hành chính này.")
            % {"name": head.full_name},
        )
    person.household, person.relation = head.household, update.relation


def _new_household_number() -> str:
    while True:
        number = f"HK{_random.randrange(10**10):010d}"
        if not Resident.objects.filter(household=number).exists():
            return number
