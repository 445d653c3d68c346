"""Who may see and do what: the one place for docs/design.md rule 9.

* a village head reads and writes only their own village;
* unit staff only their own unit;
* the centre (TTPVHCC) sets up, enters, reviews everything in its commune;
* leadership reads everything in its commune and approves;
* a province viewer reads every commune of its province, and writes nothing;
* the Django superuser does everything.

Every view fetches the objects it shows through a ``*_get_for_user`` helper (here for
communes and units; other apps build theirs on :func:`can`), which raises ``Http404`` for
what the user may not see — so a guessed id looks exactly like a missing one — and
``PermissionDenied`` for what they may see but not change.

One style: callers ask a module-level function that takes the user and the facts of the
object — :func:`can` / :func:`require` with an :class:`Action` on a unit or a commune, or a
named rule (:func:`can_reopen`, :func:`can_update_task`, :func:`can_request_documents`, …)
where the question is not one of the four actions. Rules about another app's objects take
that object's facts as arguments (a commune, a unit, an approver's id), so ``org`` imports
nothing above it. :class:`Access` (from :func:`access_for`) lists what a user reaches as
querysets; its id-level methods serve the functions here. Nowhere else tests a role.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from .models import Commune, Membership, Province, Role, Unit, UnitKind


class Action(enum.Enum):
    READ = "read"  # see the object and its figures
    WRITE = "write"  # enter or change a unit's figures, narrative, task progress
    REVIEW = "review"  # approve, return, reopen reports
    MANAGE = "manage"  # set up campaigns, targets, tasks, units


@dataclass(frozen=True)
class Access:
    """What one user may reach, read once from their memberships."""

    user_id: int | None
    is_superuser: bool = False
    province_ids: frozenset[int] = field(default_factory=frozenset)  # read-only
    centre_commune_ids: frozenset[int] = field(default_factory=frozenset)
    leader_commune_ids: frozenset[int] = field(default_factory=frozenset)
    staff_unit_ids: frozenset[int] = field(default_factory=frozenset)
    village_unit_ids: frozenset[int] = field(default_factory=frozenset)
    # commune of each unit the user belongs to (unit staff, village heads)
    member_commune_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def authenticated(self) -> bool:
        return self.user_id is not None

    @property
    def has_any_role(self) -> bool:
        return self.is_superuser or bool(
            self.province_ids
            or self.centre_commune_ids
            or self.leader_commune_ids
            or self.staff_unit_ids
            or self.village_unit_ids
        )

    @property
    def whole_commune_ids(self) -> frozenset[int]:
        """Communes whose every unit this user may read (centre and leadership)."""
        return self.centre_commune_ids | self.leader_commune_ids

    @property
    def own_unit_ids(self) -> frozenset[int]:
        return self.staff_unit_ids | self.village_unit_ids

    @property
    def is_province_viewer(self) -> bool:
        return bool(self.province_ids)

    @property
    def is_centre(self) -> bool:
        return bool(self.centre_commune_ids)

    @property
    def is_leadership(self) -> bool:
        return bool(self.leader_commune_ids)

    @property
    def is_unit_staff(self) -> bool:
        return bool(self.staff_unit_ids)

    @property
    def is_village_head(self) -> bool:
        return bool(self.village_unit_ids)

    # --- commune-wide objects (campaigns, dashboards, the review grid, documents) -------

    def can_read_commune(self, commune_id: int, province_id: int) -> bool:
        """Read the commune as a whole: every unit's figures and reports."""
        return self.is_superuser or commune_id in self.whole_commune_ids or province_id in self.province_ids

    def is_member_of_commune(self, commune_id: int, province_id: int) -> bool:
        """Read what the commune publishes to all its staff (campaign, targets, ranking)."""
        return self.can_read_commune(commune_id, province_id) or commune_id in self.member_commune_ids

    def can_review_commune(self, commune_id: int) -> bool:
        return self.is_superuser or commune_id in self.whole_commune_ids

    def can_manage_commune(self, commune_id: int) -> bool:
        return self.is_superuser or commune_id in self.centre_commune_ids

    # --- unit-scoped objects (a unit's reports, figures, narrative, a village's return) --

    def can_on_unit(self, action: Action, *, unit_id: int, commune_id: int, province_id: int) -> bool:
        if self.is_superuser:
            return True
        if action is Action.READ:
            return unit_id in self.own_unit_ids or self.can_read_commune(commune_id, province_id)
        if action is Action.WRITE:
            return unit_id in self.own_unit_ids or commune_id in self.centre_commune_ids
        if action is Action.REVIEW:
            return self.can_review_commune(commune_id)
        return self.can_manage_commune(commune_id)

    # --- querysets ------------------------------------------------------------------

    def communes(self) -> QuerySet[Commune]:
        """Communes this user reads as a whole."""
        qs = Commune.objects.select_related("province")
        if self.is_superuser:
            return qs.all()
        return qs.filter(Q(id__in=self.whole_commune_ids) | Q(province_id__in=self.province_ids))

    def member_communes(self) -> QuerySet[Commune]:
        """Communes this user belongs to in any way."""
        qs = Commune.objects.select_related("province")
        if self.is_superuser:
            return qs.all()
        return qs.filter(
            Q(id__in=self.whole_commune_ids | self.member_commune_ids) | Q(province_id__in=self.province_ids)
        )

    def units(self) -> QuerySet[Unit]:
        """Units whose reports this user may read."""
        qs = Unit.objects.select_related("commune", "commune__province")
        if self.is_superuser:
            return qs.all()
        return qs.filter(
            Q(id__in=self.own_unit_ids)
            | Q(commune_id__in=self.whole_commune_ids)
            | Q(commune__province_id__in=self.province_ids)
        )

    def own_units(self) -> QuerySet[Unit]:
        """The units the user belongs to (as unit staff or village head), not those reached as a whole."""
        return Unit.objects.select_related("commune").filter(id__in=self.own_unit_ids)

    def provinces(self) -> QuerySet[Province]:
        """Provinces whose communes this user compares side by side (province viewer, superuser)."""
        return Province.objects.all() if self.is_superuser else Province.objects.filter(pk__in=self.province_ids)

    def writable_units(self) -> QuerySet[Unit]:
        qs = Unit.objects.select_related("commune", "commune__province")
        if self.is_superuser:
            return qs.all()
        return qs.filter(Q(id__in=self.own_unit_ids) | Q(commune_id__in=self.centre_commune_ids))


ANONYMOUS = Access(user_id=None)


def access_for(user) -> Access:
    """The user's access, computed once per request (cached on the user object)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return ANONYMOUS
    cached = getattr(user, "_xtd_access", None)
    if cached is not None:
        return cached
    buckets: dict[str, set[int]] = {r: set() for r in Role.values}
    member_communes: set[int] = set()
    rows = Membership.objects.filter(user_id=user.pk).values_list(
        "role", "province_id", "commune_id", "unit_id", "unit__commune_id"
    )
    for role, province_id, commune_id, unit_id, unit_commune_id in rows:
        if role == Role.PROVINCE_VIEWER:
            buckets[role].add(province_id)
        elif role in (Role.CENTRE, Role.LEADERSHIP):
            buckets[role].add(commune_id)
        else:
            buckets[role].add(unit_id)
            member_communes.add(unit_commune_id)
    access = Access(
        user_id=user.pk,
        is_superuser=user.is_superuser,
        province_ids=frozenset(buckets[Role.PROVINCE_VIEWER]),
        centre_commune_ids=frozenset(buckets[Role.CENTRE]),
        leader_commune_ids=frozenset(buckets[Role.LEADERSHIP]),
        staff_unit_ids=frozenset(buckets[Role.UNIT_STAFF]),
        village_unit_ids=frozenset(buckets[Role.VILLAGE_HEAD]),
        member_commune_ids=frozenset(member_communes),
    )
    user._xtd_access = access
    return access


def can(user, action: Action, *, unit: Unit | None = None, commune: Commune | None = None) -> bool:
    """May ``user`` do ``action`` on something that belongs to ``unit`` (or to ``commune`` as a whole)?"""
    access = access_for(user)
    if unit is not None:
        commune = unit.commune
        return access.can_on_unit(action, unit_id=unit.pk, commune_id=commune.pk, province_id=commune.province_id)
    if commune is None:
        raise ValueError("can() needs a unit or a commune")
    if action is Action.READ:
        return access.is_member_of_commune(commune.pk, commune.province_id)
    if action is Action.REVIEW:
        return access.can_review_commune(commune.pk)
    return access.can_manage_commune(commune.pk)


def require(user, action: Action, *, unit: Unit | None = None, commune: Commune | None = None) -> None:
    """Raise ``Http404`` if the user may not even read the object, ``PermissionDenied`` if they may
    read it but not do ``action``."""
    if not can(user, Action.READ, unit=unit, commune=commune):
        raise Http404("Không tìm thấy.")
    if action is not Action.READ and not can(user, action, unit=unit, commune=commune):
        raise PermissionDenied("Bạn không có quyền thực hiện thao tác này.")


def require_whole_commune(user, commune: Commune) -> None:
    """Commune-wide figures (every unit's reports): centre, leadership, province, superuser."""
    if not access_for(user).can_read_commune(commune.pk, commune.province_id):
        raise Http404("Không tìm thấy.")


def commune_get_for_user(user, pk: int, action: Action = Action.READ) -> Commune:
    commune = Commune.objects.select_related("province").filter(pk=pk).first()
    if commune is None:
        raise Http404("Không tìm thấy xã.")
    require(user, action, commune=commune)
    return commune


def unit_get_for_user(user, pk: int, action: Action = Action.READ) -> Unit:
    unit = Unit.objects.select_related("commune", "commune__province").filter(pk=pk).first()
    if unit is None:
        raise Http404("Không tìm thấy đơn vị.")
    require(user, action, unit=unit)
    return unit


# --- named rules: what is not one of the four actions on a unit or a commune ------------------


def can_read_whole_commune(user, commune: Commune) -> bool:
    """Every unit's figures and reports of ``commune`` (the review grid, the dashboard, the
    Tổng table, the documents' archive): centre, leadership, the province's viewer, superuser."""
    return access_for(user).can_read_commune(commune.pk, commune.province_id)


def reads_only(user, *, commune: Commune) -> bool:
    """Reads ``commune`` as a whole but may neither review nor change it: the province viewer."""
    access = access_for(user)
    return access.can_read_commune(commune.pk, commune.province_id) and not access.can_review_commune(commune.pk)


def can_reopen(user, *, commune: Commune, approved_by_id: int | None) -> bool:
    """Rule 8: an approved report is reopened only by the reviewer of ``commune`` who approved it
    (``approved_by_id``), or by a superuser."""
    access = access_for(user)
    if not access.can_review_commune(commune.pk):
        return False
    return access.is_superuser or (approved_by_id is not None and approved_by_id == access.user_id)


def can_update_task(user, *, lead_unit_id: int, commune: Commune) -> bool:
    """A task's progress and evidence: the lead unit's staff and the centre (and superusers).
    Editing the task itself is ``Action.MANAGE`` on the commune (the centre)."""
    return access_for(user).can_on_unit(
        Action.WRITE, unit_id=lead_unit_id, commune_id=commune.pk, province_id=commune.province_id
    )


def can_work_task(user, *, unit_ids, commune: Commune) -> bool:
    """Open a task and report on it: the staff (or village head) of its lead unit or of any of its
    coordinating units (``unit_ids``), the centre of ``commune``, superusers (issue 15.4)."""
    access = access_for(user)
    if access.is_superuser or commune.pk in access.centre_commune_ids:
        return True
    return bool(access.own_unit_ids & set(unit_ids))


def can_report_checkin(user, *, unit_id: int, commune: Commune) -> bool:
    """One unit's part of a task (its check-in): that unit's staff or village head, and the centre."""
    return access_for(user).can_on_unit(
        Action.WRITE, unit_id=unit_id, commune_id=commune.pk, province_id=commune.province_id
    )


def own_unit_ids(user) -> frozenset[int]:
    """The units the user works in (unit staff, village head): "my tasks" are theirs."""
    return access_for(user).own_unit_ids


def managed_communes(user) -> QuerySet[Commune]:
    """Communes where the user may set up campaigns (``Action.MANAGE``): the centre's, all for a superuser."""
    access = access_for(user)
    qs = Commune.objects.select_related("province")
    return qs.all() if access.is_superuser else qs.filter(pk__in=access.centre_commune_ids)


def can_create_campaign(user) -> bool:
    """Whether to offer "Lập kế hoạch mới": the centre of some commune, or a superuser."""
    access = access_for(user)
    return access.is_superuser or access.is_centre


def can_import_figures(user) -> bool:
    """The bulk figures file (every row still needs ``Action.WRITE`` on its unit): the centre of
    some commune, or a superuser."""
    access = access_for(user)
    return access.is_superuser or access.is_centre


def can_use_documents(user) -> bool:
    """The documents page and its archive: whoever reads some commune as a whole (centre,
    leadership, the province read-only, superuser)."""
    access = access_for(user)
    return access.is_superuser or bool(access.whole_commune_ids or access.province_ids)


def can_request_documents(user, commune: Commune) -> bool:
    """Generating (or regenerating) a document of ``commune`` for the province: its centre and
    leadership, and superusers; the province only reads the archive."""
    return access_for(user).can_review_commune(commune.pk)


def document_communes(user) -> QuerySet[Commune]:
    """Communes the user may generate documents for (:func:`can_request_documents`)."""
    access = access_for(user)
    qs = Commune.objects.select_related("province")
    return qs.all() if access.is_superuser else qs.filter(pk__in=access.whole_commune_ids)


def reads_only_own_villages(user) -> bool:
    """A village head who reads no commune as a whole: Mẫu 02 takes them straight to their village."""
    access = access_for(user)
    return access.is_village_head and not access.whole_commune_ids and not access.is_superuser


def own_villages(user) -> QuerySet[Unit]:
    """The villages the user heads."""
    access = access_for(user)
    return access.own_units().filter(id__in=access.village_unit_ids, kind=UnitKind.VILLAGE)


# --- QĐ 766 (issue 18) -----------------------------------------------------------------------


def can_adjust_qd766(user, commune: Commune) -> bool:
    """Adjust the QĐ 766 thresholds of ``commune`` for a year: its centre (and superusers); the
    leadership and the province read the estimate only."""
    return access_for(user).can_manage_commune(commune.pk)


# --- documents drafted, issued and sent (issue #16) ----------------------------------------


def may_prepare_document(user, *, commune_id: int) -> bool:
    """Draft, edit, issue and mark sent a commune's document: its centre and leadership."""
    return access_for(user).can_review_commune(commune_id)


def may_read_document(user, *, commune_id: int, province_id: int, sent: bool) -> bool:
    """A drafted document: the commune's centre and leadership at every step; the province
    reads it once the commune has sent it."""
    access = access_for(user)
    return access.can_review_commune(commune_id) or (sent and province_id in access.province_ids)


# --- the commune's own set-up pages (issue 15) ----------------------------------------------
# The centre of a commune (and superusers) set up its units, villages, accounts, memberships,
# campaigns, targets and report forms. Every set-up page fetches through these helpers: another
# commune's rows answer 404, as if they did not exist.

SETUP_GRANTABLE_ROLES = (Role.CENTRE, Role.LEADERSHIP, Role.UNIT_STAFF, Role.VILLAGE_HEAD)


def can_set_up_commune(user, *, commune_id: int) -> bool:
    """Units, villages, accounts, campaigns and report forms of ``commune_id``: its centre, superusers."""
    return access_for(user).can_manage_commune(commune_id)


def setup_communes(user) -> QuerySet[Commune]:
    """Communes whose set-up pages the user opens (the centre's own; all for a superuser)."""
    return managed_communes(user)


def setup_commune_get_for_user(user, pk: int) -> Commune:
    """The commune whose set-up is shown: 404 unless the user may set it up."""
    commune = Commune.objects.select_related("province").filter(pk=pk).first()
    if commune is None or not can_set_up_commune(user, commune_id=commune.pk):
        raise Http404("Không tìm thấy xã.")
    return commune


def setup_unit_get_for_user(user, pk: int) -> Unit:
    """A unit edited on the set-up pages: 404 unless the user may set up its commune."""
    unit = Unit.objects.select_related("commune", "commune__province").filter(pk=pk).first()
    if unit is None or not can_set_up_commune(user, commune_id=unit.commune_id):
        raise Http404("Không tìm thấy đơn vị.")
    return unit


def account_commune_ids(account) -> set[int]:
    """Every commune an account belongs to, by any membership (a province viewer: none)."""
    ids: set[int] = set()
    for commune_id, unit_commune_id in Membership.objects.filter(user=account).values_list(
        "commune_id", "unit__commune_id"
    ):
        ids.add(commune_id or unit_commune_id)
    ids.discard(None)
    return ids


def can_manage_account(user, *, account, commune_id: int) -> bool:
    """Reset the password of, invite, deactivate or change the memberships of ``account`` from
    the set-up of ``commune_id``: the commune's centre, when the account belongs to that commune
    and to no commune the centre does not set up, is not a superuser and reads no province; a
    superuser always. (A centre never takes over an account of another commune.)"""
    access = access_for(user)
    if access.is_superuser:
        return True
    if not access.can_manage_commune(commune_id) or account.is_superuser:
        return False
    if Membership.objects.filter(user=account, role=Role.PROVINCE_VIEWER).exists():
        return False
    communes = account_commune_ids(account)
    return commune_id in communes and communes <= access.centre_commune_ids


def can_grant_role(user, *, role: str, commune_id: int) -> bool:
    """Which roles the set-up pages give: the commune's own roles, never a province viewer's."""
    return role in SETUP_GRANTABLE_ROLES and can_set_up_commune(user, commune_id=commune_id)


def setup_account_get_for_user(user, *, pk: int, commune: Commune):
    """An account seen from ``commune``'s set-up: 404 unless it belongs to that commune and the
    user may manage it (:func:`can_manage_account`)."""
    from django.contrib.auth import get_user_model

    account = get_user_model().objects.filter(pk=pk).first()
    if account is None or not can_manage_account(user, account=account, commune_id=commune.pk):
        raise Http404("Không tìm thấy tài khoản.")
    return account


def reminder_communes(user) -> QuerySet[Commune]:
    """Communes whose reminder runs (who was reached, who failed, who cannot be reached) the
    user may read: the centre's and the leadership's; all for a superuser (issue 17)."""
    access = access_for(user)
    qs = Commune.objects.select_related("province")
    return qs.all() if access.is_superuser else qs.filter(pk__in=access.centre_commune_ids | access.leader_commune_ids)


# tasks


def can_open_task(user, *, unit_ids, commune: Commune) -> bool:
    """Open a task's page: whoever manages ``commune`` (the centre, superusers) or works on the
    task (its lead or a coordinating unit, ``unit_ids``: :func:`can_work_task`)."""
    return can(user, Action.MANAGE, commune=commune) or can_work_task(user, unit_ids=unit_ids, commune=commune)


@dataclass(frozen=True)
class TaskRights:
    """What one user may change on one task's page (issue 15.4)."""

    edit: bool  # the task itself (its content, units, dates): the centre
    progress: bool  # its overall progress and evidence: the lead unit and the centre (:func:`can_update_task`)


def task_rights_for_user(user, *, lead_unit_id: int, unit_ids, commune: Commune) -> TaskRights:
    """The user's rights on a task's page; ``PermissionDenied`` unless they may open it
    (:func:`can_open_task`). Each unit's own part (check-in) is :func:`can_report_checkin`."""
    if not can_open_task(user, unit_ids=unit_ids, commune=commune):
        raise PermissionDenied("Chỉ cơ quan chủ trì, cơ quan phối hợp hoặc Trung tâm được cập nhật nhiệm vụ này.")
    return TaskRights(
        edit=can(user, Action.MANAGE, commune=commune),
        progress=can_update_task(user, lead_unit_id=lead_unit_id, commune=commune),
    )


# --- emulation (thi đua) and award candidates (issue 18, part 2) ------------------------------


def can_manage_emulation(user, commune: Commune) -> bool:
    """Criteria, officials, attestations and decisions on award candidates of ``commune``: its
    centre (and superusers)."""
    return access_for(user).can_manage_commune(commune.pk)


def can_read_emulation(user, commune: Commune) -> bool:
    """Every unit's emulation result of ``commune``: its centre and leadership, the province
    (read only), superusers."""
    return access_for(user).can_read_commune(commune.pk, commune.province_id)


def emulation_unit_ids(user, commune: Commune) -> frozenset[int] | None:
    """Whose results the user sees: ``None`` for every unit of the commune (centre, leadership,
    province, superuser); else the user's own units (a unit sees its own result); an empty set
    for nobody."""
    access = access_for(user)
    if access.can_read_commune(commune.pk, commune.province_id):
        return None
    if commune.pk not in access.member_commune_ids:
        return frozenset()
    return access.own_unit_ids


def require_emulation(user, commune: Commune) -> frozenset[int] | None:
    """:func:`emulation_unit_ids`, or ``Http404`` when the user sees no result of ``commune``."""
    ids = emulation_unit_ids(user, commune)
    if ids is not None and not ids:
        raise Http404("Không tìm thấy.")
    return ids
