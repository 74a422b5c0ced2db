from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import SimpleTestCase

from documents.checks import CheckedFile, UploadRefused, check_upload

SVG = 'xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
BILLION_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10 if n > 1 else "&lol;" * 10}">'.encode()
        for n in range(1, 10)
    )
    + b"]><lolz>&lol9;</lolz>"
)


def check(body: str | bytes) -> CheckedFile:
    data = body.encode() if isinstance(body, str) else body
    return check_upload(SimpleUploadedFile("to-khai.xml", data), accepted=["xml"])


class XmlChecksTestCase(SimpleTestCase):
    def assertRefused(self, body: str | bytes, code: str, message: str) -> None:
        with self.assertRaisesMessage(UploadRefused, message) as refused:
            check(body)
        self.assertEqual(refused.exception.code, code)

    def test_a_plain_form_is_kept(self) -> None:
        checked = check('<?xml version="1.0"?><to-khai ong="Nguyễn Văn A" onhand="1"/>')
        self.assertEqual(checked.kind, "xml")

    def test_a_billion_laughs_is_refused(self) -> None:
        self.assertRefused(BILLION_LAUGHS, "upload.xml_dtd", "DOCTYPE")

    def test_an_external_entity_is_refused(self) -> None:
        self.assertRefused(
            '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>',
            "upload.xml_dtd",
            "DOCTYPE",
        )

    def test_a_script_element_is_refused(self) -> None:
        self.assertRefused(
            f'<?xml version="1.0"?><svg {SVG}><script>alert(1)</script></svg>',
            "upload.xml_script",
            "<script>",
        )

    def test_an_event_handler_on_svg_is_refused(self) -> None:
        self.assertRefused(
            f'<?xml version="1.0"?><svg {SVG}><rect onload="alert(1)"/></svg>',
            "upload.xml_script",
            "onload=",
        )

    def test_an_event_handler_in_a_document_rooted_at_svg_is_refused(self) -> None:
        self.assertRefused(
            '<?xml version="1.0"?><svg><g onmouseover="alert(1)"/></svg>',
            "upload.xml_script",
            "onmouseover=",
        )

    def test_a_javascript_link_is_refused_however_it_is_spelt(self) -> None:
        self.assertRefused(
            f'<?xml version="1.0"?><svg {SVG}><a xlink:href=" Java&#9;Script:alert(1)"/></svg>',
            "upload.xml_script",
            "Script:",
        )

    def test_a_malformed_form_is_refused(self) -> None:
        self.assertRefused('<?xml version="1.0"?><to-khai>', "upload.malformed", "XML bị hỏng")
