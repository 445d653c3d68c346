from .access import access_for


def access(request):
    """``xtd_access`` in every template: the navigation shows each role what it may use."""
    return {"xtd_access": access_for(getattr(request, "user", None))}
