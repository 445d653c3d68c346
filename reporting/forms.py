"""Forms of the report pages. They only parse input; the rules live in services / validation."""

from __future__ import annotations

from decimal import Decimal

from django import forms

from .figures import FormSpec
from .services import NARRATIVE_FIELDS, NARRATIVE_SECTIONS
from .validation import Key, parse_figure

NARRATIVE_LABELS = dict(NARRATIVE_SECTIONS)


def box_name(key: Key) -> str:
    return f"v_{key[0]}" if key[1] is None else f"v_{key[0]}_{key[1]}"


class ReportForm(forms.Form):
    """One box per figure of the unit's form (totals and, where allowed, by field), the three
    narrative fields, and the version the person opened (optimistic locking, rule 8)."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, spec: FormSpec, previous: dict[Key, Decimal], current: dict[Key, Decimal], **kwargs):
        super().__init__(*args, **kwargs)
        self.spec = spec
        self.elements = {e.pk: e for e in spec.elements}
        self.field_names = {f.pk: f.name for f in spec.fields}
        self.previous = previous
        for key in spec.keys:
            element = self.elements[key[0]]
            label = element.name if key[1] is None else f"{element.name} – {self.field_names[key[1]]}"
            value = current.get(key)
            self.fields[box_name(key)] = forms.CharField(
                label=label,
                required=False,
                initial=_plain(value),
                widget=forms.TextInput(
                    attrs={
                        "inputmode": "numeric" if element.value_type == "integer" else "decimal",
                        "autocomplete": "off",
                        "class": "num-input",
                    }
                ),
            )
        for name in NARRATIVE_FIELDS:
            self.fields[name] = forms.CharField(
                label=NARRATIVE_LABELS[name], required=False, widget=forms.Textarea(attrs={"rows": 3})
            )

    def clean(self):
        data = super().clean()
        values: dict[Key, Decimal | None] = {}
        for key in self.spec.keys:
            name = box_name(key)
            try:
                values[key] = parse_figure(data.get(name), self.elements[key[0]])
            except ValueError as exc:
                self.add_error(name, f"{self.fields[name].label}: {exc}")
        data["values"] = values
        return data

    def narrative(self) -> dict[str, str]:
        return {name: self.cleaned_data.get(name, "") for name in NARRATIVE_FIELDS}

    def add_key_error(self, key: Key, message: str) -> None:
        name = box_name(key)
        if name in self.fields:
            self.add_error(name, message)
        else:
            self.add_error(None, message)

    def groups(self) -> list[tuple[str, list[dict]]]:
        """Rows for the template, grouped as the catalogue groups elements."""
        out: dict[str, list[dict]] = {}
        for element in self.spec.elements:
            rows = out.setdefault(element.group or "Số liệu", [])
            breakdown = []
            if element.allows_field_breakdown:
                for f in self.spec.fields:
                    key = (element.pk, f.pk)
                    breakdown.append({"field": self[box_name(key)], "name": f.name, "previous": self.previous.get(key)})
            key = (element.pk, None)
            rows.append(
                {
                    "element": element,
                    "field": self[box_name(key)],
                    "previous": self.previous.get(key),
                    "breakdown": breakdown,
                    "breakdown_filled": any(b["field"].value() not in (None, "") for b in breakdown),
                }
            )
        return list(out.items())


def _plain(value: Decimal | None) -> str:
    if value is None:
        return ""
    return f"{value.normalize():f}".replace(".", ",")


class ReasonForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    action = forms.ChoiceField(choices=[("approve", "Duyệt"), ("return", "Trả lại"), ("reopen", "Mở lại")])
    reason = forms.CharField(label="Lý do / ý kiến", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self):
        data = super().clean()
        if data.get("action") in ("return", "reopen") and not (data.get("reason") or "").strip():
            self.add_error("reason", "Cần ghi rõ lý do trả lại / mở lại báo cáo.")
        return data


class UploadForm(forms.Form):
    file = forms.FileField(label="Tệp số liệu (.csv hoặc .xlsx)")
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
