"""What a registry answer proves: the components whose data source is the population
registry are satisfied by data (never asked for on paper) when the answer carries the data
they stand for (R14, R21).

A component's ``data_source`` names it: ``population_registry`` (identity and residence),
``population_registry:marital_status``, ``population_registry:residence_history``,
``population_registry:household``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from catalog.models import Component
from registry.models import Lookup
from workdays.calendar import to_local

REGISTRY = "population_registry"
NEEDS = {
    "": ("identity", "permanent_residence"),
    "marital_status": ("marital_status",),
    "residence_history": ("residence_history",),
    "household": ("household",),
}


def needs(component: Component) -> tuple[str, ...] | None:
    source, _sep, detail = component.data_source.partition(":")
    if source != REGISTRY:
        return None
    return NEEDS.get(detail)


def source_text(at: datetime) -> str:
    return f"Cơ sở dữ liệu quốc gia về dân cư — đối chiếu lúc {to_local(at):%H:%M %d/%m/%Y}"


def proven_components(
    components: Iterable[Component], fields: Iterable[str], at: datetime
) -> dict[int, str]:
    """Component → source text, for each registry component the returned fields satisfy."""
    present = set(fields)
    proven = {}
    for component in components:
        wanted = needs(component)
        if component.reusable_from_data and wanted and set(wanted) <= present:
            proven[component.pk] = source_text(at)
    return proven


def check_record(entry: Lookup, proven: dict[int, str]) -> dict[str, object]:
    """What a dossier keeps of the lookup that proved its components (``form_data``)."""
    return {
        "lookup": entry.pk,
        "at": entry.at.isoformat(),
        "source": entry.source,
        "fields": list(entry.fields),
        "components": sorted(proven),
    }
