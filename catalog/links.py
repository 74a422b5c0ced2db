"""What a decided dossier does with its data, as catalog data (checked when published):

- ``population_update``: the change a result makes to the population registry, as
  ``{"kind": "birth"|"death"|"marriage"|"residence", "fields": {<update field>: <source>}}``;
- ``result_holders``: whose data store the result goes to (the people it is about).

A source names where a value comes from: ``declaration.<path>`` or ``result.<path>`` (a field
of the version's e-forms), ``applicant.id_number``, ``body.code`` (the deciding body),
``register.number`` (the entry in its register), ``decided.date`` (the decision's day), or a
constant written ``=value``. For ``result_holders`` also ``registry.assigned`` (the ID number
the registry gives a new-born). ``dossiers.population`` reads them; the update fields of each
kind are the registry's (``registry.records``), listed here for the publish check and kept
equal to them by ``dossiers/tests/test_population_update.py``.
"""

from __future__ import annotations

from typing import Any

from eforms.schema import Schema

UPDATE_FIELDS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    # kind: (required fields, optional fields)
    "birth": (
        frozenset(
            {
                "full_name", "date_of_birth", "sex", "ethnicity", "nationality",
                "place_of_birth", "home_town", "mother_id_number", "residence_address",
                "residence_unit_code", "registering_body", "register_number",
            }
        ),
        frozenset({"father_id_number", "registered_on"}),
    ),
    "death": (
        frozenset(
            {"id_number", "date_of_death", "place_of_death", "registering_body", "register_number"}
        ),
        frozenset(),
    ),
    "marriage": (
        frozenset(
            {
                "first_id_number", "second_id_number", "married_on", "registering_body",
                "register_number",
            }
        ),
        frozenset(),
    ),
    "residence": (
        frozenset({"id_number", "kind", "address", "unit_code", "from_date"}),
        frozenset({"to_date", "household_head_id_number", "new_household", "relation"}),
    ),
}  # fmt: skip
PLAIN_SOURCES = frozenset(
    {"applicant.id_number", "body.code", "register.number", "decided.date", "registry.assigned"}
)


def _path_problem(source: str, declaration: Schema | None, result: Schema | None) -> str:
    if source.startswith("=") or source in PLAIN_SOURCES:
        return ""
    form, _dot, path = source.partition(".")
    schema = {"declaration": declaration, "result": result}.get(form)
    if schema is None:
        return f"nguồn “{source}” không có"
    # ``residence.commune`` reads inside an address value: its field is ``residence``.
    parts = path.split(".")
    for cut in range(len(parts), 0, -1):
        if schema.field(".".join(parts[:cut])) is not None:
            return ""
    return f"trường “{path}” không có trong biểu mẫu {form}"


def _update_problems(
    population_update: Any, declaration: Schema | None, result: Schema | None
) -> list[str]:
    kind = population_update.get("kind") if isinstance(population_update, dict) else None
    mapping = population_update.get("fields") if isinstance(population_update, dict) else None
    if kind not in UPDATE_FIELDS or not isinstance(mapping, dict):
        return ["cần “kind” (birth, death, marriage, residence) và “fields”"]
    required, optional = UPDATE_FIELDS[kind]
    errors = [f"thiếu trường bắt buộc “{name}”" for name in sorted(required - set(mapping))]
    errors += [
        f"trường “{name}” không có trong cập nhật loại {kind}"
        for name in sorted(set(mapping) - required - optional)
    ]
    for name, source in sorted(mapping.items()):
        problem = _path_problem(str(source), declaration, result)
        if problem:
            errors.append(f"{name}: {problem}")
    return errors


def _holder_problems(
    result_holders: Any, declaration: Schema | None, result: Schema | None
) -> list[str]:
    if not isinstance(result_holders, list):
        return ["phải là danh sách nguồn số định danh"]
    found = (_path_problem(str(source), declaration, result) for source in result_holders)
    return [problem for problem in found if problem]


def problems(
    population_update: Any, result_holders: Any, declaration: Schema | None, result: Schema | None
) -> dict[str, list[str]]:
    """What is wrong with a version's links, by model field (empty when nothing)."""
    found = {
        "population_update": (
            _update_problems(population_update, declaration, result) if population_update else []
        ),
        "result_holders": (
            _holder_problems(result_holders, declaration, result) if result_holders else []
        ),
    }
    return {name: errors for name, errors in found.items() if errors}
