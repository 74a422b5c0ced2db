"""The embedded registry: the ``Resident`` tables of our own database (demo, training,
provinces without a gateway connection yet): a fixed handful of queries per lookup."""

from __future__ import annotations

from registry.models import Resident
from registry.records import PersonRecord, Relative, ResidencePeriod


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
