"""``{% load followup_todo %}{% todo_block %}``: the "Việc cần làm" block of the signed-in
person, for any page (the village head's home in households/ includes it this way, so no
Python import crosses the floors)."""

from __future__ import annotations

from django import template

from followup.selectors import todo_for_user

register = template.Library()


@register.inclusion_tag("followup/_todo.html", takes_context=True)
def todo_block(context, heading: str = "Việc cần làm"):
    request = context.get("request")
    todo = context.get("todo")
    if todo is None and request is not None and request.user.is_authenticated:
        todo = todo_for_user(request.user)
    return {"todo": todo, "heading": heading}
