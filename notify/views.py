from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from .models import PersonChannels
from .phones import PHONE_FORMAT
from .selectors import inbox_for
from .services import contact_update, inbox_mark_read

_CHOICE = {"": None, "1": True, "0": False}


@login_required
@require_http_methods(["GET"])
def inbox(request: HttpRequest) -> HttpResponse:
    return render(request, "notify/inbox.html", {"items": inbox_for(request.user)})


@login_required
@require_POST
def inbox_read(request: HttpRequest) -> HttpResponse:
    raw = request.POST.get("item", "").strip()
    if raw and not (raw.isascii() and raw.isdigit() and len(raw) < 10):
        # a bad item id marks nothing (never "all read" by mistake)
        messages.error(request, "Không tìm thấy thông báo này.")
        return redirect("notify:inbox")
    inbox_mark_read(user=request.user, item_id=int(raw) if raw else None)
    return redirect("notify:inbox")


@login_required
@require_http_methods(["GET", "POST"])
def contact(request: HttpRequest) -> HttpResponse:
    """The person's phone, Zalo id and channels (empty choice: the commune's default)."""
    prefs = PersonChannels.objects.filter(user=request.user).first() or PersonChannels(user=request.user)
    person = getattr(request.user, "person", None)
    values = {
        "phone": person.phone if person else "",
        "zalo_user_id": person.zalo_user_id if person else "",
        "email": prefs.email, "zalo": prefs.zalo, "sms": prefs.sms, "version": prefs.version,
    }  # fmt: skip
    errors: list[str] = []
    if request.method == "POST":
        post = request.POST
        values.update(
            phone=post.get("phone", "").strip(), zalo_user_id=post.get("zalo_user_id", ""),
            email=_CHOICE.get(post.get("email", ""), None), zalo=_CHOICE.get(post.get("zalo", ""), None),
            sms=_CHOICE.get(post.get("sms", ""), None),
        )  # fmt: skip
        version = (
            int(post.get("version", "0"))
            if (
                post.get("version", "0").isascii()
                and post.get("version", "0").isdigit()
                and len(post.get("version", "0")) < 10
            )
            else -1
        )
        try:
            contact_update(
                user=request.user, version=version, phone=values["phone"], zalo_user_id=values["zalo_user_id"],
                email=values["email"], zalo=values["zalo"], sms=values["sms"],
            )  # fmt: skip
        except ValidationError as exc:
            errors = [f"Số điện thoại: {m}" if exc.code == "phone" else m for m in exc.messages]
        else:
            messages.success(request, "Đã lưu cách nhận thông báo.")
            return redirect("notify:contact")
    status = 400 if errors else 200
    return render(
        request,
        "notify/contact.html",
        {"values": values, "errors": errors, "phone_format": PHONE_FORMAT},
        status=status,
    )
