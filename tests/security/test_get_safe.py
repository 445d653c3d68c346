"""Issue 14 item 8: a GET changes nothing, anywhere, for anyone.

The full demo (``seed_demo``) is seeded once; then every URL pattern of the project (resolved
from the URLconf, the admin included) is opened with GET as each role, its path parameters
filled with real ids of the home commune (Phú Lạc) and of another commune (Vĩnh Phong). After
every request the row count of every table must be what it was, and no request may answer 5xx
or raise. A new URL pattern with parameters the walker cannot fill fails the test until its ids
are named in ``PARAMS`` below.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

pytestmark = pytest.mark.django_db

HOME = "Phú Lạc"  # the province account ``tinh`` sees this commune's province
ROLES: dict[str, str | None] = {
    "anonymous": None,
    "superuser": "admin",
    "centre": "pl.trungtam",
    "unit_staff": "pl.vanphong",
    "leader": "pl.lanhdao",
    "village_head": "pl.truongxom1",
    "province": "tinh",
}


@dataclass(frozen=True)
class Pattern:
    name: str | None  # namespaced, e.g. "reporting:report_open"
    route: str
    params: tuple[str, ...]


def _walk(resolver: URLResolver, route: str = "", ns: str = "", params: tuple = ()) -> Iterator[Pattern]:
    for p in resolver.url_patterns:
        names = tuple(getattr(p.pattern, "converters", {}) or ()) or tuple(p.pattern.regex.groupindex)
        if isinstance(p, URLResolver):
            inner = f"{ns}:{p.namespace}" if ns and p.namespace else (p.namespace or ns)
            yield from _walk(p, route + str(p.pattern), inner, params + names)
        elif isinstance(p, URLPattern):
            name = f"{ns}:{p.name}" if ns and p.name else p.name
            yield Pattern(name=name, route=route + str(p.pattern), params=params + names)


def all_patterns() -> list[Pattern]:
    return list(_walk(get_resolver()))


# --- the ids: one of the home commune, one of another --------------------------------------


def _two(qs, commune_lookup: str) -> list[int]:
    """The first row of the home commune and the first of any other commune."""
    own = qs.filter(**{f"{commune_lookup}__name": HOME}).order_by("pk").values_list("pk", flat=True).first()
    other = qs.exclude(**{f"{commune_lookup}__name": HOME}).order_by("pk").values_list("pk", flat=True).first()
    return [pk for pk in (own, other) if pk is not None]


def _ids() -> dict[str, list]:
    from campaigns.models import Campaign, Participation, Period, Task
    from documents.models import DocumentDraft, ExportRecord
    from households.models import HouseholdVisit, SurveyRound
    from org.models import Commune, Unit
    from reporting.models import UnitReport

    out: dict[str, list] = {
        "unit": _two(Unit.objects.all(), "commune"),
        "campaign": _two(Campaign.objects.all(), "commune"),
        "task": _two(Task.objects.all(), "campaign__commune"),
        "report": _two(UnitReport.objects.all(), "unit__commune"),
        "export": _two(ExportRecord.objects.all(), "commune"),
        "draft": _two(DocumentDraft.objects.all(), "commune"),
    }
    out["commune"] = [
        *Commune.objects.filter(name=HOME).values_list("pk", flat=True)[:1],
        *Commune.objects.exclude(name=HOME).order_by("pk").values_list("pk", flat=True)[:1],
    ]
    # report_open: a period the unit has no report for (where a draft used to be created on
    # GET), one it has, and a period of another commune's campaign.
    opens = []
    for part in [
        Participation.objects.filter(unit__commune__name=HOME, unit__kind="department").order_by("pk").first(),
        Participation.objects.exclude(unit__commune__name=HOME).order_by("pk").first(),
    ]:
        if part is None:
            continue
        periods = Period.objects.filter(campaign=part.campaign).order_by("start")
        reported = set(UnitReport.objects.filter(unit=part.unit).values_list("period_id", flat=True))
        empty = next((p.pk for p in periods if p.pk not in reported), None)
        full = next((p.pk for p in periods if p.pk in reported), None)
        opens += [{"unit_pk": part.unit_id, "period_pk": pk} for pk in (empty, full) if pk]
    foreign = Period.objects.exclude(campaign__commune__name=HOME).order_by("pk").first()
    if opens and foreign:
        opens.append({"unit_pk": opens[0]["unit_pk"], "period_pk": foreign.pk})
    out["report_open"] = opens
    out["unit_view"] = [
        {"pk": p.campaign_id, "unit_pk": p.unit_id}
        for p in [
            Participation.objects.filter(unit__commune__name=HOME).order_by("pk").first(),
            Participation.objects.exclude(unit__commune__name=HOME).order_by("pk").first(),
        ]
        if p
    ]
    rounds = []
    for sr in [
        SurveyRound.objects.filter(campaign__commune__name=HOME).order_by("pk").first(),
        SurveyRound.objects.exclude(campaign__commune__name=HOME).order_by("pk").first(),
    ]:
        if sr is None:
            continue
        village = sr.returns.order_by("village_id").values_list("village_id", flat=True).first()
        visit = HouseholdVisit.objects.filter(survey_round=sr).order_by("pk").first()
        rounds.append({"round_pk": sr.pk, "village_pk": village, "visit": visit})
    out["rounds"] = rounds
    # issue 15–17 pages: accounts of the set-up, task check-ins, a village's weekly report,
    # indicator pages, reminder runs, and an invitation token nobody was given
    from campaigns.models import TaskCheckIn
    from followup.services import reminders_run
    from indicators.models import Attainment
    from notify.models import Run
    from org.models import Membership

    if not Run.objects.exists():
        reminders_run()
    out["checkin"] = _two(TaskCheckIn.objects.all(), "task__campaign__commune")
    out["run"] = _two(Run.objects.all(), "commune")
    accounts = []
    for commune_pk in out["commune"]:
        member = Membership.objects.filter(unit__commune_id=commune_pk).order_by("pk").first()
        if member:
            accounts.append({"pk": commune_pk, "account_pk": member.user_id})
    out["account"] = accounts
    weeks = []
    for part in [
        Participation.objects.filter(unit__commune__name=HOME, unit__kind="village").order_by("pk").first(),
        Participation.objects.exclude(unit__commune__name=HOME).filter(unit__kind="village").order_by("pk").first(),
    ]:
        if part:
            period = Period.objects.filter(campaign=part.campaign).order_by("start").first()
            weeks.append({"unit_pk": part.unit_id, "period_pk": period.pk})
    out["village_week"] = weeks
    indicator_pages = []
    for campaign_pk in out["campaign"]:
        ind = Attainment.objects.filter(campaign_id=campaign_pk).values_list("indicator_id", flat=True).first()
        if ind:
            indicator_pages.append({"pk": campaign_pk, "indicator_pk": ind})
    out["indicator_page"] = indicator_pages
    return out


def _one(key: str, param: str = "pk") -> Callable[[dict], list[dict]]:
    return lambda ids: [{param: pk} for pk in ids[key]]


def _rounds(with_village: bool = False, with_visit: bool = False) -> Callable[[dict], list[dict]]:
    def fill(ids: dict) -> list[dict]:
        out = []
        for r in ids["rounds"]:
            kw = {"round_pk": r["round_pk"]}
            if with_village:
                if r["village_pk"] is None:
                    continue
                kw["village_pk"] = r["village_pk"]
            if with_visit:
                if r["visit"] is None:
                    continue
                kw.update(village_pk=r["visit"].village_id, visit_pk=r["visit"].pk)
            out.append(kw)
        return out

    return fill


# Every named pattern with parameters outside the admin: where its ids come from.
PARAMS: dict[str, Callable[[dict], list[dict]]] = {
    "commune_detail": _one("commune"),
    "unit_detail": _one("unit"),
    "campaigns:edit": _one("campaign"),
    "campaigns:tasks": _one("campaign"),
    "campaigns:task_create": _one("campaign"),
    "campaigns:task_edit": _one("task"),
    "indicators:campaign_detail": _one("campaign"),
    "indicators:campaign_copy": _one("campaign"),
    "indicators:campaign_targets": _one("campaign"),
    "reporting:report_open": lambda ids: ids["report_open"],
    "reporting:report_detail": _one("report"),
    "reporting:report_edit": _one("report"),
    "reporting:report_review": _one("report"),
    "reporting:report_history": _one("report"),
    "reporting:form_xlsx_download": _one("report"),
    "reporting:form_xlsx_upload": _one("report"),
    "reporting:review_grid": _one("campaign"),
    "dashboards:dashboard": _one("campaign"),
    "dashboards:unit_view": lambda ids: ids["unit_view"],
    "dashboards:qd766": _one("commune", "commune_pk"),
    "documents:document_detail": _one("export"),
    "documents:document_status": _one("export"),
    "documents:document_download": _one("export"),
    "documents:document_retry": _one("export"),
    "documents:draft_detail": _one("draft"),
    "documents:draft_preview": _one("draft"),
    "documents:draft_issue": _one("draft"),
    "documents:draft_sent": _one("draft"),
    "documents:draft_scan": _one("draft"),
    "households:tong": _rounds(),
    "households:round_status": _rounds(),
    "households:export_xlsx": _rounds(),
    "households:import_xlsx": _rounds(),
    "households:return_form": _rounds(with_village=True),
    "households:submit_api": _rounds(with_village=True),
    "households:review": _rounds(with_village=True),
    "households:visits": _rounds(with_village=True),
    "households:submit_visits": _rounds(with_village=True),
    "households:visit_delete": _rounds(with_visit=True),
    "households:visit_add_api": _rounds(with_village=True),
    "setup_commune": _one("commune"),
    "setup_unit_create": _one("commune"),
    "setup_unit_edit": _one("unit"),
    "setup_account_create": _one("commune"),
    "setup_account": lambda ids: ids["account"],
    "invite_accept": lambda ids: [{"token": "khong-co-loi-moi-nay"}],
    "campaigns:setup_create": _one("commune"),
    "demo:setup_from_plan": _one("commune"),
    "campaigns:setup_edit": _one("campaign"),
    "campaigns:setup_rules": _one("campaign"),
    "campaigns:checkins_missing": _one("campaign"),
    "campaigns:checkin_report": _one("checkin"),
    "indicators:setup_targets": _one("campaign"),
    "indicators:setup_targets_template": _one("campaign"),
    "indicators:setup_targets_upload": _one("campaign"),
    "indicators:setup_elements": _one("campaign"),
    "village_week:form": lambda ids: ids["village_week"],
    "village_week:submit": lambda ids: ids["village_week"],
    "dashboards:indicator_detail": lambda ids: ids["indicator_page"],
    "dashboards:qd766_thresholds": _one("commune", "commune_pk"),
    "documents:draft_status": _one("draft"),
    "followup:run_detail": _one("run"),
    # issue 18 part 2: emulation (the demo records no officials: an unknown one answers 404)
    "emulation:results": _one("campaign"),
    "emulation:unit": lambda ids: ids["unit_view"],
    "emulation:official": lambda ids: [{"pk": pk, "official_pk": 999999} for pk in ids["campaign"]],
    "emulation:attest": _one("campaign"),
    "emulation:criteria": _one("campaign"),
    "emulation:officials": _one("campaign"),
    "emulation:candidates": _one("campaign"),
}


def _admin_kwargs(p: Pattern) -> list[dict]:
    """The admin's own patterns: object ids of the model the name points at."""
    if not p.params:
        return [{}]
    if p.params == ("app_label",):
        return [{"app_label": label} for label in sorted({m._meta.app_label for m in admin.site._registry})]
    if set(p.params) == {"content_type_id", "object_id"}:
        from django.contrib.contenttypes.models import ContentType

        from org.models import Unit

        unit = Unit.objects.order_by("pk").first()
        return [{"content_type_id": ContentType.objects.get_for_model(Unit).pk, "object_id": unit.pk}]
    if p.params in (("object_id",), ("id",)):
        key = p.name.removeprefix("admin:").removesuffix("_password_change").rsplit("_", 1)[0]
        if p.name.endswith("_password_change"):
            key = p.name.removeprefix("admin:").removesuffix("_password_change")
        model = next((m for m in admin.site._registry if f"{m._meta.app_label}_{m._meta.model_name}" == key), None)
        if model is None:
            return []
        pk = model._default_manager.order_by("pk").values_list("pk", flat=True).first()
        return [{p.params[0]: pk if pk is not None else 999999}]  # a table left empty: an unknown id
    return []


def urls_to_walk(ids: dict) -> tuple[list[str], list[str]]:
    """(the URLs, the patterns the walker could not fill)."""
    urls, unfilled = [], []
    for p in all_patterns():
        if p.name is None:  # the media files in DEBUG: a path, not ids
            urls.append("/" + p.route.lstrip("^").split("(")[0] + "nothing-here.pdf")
            continue
        if p.name.startswith("admin:"):
            kwargs_list = _admin_kwargs(p)
        elif not p.params:
            kwargs_list = [{}]
        elif p.name in PARAMS:
            kwargs_list = PARAMS[p.name](ids)
        else:
            kwargs_list = []
        if not kwargs_list:
            unfilled.append(p.name)
        for kw in kwargs_list:
            try:
                urls.append(reverse(p.name, kwargs=kw))
            except NoReverseMatch:
                unfilled.append(f"{p.name} {kw}")
    return urls, unfilled


def row_counts() -> dict[str, int]:
    """The row count of every table in one query."""
    tables = sorted(connection.introspection.table_names())
    qn = connection.ops.quote_name
    sql = "SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {qn(t)})" for t in tables)
    with connection.cursor() as cur:
        cur.execute(sql)
        return dict(zip(tables, cur.fetchone(), strict=True))


def _seed_documents() -> None:
    """The demo issues no document: one queued export and one draft in each of two communes."""
    from campaigns.models import Campaign
    from documents.drafts import draft_create
    from documents.models import ExportRecord
    from documents.services import params_clean

    for campaign in [
        Campaign.objects.filter(commune__name=HOME).order_by("pk").first(),
        Campaign.objects.exclude(commune__name=HOME).order_by("pk").first(),
    ]:
        ExportRecord.objects.create(commune=campaign.commune, campaign=campaign, kind="tasks", fmt="pdf")
        draft_create(user=None, campaign=campaign, params=params_clean(kind="tasks", campaign=campaign, fmt="pdf"))


def test_every_get_as_every_role_leaves_every_table_as_it_was(settings):
    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    _seed_documents()
    ids = _ids()
    urls, unfilled = urls_to_walk(ids)
    assert unfilled == [], f"URL patterns the walker cannot fill (add their ids to PARAMS): {unfilled}"
    assert len(urls) > 200  # every pattern, the admin included
    users = get_user_model().objects.in_bulk(field_name="username")
    problems: list[str] = []
    before = row_counts()
    for role, username in ROLES.items():
        client = Client(raise_request_exception=False)
        if username is not None:
            client.force_login(users[username])
            before = row_counts()  # the login itself writes the session row
        for url in urls:
            response = client.get(url)
            after = row_counts()
            if response.status_code >= 500:
                problems.append(f"{role} GET {url}: {response.status_code}")
            changed = {t: f"{before[t]} → {after[t]}" for t in after if after[t] != before.get(t)}
            if changed:
                problems.append(f"{role} GET {url}: {changed}")
                before = after
    assert problems == [], "\n".join(problems)
