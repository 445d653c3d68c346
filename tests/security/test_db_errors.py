"""A database that is away answers 503 in Vietnamese, never a traceback (issue 14, item 7)."""

from django.db import InterfaceError, OperationalError
from django.test import RequestFactory

from org.middleware import server_error


def _answer_while_handling(exc: Exception):
    try:
        raise exc
    except (OperationalError, InterfaceError, ValueError):
        return server_error(RequestFactory().get("/"))


def test_operational_and_interface_errors_answer_503_busy():
    for exc in (
        OperationalError("server closed the connection unexpectedly"),
        InterfaceError("connection already closed"),
    ):
        response = _answer_while_handling(exc)
        assert response.status_code == 503
        assert "Hệ thống đang bận, vui lòng thử lại" in response.content.decode()
        assert "Traceback" not in response.content.decode()


def test_other_errors_keep_the_500_page():
    response = _answer_while_handling(ValueError("x"))
    assert response.status_code == 500 and "Hệ thống gặp lỗi" in response.content.decode()
