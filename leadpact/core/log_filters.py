"""Filters for the `LOGGING` setting."""

import logging

from django.core.exceptions import PermissionDenied


class ForbiddenWithoutTraceback(logging.Filter):
    """A 403 is a role check doing its job, not a crash: keep Django's one line ("Forbidden
    (Permission denied): /team/") and drop the traceback, which buried the real errors."""

    def filter(self, record: logging.LogRecord) -> bool:
        refused = getattr(record, "status_code", None) == 403
        if record.exc_info and (refused or isinstance(record.exc_info[1], PermissionDenied)):
            record.exc_info = None
            record.exc_text = None
        return True
