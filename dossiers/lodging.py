"""Where a dossier is lodged and who may decide it: the one rule the portal, the counter and
``submit_dossier`` share.

A procedure bound to administrative boundaries (R17) is lodged at the *receiving point* of the
body competent to decide it (``GovernmentUnit.receiving_point``: the body itself when it has a
desk, else the unit that receives on its behalf — the commune centre for the commune People's
Committee and the commune police). A procedure not bound by boundaries may be lodged at any
receiving point, for any competent body.
"""

from __future__ import annotations

from catalog.models import ProcedureVersion
from dossiers.errors import DossierError
from units.models import GovernmentUnit, GovernmentUnitQuerySet


def competent_units(
    version: ProcedureVersion, *, desk: GovernmentUnit | None = None
) -> GovernmentUnitQuerySet:
    """The bodies a dossier of ``version`` may be lodged for, by name.

    Online (no ``desk``): those with a receiving point, or every one when the procedure is not
    bound by boundaries. At a counter ``desk``: the bodies it receives for (itself included),
    or every one when not bound by boundaries.
    """
    units = version.performers()
    if version.boundary_free:
        return units.order_by("name")
    if desk is None:
        return units.with_receiving_point().order_by("name")
    return units.filter(pk__in=GovernmentUnit.objects.received_at(desk).values("pk")).order_by(
        "name"
    )


def receiving_unit_for(
    version: ProcedureVersion,
    competent: GovernmentUnit,
    chosen: GovernmentUnit | None = None,
) -> GovernmentUnit:
    """Where a dossier for ``competent`` is lodged: the receiving point ``chosen`` by the
    applicant when the procedure is not bound by boundaries, else the competent body's own
    receiving point. Raises ``intake.no_receiving_point`` when it has none."""
    if version.boundary_free and chosen is not None:
        return chosen
    point = competent.receiving_point()
    if point is None:
        raise DossierError("intake.no_receiving_point", unit=competent.name)
    return point


def lodging_refusal(
    version: ProcedureVersion,
    receiving: GovernmentUnit,
    competent: GovernmentUnit,
    *,
    performed: bool | None = None,
) -> DossierError | None:
    """Why a dossier of ``version`` may not be lodged at ``receiving`` for ``competent`` (None
    when it may); what ``submit_dossier`` checks, whoever calls it. ``performed``: whether
    ``competent`` performs ``version``, when the caller read it already (else asked here)."""
    if not receiving.receives_dossiers or not receiving.is_active:
        return DossierError("intake.not_a_reception_point", unit=receiving.name)
    if performed is None:
        performed = ProcedureVersion.objects.filter(pk=version.pk).performed_by(competent).exists()
    if not performed:
        return DossierError("intake.not_competent", unit=competent.name)
    if not version.boundary_free and receiving != competent.receiving_point():
        return DossierError("intake.boundary_bound")
    return None
