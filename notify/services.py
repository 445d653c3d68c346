"""Writes of the notify app: delivery rows, their sending, inbox reads, channel choices."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from org.models import Person, Unit

from .channels import GIVE_UP, RETRY, SENT, Message, Recipient, channel_for
from .models import EXTERNAL_CHANNELS, Channel, CommuneChannels, Delivery, DeliveryState, InboxItem, PersonChannels, Run
from .phones import phone_normalise


def recipient_for(user) -> Recipient:
    person = getattr(user, "person", None)
    return Recipient(
        user_id=user.pk,
        name=user.get_full_name() or user.username,
        email=user.email or "",
        phone=person.phone if person else "",
        zalo_user_id=person.zalo_user_id if person else "",
    )


def commune_channels(commune_id: int) -> CommuneChannels | None:
    return CommuneChannels.objects.filter(commune_id=commune_id).first()


def channels_for(user, *, default: CommuneChannels | None) -> list[str]:
    """The external channels ``user`` gets: their own choice, else the commune's ``default``
    (none set: e-mail only); only channels the portal has settings for."""
    own = getattr(user, "channels", None)
    out = []
    for name in EXTERNAL_CHANNELS:
        wanted = getattr(own, name) if own is not None and getattr(own, name) is not None else None
        if wanted is None:
            wanted = getattr(default, name) if default is not None else name == Channel.EMAIL
        if wanted and channel_for(name).configured():
            out.append(str(name))
    return out


def run_start(*, commune_id: int, now: datetime) -> Run:
    return Run.objects.create(commune_id=commune_id, started_at=now)


@dataclass
class Dispatched:
    created: list[int]  # delivery ids created now (external ones are queued for sending)
    reachable: bool  # someone has an address on an external channel


def reminder_dispatch(
    *, run: Run | None, unit: Unit, topic: str, kind: str, users: list, message: Message, now: datetime
) -> Dispatched:
    """One reminder to ``users``: an inbox item and a delivery row per person × channel. A row
    that already exists (the same reminder, from this or any other run) is left alone: that
    unique constraint is the lock, so two runs at once send one message per person and channel.
    A channel the person has no address on gets a row "given up" with the reason."""
    created: list[int] = []
    reachable = False
    default = commune_channels(unit.commune_id)
    for user in users:
        recipient = recipient_for(user)
        for name in [Channel.INBOX, *channels_for(user, default=default)]:
            address = recipient_address(name, recipient)
            if name != Channel.INBOX and address:
                reachable = True
            delivery = _claim_row(
                run=run,
                unit=unit,
                topic=topic,
                kind=kind,
                user=user,
                channel=name,
                address=address,
                message=message,
                now=now,
            )
            if delivery is not None:
                created.append(delivery.pk)
    external = list(
        Delivery.objects.filter(pk__in=created, state=DeliveryState.QUEUED)
        .exclude(channel=Channel.INBOX)
        .values_list("pk", flat=True)
    )
    if external:
        transaction.on_commit(lambda: _enqueue(external))
    return Dispatched(created=created, reachable=reachable)


def recipient_address(name: str, recipient: Recipient) -> str:
    if name == Channel.INBOX:
        return f"user:{recipient.user_id}"
    return channel_for(name).address(recipient)


def _claim_row(*, run, unit, topic, kind, user, channel, address, message: Message, now) -> Delivery | None:
    fields = dict(
        run=run, unit=unit, topic=topic, kind=kind, user=user, channel=channel, address=address[:254],
        subject=message.subject[:200], text=message.text[:480], body=message.body, link=message.link,
        params=message.params, created_at=now, updated_at=now,
    )  # fmt: skip
    if channel == Channel.INBOX:
        fields.update(state=DeliveryState.SENT, sent_at=now, attempts=1)
    elif not address:
        fields.update(state=DeliveryState.GIVEN_UP, reason=_no_address(channel))
    try:
        with transaction.atomic():
            delivery = Delivery.objects.create(**fields)
            if channel == Channel.INBOX:
                InboxItem.objects.create(
                    user=user, subject=message.subject[:200], body=message.body, link=message.link, created_at=now
                )
    except IntegrityError:
        return None
    return delivery


def _no_address(channel: str) -> str:
    return {
        Channel.EMAIL: "Chưa có địa chỉ thư điện tử.",
        Channel.ZALO: "Chưa có số điện thoại để gửi Zalo.",
        Channel.SMS: "Chưa có số điện thoại để gửi SMS.",
    }[channel]


def _enqueue(ids: list[int]) -> None:
    # notify.tasks imports this module back: imported here to break the cycle.
    from .tasks import delivery_send

    for pk in ids:
        try:
            delivery_send.delay(pk)
        except Exception:  # noqa: BLE001 - the broker is away: the sweeper sends it later
            continue


def delivery_attempt(*, delivery_id: int, now: datetime | None = None) -> str | None:
    """Send one delivery once. Claimed with a conditional UPDATE (queued/failed → sending), so a
    redelivered task or a second worker does nothing twice. Returns the outcome, or None when
    someone else holds it or it is finished."""
    now = now or timezone.now()
    claimed = Delivery.objects.filter(pk=delivery_id, state__in=[DeliveryState.QUEUED, DeliveryState.FAILED]).update(
        state=DeliveryState.SENDING, updated_at=now
    )
    if not claimed:
        return None
    delivery = Delivery.objects.select_related("user", "user__person").get(pk=delivery_id)
    message = Message(
        subject=delivery.subject, text=delivery.text, body=delivery.body, link=delivery.link,
        params=delivery.params, tracking_id=f"xtd-{delivery.pk}",
    )  # fmt: skip
    try:
        result = channel_for(delivery.channel).send(message, recipient_for(delivery.user))
    except Exception as exc:  # noqa: BLE001 - an adapter bug must not leave the row "sending"
        result_outcome, reason, provider = RETRY, f"Lỗi khi gửi ({type(exc).__name__}).", ""
    else:
        result_outcome, reason, provider = result.outcome, result.reason, result.provider_id
    attempts = delivery.attempts + 1
    done = timezone.now()
    if result_outcome == SENT:
        state, reason = DeliveryState.SENT, ""
    elif result_outcome == GIVE_UP or attempts >= settings.XTD_DELIVERY_MAX_ATTEMPTS:
        state = DeliveryState.GIVEN_UP
        if result_outcome == RETRY:
            reason = f"{reason} Đã thử {attempts} lần."
    else:
        state = DeliveryState.FAILED
    Delivery.objects.filter(pk=delivery_id).update(
        state=state, reason=reason[:300], attempts=attempts, provider_id=provider[:100], updated_at=done,
        sent_at=done if state == DeliveryState.SENT else None,
    )  # fmt: skip
    return result_outcome if state != DeliveryState.GIVEN_UP else GIVE_UP


def retry_countdown(attempts: int) -> int:
    """Backoff: XTD_DELIVERY_RETRY_SECONDS × 2^(attempts-1) (60 s, 2 min, 4 min …)."""
    return int(settings.XTD_DELIVERY_RETRY_SECONDS * 2 ** max(attempts - 1, 0))


def deliveries_lost(*, now: datetime | None = None) -> list[int]:
    """Rows to send again: queued but never picked up, failed whose backoff is over, or left
    "sending" by a worker that died."""
    now = now or timezone.now()
    lost = timedelta(seconds=settings.XTD_JOB_LOST_SECONDS)
    ids = []
    rows = Delivery.objects.filter(
        Q(state=DeliveryState.QUEUED, updated_at__lt=now - lost)
        | Q(state=DeliveryState.FAILED)
        | Q(state=DeliveryState.SENDING, updated_at__lt=now - lost)
    ).values_list("pk", "state", "attempts", "updated_at")
    for pk, state, attempts, updated_at in rows[:500]:
        if state == DeliveryState.FAILED and updated_at + timedelta(seconds=retry_countdown(attempts)) + lost > now:
            continue  # its own retry is still due
        if state == DeliveryState.SENDING:
            Delivery.objects.filter(pk=pk, state=DeliveryState.SENDING).update(
                state=DeliveryState.FAILED, updated_at=now
            )
        ids.append(pk)
    return ids


def run_finish(*, run: Run, unreachable: list[dict]) -> Run | None:
    """Close a run; a run that created nothing is not kept (the beat runs every 15 minutes;
    the centre's page shows the units nobody can be reached in live as well)."""
    if not run.deliveries.exists():
        run.delete()
        return None
    run.unreachable = unreachable
    run.finished_at = timezone.now()
    run.save(update_fields=["unreachable", "finished_at"])
    return run


def inbox_mark_read(*, user, item_id: int | None = None) -> int:
    """Mark one item (or all) of ``user``'s inbox read; an item of someone else is untouched."""
    qs = InboxItem.objects.filter(user=user, read_at__isnull=True)
    if item_id is not None:
        qs = qs.filter(pk=item_id)
    return qs.update(read_at=timezone.now())


@transaction.atomic
def contact_update(
    *, user, version: int, phone: str, zalo_user_id: str, email: bool | None, zalo: bool | None, sms: bool | None
) -> PersonChannels:
    """Save a person's phone, Zalo id and channel choice. The phone must be a Vietnamese mobile
    number (``ValidationError`` naming the format, nothing saved); ``version`` must be the one the
    form showed (someone else saved meanwhile: ``ValidationError``)."""
    prefs, _ = PersonChannels.objects.select_for_update().get_or_create(user=user)
    if prefs.version != version:
        raise ValidationError("Thông tin đã được thay đổi ở nơi khác. Tải lại trang rồi sửa lại.", code="version")
    clean_phone = phone_normalise(phone) if phone.strip() else ""
    if (sms or zalo) and not clean_phone:
        raise ValidationError("Muốn nhận Zalo hoặc SMS thì cần có số điện thoại.", code="phone")
    Person.objects.update_or_create(
        user=user, defaults={"phone": clean_phone, "zalo_user_id": zalo_user_id.strip()[:64]}
    )
    prefs.email, prefs.zalo, prefs.sms = email, zalo, sms
    prefs.version += 1
    prefs.save(update_fields=["email", "zalo", "sms", "version"])
    return prefs
