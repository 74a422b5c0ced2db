"""The demo catalog's commune procedures are decided by the commune People's Committee, not by
the commune centre that receives their dossiers: versions stored before the committee kind
existed name the centre's kind, and have no register code. Rewritten as the catalog file now
says, so that importing that file again finds the same content (published versions are
otherwise never changed; neither field moves a deadline). Only the procedures of that file:
elsewhere a centre named as performer keeps deciding until its catalog is changed."""

from __future__ import annotations

from typing import Any

from django.db import migrations

# Civil status (hộ tịch) and certification (chứng thực): decided by the commune committee.
COMMITTEE_PROCEDURES = {
    "1.001193": "KS",  # Đăng ký khai sinh
    "1.004884": "KS",  # Đăng ký lại khai sinh
    "1.000894": "KH",  # Đăng ký kết hôn
    "1.004746": "KH",  # Đăng ký lại kết hôn
    "1.000656": "KT",  # Đăng ký khai tử
    "1.004873": "XNHN",  # Cấp Giấy xác nhận tình trạng hôn nhân
    "1.001022": "NCMC",  # Đăng ký nhận cha, mẹ, con
    "1.004859": "TDCC",  # Đăng ký thay đổi, cải chính, bổ sung thông tin hộ tịch
    "1.004837": "GH",  # Đăng ký giám hộ
    "2.000635": "BSTL",  # Cấp bản sao trích lục hộ tịch
    "2.000908": "BSSG",  # Cấp bản sao từ sổ gốc
    "2.000815": "CT-BS",  # Chứng thực bản sao từ bản chính
    "2.000884": "CT-CK",  # Chứng thực chữ ký
}
# Residence (cư trú): decided by the commune police, as before.
POLICE_PROCEDURES = {code: "TT" for code in ("1.004222", "1.004194", "1.002755", "1.010038")}


def forwards(apps: Any, schema_editor: Any) -> None:
    ProcedureVersion = apps.get_model("catalog", "ProcedureVersion")
    versions = ProcedureVersion.objects.filter(
        procedure__code__in=[*COMMITTEE_PROCEDURES, *POLICE_PROCEDURES]
    ).select_related("procedure")
    for version in versions:
        code = version.procedure.code
        fields = []
        if code in COMMITTEE_PROCEDURES and "|commune_center|" in version.performing_unit_kinds:
            kinds = {k for k in version.performing_unit_kinds.split("|") if k}
            kinds = (kinds - {"commune_center"}) | {"commune_committee"}
            version.performing_unit_kinds = f"|{'|'.join(sorted(kinds))}|"
            fields.append("performing_unit_kinds")
        if not version.register_code:
            version.register_code = {**COMMITTEE_PROCEDURES, **POLICE_PROCEDURES}[code]
            fields.append("register_code")
        if fields:
            version.save(update_fields=fields)


def backwards(apps: Any, schema_editor: Any) -> None:
    ProcedureVersion = apps.get_model("catalog", "ProcedureVersion")
    for version in ProcedureVersion.objects.filter(
        procedure__code__in=COMMITTEE_PROCEDURES,
        performing_unit_kinds__contains="|commune_committee|",
    ):
        kinds = {k for k in version.performing_unit_kinds.split("|") if k}
        kinds = (kinds - {"commune_committee"}) | {"commune_center"}
        version.performing_unit_kinds = f"|{'|'.join(sorted(kinds))}|"
        version.save(update_fields=["performing_unit_kinds"])


class Migration(migrations.Migration):
    dependencies = [("catalog", "0008_register_code"), ("units", "0002_deciding_bodies")]

    operations = [migrations.RunPython(forwards, backwards)]
