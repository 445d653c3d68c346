"""“Việc cần làm”: the page every role lands on after login (issue 17 item 4)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from followup.selectors import todo_for_user
from org.access import access_for, reads_only_own_villages


@login_required
@require_GET
def todo(request: HttpRequest) -> HttpResponse:
    access = access_for(request.user)
    if not access.has_any_role:
        return render(request, "org/no_membership.html", status=200)
    if reads_only_own_villages(request.user):
        # a village head's "Việc cần làm" is the top of the village home, beside the outbox (issue 13)
        return redirect("village_home")
    return render(request, "dashboards/todo.html", {"todo": todo_for_user(request.user)})
