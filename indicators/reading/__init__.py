"""Reading what people send, with limits (issue 14 item 4; docs/architecture.md, "Reading
uploads"): one module every upload and body parser uses, on the lowest floor that all of them
(indicators, reporting, households, documents) can import.

* :mod:`.numbers` — THE number rule (:func:`read_number`), for every form, file and body;
* :mod:`.files` — the upload's size, an xlsx measured before it is unpacked, a CSV read with
  any line ending and bounded fields (:func:`xlsx_load`, :func:`csv_rows`);
* :mod:`.bodies` — a JSON body with size and depth limits, text fields without control
  characters (:func:`json_body`, :func:`clean_text`), and the outbox endpoints' preamble (no
  session → 401 JSON, the body read with those limits, typed under this account:
  :func:`json_endpoint`, :func:`json_request_body`).
"""

from .bodies import (
    SESSION_GONE,
    JsonRefused,
    clean_text,
    control_refusal,
    json_body,
    json_endpoint,
    json_error,
    json_request_body,
    json_response,
)
from .files import LIMITS, Limits, UploadRefused, check_size, csv_rows, is_xlsx, size_refusal, xlsx_check, xlsx_load
from .numbers import NumberInvalid, limit_text, read_number

__all__ = [
    "SESSION_GONE",
    "JsonRefused",
    "LIMITS",
    "Limits",
    "NumberInvalid",
    "UploadRefused",
    "check_size",
    "clean_text",
    "control_refusal",
    "csv_rows",
    "is_xlsx",
    "json_body",
    "json_endpoint",
    "json_error",
    "json_request_body",
    "json_response",
    "limit_text",
    "read_number",
    "size_refusal",
    "xlsx_check",
    "xlsx_load",
]
