from django.http import HttpRequest, JsonResponse


def health(request: HttpRequest) -> JsonResponse:
    """Unauthenticated liveness check; also the trivial view the `api` benchmark compares with."""
    return JsonResponse({"status": "ok"})
