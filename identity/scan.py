"""Read the QR code from a photo or scan of a CCCD card."""

from __future__ import annotations

import io
import warnings
from typing import IO

import zxingcpp
from django.utils.translation import gettext as _
from PIL import Image

# A 48-megapixel phone camera gives 8000×6000 = 48 million pixels; anything far larger is
# either a decompression bomb or pointlessly big for a card.
MAX_PIXELS = 50_000_000
# The card carries a plain QR code; not looking for other symbologies is faster and never
# returns a barcode printed elsewhere in the photo.
_QR_ONLY = zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)


class ScanError(ValueError):
    """The image could not be read, is unsafe to decode, or holds no QR code."""


def read_qr_text(data: bytes | IO[bytes]) -> str:
    """The text of the first QR code in an image (bytes or an open binary file)."""
    stream = io.BytesIO(data) if isinstance(data, bytes) else data
    try:
        # Pillow only warns between MAX_IMAGE_PIXELS and twice that; treat the warning as fatal.
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(stream) as image:
                width, height = image.size  # from the header, before any pixel is decoded
                if width * height > MAX_PIXELS:
                    raise ScanError(
                        _("Ảnh quá lớn (%(width)s×%(height)s điểm ảnh); hãy chụp lại nhỏ hơn.")
                        % {"width": width, "height": height}
                    )
                # Grayscale is all the decoder needs, and it accepts every Pillow mode that way.
                grey = image.convert("L")
    except ScanError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ScanError(_("Ảnh quá lớn để mở an toàn.")) from None
    except (OSError, ValueError, SyntaxError, EOFError):
        raise ScanError(_("Tệp không phải là ảnh hoặc ảnh bị hỏng.")) from None
    barcodes = zxingcpp.read_barcodes(grey, formats=_QR_ONLY)
    for barcode in barcodes:
        if barcode.text:
            return barcode.text
    raise ScanError(_("Không tìm thấy mã QR trong ảnh."))
