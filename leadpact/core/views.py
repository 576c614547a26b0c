from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.utils import timezone

from leadpact.core.heartbeat import WORKER_LATE_AFTER, worker_state


def health_status(request: HttpRequest) -> JsonResponse:
    """For monitoring, unauthenticated: 200 when the database answers and the worker has beaten
    within the last few minutes, 503 naming what is wrong otherwise. (`/healthz` is the
    liveness check a load balancer wants: it does not depend on the worker.)"""
    now = timezone.now()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        worker = worker_state(now=now)
    except DatabaseError:
        unreachable = {"status": "unavailable", "database": "unreachable", "worker": None}
        return JsonResponse(unreachable, status=503)
    body: dict[str, object] = {
        "status": "ok" if worker.running else "unavailable",
        "database": "ok",
        "worker": {
            "running": worker.running,
            "last_seen": worker.last_seen.isoformat() if worker.last_seen else None,
            "late_after_seconds": int(WORKER_LATE_AFTER.total_seconds()),
        },
    }
    return JsonResponse(body, status=200 if worker.running else 503)
