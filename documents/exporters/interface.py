"""The exporter interface and the registry (issue #8).

An exporter turns parameters into one file: ``render(params) -> (filename, content_type, bytes)``.
It declares its own parameters as Django form fields (``parameter_fields``, as pretix's
exporters declare ``export_form_fields``): the documents page builds its form from them and
never branches on the kind. ``build(params)`` returns a
:class:`~documents.exporters.document.Document`; the shared writers (``pdf``, ``xlsx``) turn it
into the file.

Pattern from pretix ``base/exporter.py``: identifier, verbose_name, form fields, render.
The registry is filled when the documents app is ready (``DocumentsConfig.ready``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, ClassVar

from django import forms
from django.utils.text import slugify

from .document import Document
from .pdf import pdf_render
from .xlsx import xlsx_write

PDF = "pdf"
XLSX = "xlsx"
FORMATS = (PDF, XLSX)
CONTENT_TYPES = {
    PDF: "application/pdf",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FORMAT_CHOICES = [(PDF, "PDF (thể thức văn bản)"), (XLSX, "Excel (.xlsx)")]
NUMBER_MAX = 20

# The narrative sections of the quarterly report, in the order the province expects them.
NARRATIVE_SECTIONS: list[tuple[str, str]] = [
    ("ket_qua", "Kết quả đạt được"),
    ("ton_tai", "Tồn tại, hạn chế"),
    ("nguyen_nhan", "Nguyên nhân"),
    ("phuong_huong", "Phương hướng, nhiệm vụ quý tới"),
    ("kien_nghi", "Kiến nghị, đề xuất"),
]
NARRATIVE_MAX = 20_000
# The written sections each document takes (issue #16): keys of NARRATIVE_SECTIONS, each
# document's own words. A document not named here (Mẫu 02, the task list) is a form or a
# list with no written section.
DOCUMENT_SECTIONS: dict[str, list[tuple[str, str]]] = {
    "quarterly": NARRATIVE_SECTIONS,
    "weekly": [
        ("ket_qua", "Kết quả đạt được"),
        ("ton_tai", "Tồn tại, hạn chế"),
        ("phuong_huong", "Nhiệm vụ kỳ tới"),
    ],
    "push_final": [
        ("ket_qua", "Kết quả nổi bật"),
        ("ton_tai", "Tồn tại, hạn chế"),
        ("nguyen_nhan", "Nguyên nhân"),
        ("phuong_huong", "Phương hướng, nhiệm vụ thời gian tới"),
        ("kien_nghi", "Kiến nghị, đề xuất"),
    ],
}


def sections_of(kind: str) -> list[tuple[str, str]]:
    """The written sections of a document of ``kind`` (none for a form or a list)."""
    return DOCUMENT_SECTIONS.get(kind, [])


class ExportError(Exception):
    """Bad parameters for a document: the message is Vietnamese and shown as is."""


@dataclass(frozen=True)
class Quarter:
    year: int
    number: int

    @property
    def start(self) -> date:
        return date(self.year, 3 * self.number - 2, 1)

    @property
    def end(self) -> date:
        month = 3 * self.number
        next_first = date(self.year + 1, 1, 1) if month == 12 else date(self.year, month + 1, 1)
        return date.fromordinal(next_first.toordinal() - 1)

    @property
    def previous(self) -> Quarter:
        return Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)

    @property
    def next(self) -> Quarter:
        return Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)

    @property
    def code(self) -> str:
        return f"{self.year}-Q{self.number}"

    @property
    def roman(self) -> str:
        return ("I", "II", "III", "IV")[self.number - 1]

    @property
    def label(self) -> str:
        return f"quý {self.roman} năm {self.year}"

    @classmethod
    def parse(cls, text: str) -> Quarter:
        m = re.fullmatch(r"\s*(\d{4})\s*-?\s*[Qq]([1-4])\s*", text or "")
        if not m:
            raise ExportError(f"Quý “{text}” không đúng dạng NĂM-QSỐ, ví dụ 2026-Q1.")
        return cls(int(m.group(1)), int(m.group(2)))

    @classmethod
    def containing(cls, day: date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)


@dataclass
class ExportParams:
    """What a request for a document carries (stored as JSON in the export record)."""

    kind: str
    campaign_id: int
    fmt: str = PDF
    period_start: date | None = None  # weekly: the period's first day (--period)
    quarter: Quarter | None = None  # quarterly (--quarter)
    narratives: dict[str, str] = field(default_factory=dict)  # quarterly sections, edited by the centre
    number: str = ""  # "Số: …/BC-UBND" — left blank for the office to fill in by hand
    issued_on: date | None = None  # the date line; defaults to the day of generation
    survey_round_id: int | None = None  # mau_02: which round (default: the latest)
    # a draft's own recipients and signer (issue #16); None: the commune's defaults
    recipients: list[str] | None = None
    signer: dict[str, str] | None = None  # {"authority": "KT. CHỦ TỊCH", "title": …, "name": …}

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "campaign_id": self.campaign_id,
            "format": self.fmt,
            "period": self.period_start.isoformat() if self.period_start else None,
            "quarter": self.quarter.code if self.quarter else None,
            "narratives": dict(self.narratives),
            "number": self.number,
            "issued_on": self.issued_on.isoformat() if self.issued_on else None,
            "survey_round_id": self.survey_round_id,
            "recipients": list(self.recipients) if self.recipients is not None else None,
            "signer": dict(self.signer) if self.signer is not None else None,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ExportParams:
        return cls(
            kind=data["kind"],
            campaign_id=int(data["campaign_id"]),
            fmt=data.get("format") or PDF,
            period_start=date.fromisoformat(data["period"]) if data.get("period") else None,
            quarter=Quarter.parse(data["quarter"]) if data.get("quarter") else None,
            narratives=dict(data.get("narratives") or {}),
            number=data.get("number") or "",
            issued_on=date.fromisoformat(data["issued_on"]) if data.get("issued_on") else None,
            survey_round_id=data.get("survey_round_id"),
            recipients=data.get("recipients"),
            signer=data.get("signer"),
        )


# --- the parameters every document takes -------------------------------------------------


def format_field() -> forms.ChoiceField:
    return forms.ChoiceField(label="Định dạng", choices=FORMAT_CHOICES)


def number_field() -> forms.CharField:
    return forms.CharField(
        label="Số văn bản (phần trước /BC-UBND, có thể để trống)", required=False, max_length=NUMBER_MAX
    )


# --- the interface --------------------------------------------------------------------------


class BaseExporter:
    """Extension point: subclass, set ``identifier`` / ``verbose_name`` / ``description``,
    declare the document's own parameters in ``parameter_fields`` and implement ``build``.

    ``build(params)`` returns a Document whose figures come from the engine's selectors;
    ``render`` turns it into a PDF or an xlsx. An exporter with a bespoke Excel layout
    (Mẫu 02) overrides ``render_xlsx``.
    """

    identifier: ClassVar[str] = ""
    verbose_name: ClassVar[str] = ""
    description: ClassVar[str] = ""  # one line under the choice of document on the page
    template_name: ClassVar[str] = "documents/pdf/document.html"

    # --- parameters (the page's form) ---

    def parameter_fields(self, campaign) -> dict[str, forms.Field]:
        """The document's own parameters as new Django form fields, in page order (empty: the
        document takes the whole campaign)."""
        return {}

    def export_form_fields(self, campaign) -> dict[str, forms.Field]:
        """Every field of this document's form: its own, then the format and the number."""
        return {**self.parameter_fields(campaign), "fmt": format_field(), "number": number_field()}

    def form_initial(self, campaign, query: Mapping[str, str]) -> dict[str, Any]:
        """Prefilled values of the own fields, given the page's query string."""
        return {}

    def params_from_form(self, data: Mapping[str, Any]) -> dict[str, Any]:
        """The form's cleaned data as keyword arguments of ``documents.services.params_clean``."""
        return {"fmt": data["fmt"], "number": data.get("number") or ""}

    def validate(self, params: ExportParams, campaign) -> None:
        """Raise :class:`ExportError` for parameters this document cannot take."""

    # --- the file ---

    def build(self, params: ExportParams, *, progress: Callable[[int], None] | None = None) -> Document:
        raise NotImplementedError

    def render(self, params: ExportParams, *, progress: Callable[[int], None] | None = None) -> tuple[str, str, bytes]:
        if params.fmt not in FORMATS:
            raise ExportError(f"Định dạng “{params.fmt}” không hỗ trợ; chọn pdf hoặc xlsx.")
        doc = self.build(params, progress=progress)
        if params.recipients is not None:
            doc.recipients = list(params.recipients)
        if params.signer is not None:
            doc.signer = dict(params.signer)
        if progress:
            progress(60)
        content = self.render_pdf(doc) if params.fmt == PDF else self.render_xlsx(doc, params)
        if progress:
            progress(95)
        return f"{doc.filename_stem or slugify(doc.title)}.{params.fmt}", CONTENT_TYPES[params.fmt], content

    def render_pdf(self, doc: Document) -> bytes:
        return pdf_render(self.template_name, doc)

    def render_xlsx(self, doc: Document, params: ExportParams) -> bytes:
        return xlsx_write(doc)


# --- the registry ---------------------------------------------------------------------------

_REGISTRY: dict[str, BaseExporter] = {}


def register(cls: type[BaseExporter]) -> type[BaseExporter]:
    _REGISTRY[cls.identifier] = cls()
    return cls


def exporter_get(kind: str) -> BaseExporter:
    try:
        return _REGISTRY[kind]
    except KeyError:
        raise ExportError(f"Không có loại văn bản “{kind}”; chọn một trong: {', '.join(sorted(_REGISTRY))}.")


def exporters() -> list[BaseExporter]:
    return list(_REGISTRY.values())
