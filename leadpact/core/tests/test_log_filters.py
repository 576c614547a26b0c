"""A role check's refusal is logged as one line; a real error keeps its traceback."""

import logging

import pytest


def request_records(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "django.request"]


def test_a_refused_page_is_one_line_without_a_traceback(web_for, caplog) -> None:
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = web_for("piotr").get("/team/")

    assert response.status_code == 403
    [record] = request_records(caplog)
    assert record.getMessage() == "Forbidden (Permission denied): /team/"
    assert record.exc_info is None
    assert "Traceback" not in caplog.text


def test_a_server_error_keeps_its_traceback(caplog) -> None:
    try:
        raise ValueError("a real bug")
    except ValueError as bug:
        with caplog.at_level(logging.ERROR, logger="django.request"):
            logging.getLogger("django.request").error(
                "Internal Server Error: /x/", exc_info=bug, extra={"status_code": 500}
            )

    [record] = request_records(caplog)
    assert record.exc_info is not None
    assert "Traceback" in caplog.text and "a real bug" in caplog.text
