"""The endpoints providers post their delivery receipts to (``/thong-bao/bien-nhan/<kênh>``).

A receipt is believed only when its signature checks (each channel's ``read_receipt``): a
forged one gets 403 and changes nothing. A receipt that is signed and readable always gets
200, whether it settled its message or was a duplicate (a provider that gets an error posts
the same receipt again and again)."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from django.http import HttpRequest, JsonResponse
from django.utils.module_loading import import_string
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from notifications.channels.base import BadReceipt, ForgedReceipt, Receipt
from notifications.receipts import record

# A receipt is a few hundred bytes; anything much larger is refused before it is read (a body is
# parsed before Zalo's signature, which covers it, can be checked).
MAX_RECEIPT_BYTES = 64 * 1024
READERS = {
    "sms": "notifications.channels.sms.read_receipt",
    "zalo": "notifications.channels.zalo.read_receipt",
}


def _error(status: int, code: str, message: str) -> JsonResponse:
    return JsonResponse({"error": code, "message": message}, status=status)


@csrf_exempt
@require_POST
def receipt(request: HttpRequest, channel: str) -> JsonResponse:
    path = READERS.get(channel)
    if path is None:
        return _error(404, "unknown_channel", f"No receipts are taken for {channel!r}.")
    declared = str(request.META.get("CONTENT_LENGTH") or "0")
    if not declared.isdigit() or int(declared) > MAX_RECEIPT_BYTES:
        return _error(413, "receipt_too_large", "A receipt is a few hundred bytes.")
    reader: Callable[[bytes, Mapping[str, str]], Receipt] = import_string(path)
    try:
        parsed = reader(request.body, request.headers)
    except ForgedReceipt as exc:
        return _error(403, "forged_receipt", str(exc) or "The signature does not match.")
    except (BadReceipt, RecursionError) as exc:
        return _error(400, "bad_receipt", str(exc) or "The receipt cannot be read.")
    return JsonResponse({"result": record(channel, parsed)})
