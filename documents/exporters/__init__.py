"""Documents sent to the province: the exporter registry (see ``base``) and the five documents."""

from .base import ExportError, ExportParams, Quarter, exporter_get, exporters

__all__ = ["ExportError", "ExportParams", "Quarter", "exporter_get", "exporters"]
