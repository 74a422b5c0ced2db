"""The intake client reads a page's form as a browser would."""

from __future__ import annotations

from bench.intake import form_values, page_form, page_medians

PAGE = """
<form action="/tai-khoan/dang-xuat/" method="post">
  <input type="hidden" name="csrfmiddlewaretoken" value="t">
</form>
<a href="/nop-ho-so/1.004873/k/noi-nop/">Nơi nộp</a>
<form method="post" enctype="multipart/form-data">
  <input type="hidden" name="csrfmiddlewaretoken" value="t">
  <input type="text" name="purpose" value="">
  <input type="text" name="copies" value="2">
  <input type="radio" name="for_marriage" value="true">
  <input type="radio" name="for_marriage" value="false" checked>
  <input type="checkbox" name="commitment" value="yes" checked>
  <input type="checkbox" name="other" value="yes">
  <input type="text" name="spouse__date_of_birth-year" value="">
  <input type="text" name="spouse__id_number" value="">
  <select name="nationality">
    <option value="">—</option><option value="VN" selected>VN</option>
  </select>
  <select name="ethnicity"><option value="">—</option><option value="01">Kinh</option></select>
  <textarea name="note">Ghi chú</textarea>
  <input type="file" name="scan">
  <button type="submit" name="action" value="continue">Tiếp tục</button>
  <button type="submit" name="action" value="draft">Lưu nháp</button>
</form>
"""


def test_the_page_form_is_not_the_sign_out_form() -> None:
    form, links = page_form(PAGE)
    assert form is not None and form["action"] is None
    assert links == ["/nop-ho-so/1.004873/k/noi-nop/"]


def test_values_are_what_a_person_posts() -> None:
    form, _links = page_form(PAGE)
    assert form is not None
    assert form_values(form) == {
        "csrfmiddlewaretoken": "t",
        "purpose": "Nội dung khai để thử tải",
        "copies": "2",
        "for_marriage": "false",
        "commitment": "yes",
        "spouse__date_of_birth-year": "1995",
        "spouse__id_number": "",
        "nationality": "VN",
        "ethnicity": "01",
        "note": "Ghi chú",
        "action": "continue",
    }


def test_page_medians_leave_the_draft_key_out() -> None:
    key = "a7492dfe-850a-4b58-bbb9-8c0f8a9fa2eb"
    medians = page_medians(
        [(f"GET /nop-ho-so/1.004873/{key}/", 0.010), ("GET /nop-ho-so/1.004873/x/", 0.5),
         (f"GET /nop-ho-so/1.004873/{key}/?loi=1", 0.030)]
    )  # fmt: skip
    assert medians == {"GET /nop-ho-so/1.004873/<key>/": 10.0, "GET /nop-ho-so/1.004873/x/": 500.0}
