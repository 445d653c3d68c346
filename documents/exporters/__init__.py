"""Documents sent to the province: the exporter interface and registry (``interface``), the
document model (``document``), the two writers (``pdf``, ``xlsx``) and the five documents
(registered by ``DocumentsConfig.ready``)."""

from .document import Column, Document, Num, Table, fmt_date, fmt_number, fmt_pct
from .interface import (
    FORMATS,
    NARRATIVE_SECTIONS,
    BaseExporter,
    ExportError,
    ExportParams,
    Quarter,
    exporter_get,
    exporters,
    register,
)

__all__ = [
    "FORMATS",
    "NARRATIVE_SECTIONS",
    "BaseExporter",
    "Column",
    "Document",
    "ExportError",
    "ExportParams",
    "Num",
    "Quarter",
    "Table",
    "exporter_get",
    "exporters",
    "fmt_date",
    "fmt_number",
    "fmt_pct",
    "register",
]
