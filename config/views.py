from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from config import tasks
from config.health import check_broker, check_database
from config.queue import enqueue_on_commit


@login_not_required
@never_cache
@require_GET
def healthz(request):
    """Database and broker state; 200 when both answer, 503 otherwise.

    Anyone (a load balancer) gets the status; only signed-in Django staff get the details
    (which service, how long it took, the error, the worker's heartbeat).
    """
    database, broker = check_database(), check_broker()
    healthy = database.ok and broker.ok
    body = {"status": "ok" if healthy else "unavailable"}
    if not (request.user.is_authenticated and request.user.is_staff):
        return JsonResponse(body, status=200 if healthy else 503)
    body |= {
        "database": {"ok": database.ok, "detail": database.detail, "ms": database.ms},
        "broker": {"ok": broker.ok, "detail": broker.detail, "ms": broker.ms},
    }
    try:
        body["worker_heartbeat"] = cache.get(tasks.HEARTBEAT_KEY)
    except Exception as exc:  # the cache shares Redis with the broker; report, do not fail
        body["worker_heartbeat"] = {"error": type(exc).__name__}
    return JsonResponse(body, status=200 if database.ok and broker.ok else 503)


@login_not_required
@never_cache
@require_GET
def liveness(request):
    """The process answers; checks nothing else (the benchmark's trivial baseline too)."""
    return JsonResponse({"status": "alive"})


@require_POST
def worker_ping(request):
    """Ask a worker to record a heartbeat now (shows a web-to-worker round trip)."""
    if not request.user.is_staff:
        return JsonResponse({"error": "staff only"}, status=403)
    enqueue_on_commit("config.tasks.heartbeat", origin=f"web:{request.user.get_username()}")
    return JsonResponse({"queued": True}, status=202)
