from urllib.parse import urlsplit

from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.http import HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import requires_csrf_token
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
@require_GET
def favicon(request):
    """The icon lives with the static files (fingerprinted, cached for long by WhiteNoise)."""
    return HttpResponsePermanentRedirect(static("parley/favicon.svg"))


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


# --- Refusals and missing pages ---------------------------------------------------------------
# The API keeps its JSON error shape ({"detail", "errors"}) for an address it does not know; every
# other address gets a page of the product: the menu, the reason, a way back, in the reader's language.


def _is_api(request) -> bool:
    return request.path_info.startswith("/api/")


def _way_back(request) -> str:
    """The page the person came from, when it is one of ours (and not this same address)."""
    referer = request.META.get("HTTP_REFERER", "")
    ours = referer and url_has_allowed_host_and_scheme(referer, allowed_hosts={request.get_host()})
    return referer if ours and urlsplit(referer).path != request.path else ""


@requires_csrf_token
def permission_denied(request, exception=None):
    if _is_api(request):
        return JsonResponse(
            {"detail": str(_("You do not have permission to perform this action.")), "errors": {}}, status=403
        )
    reason = str(exception or "") or _("Your role does not allow this.")
    context = {
        "heading": _("You cannot do this here"),
        "reason": reason,
        "hint": _("Ask a coordinator of the campaign if you need to change something here."),
        "back": _way_back(request),
    }
    return render(request, "refusal.html", context, status=403)


def csrf_failure(request, reason=""):
    """A form sent without its (or with a stale) security token: an old tab, a session that changed,
    a browser that blocks cookies. Nothing was saved; the page says so and how to go on."""
    if _is_api(request):
        detail = _("CSRF check failed: send the X-CSRFToken header with a session, or use a personal token.")
        return JsonResponse({"detail": str(detail), "errors": {}}, status=403)
    context = {
        "heading": _("This form has expired"),
        "reason": _("Nothing was saved. The page was open for too long, or you signed in again in another tab."),
        "hint": _("Go back, reload the page and send the form again. Parley needs cookies to be allowed."),
        "back": _way_back(request),
    }
    return render(request, "refusal.html", context, status=403)


@requires_csrf_token
def page_not_found(request, exception=None):
    if _is_api(request):
        return JsonResponse({"detail": str(_("Not found.")), "errors": {}}, status=404)
    context = {
        "heading": _("This page is not here"),
        # Never the exception's text: it names models and queries, and a campaign's records are
        # "not found" for people outside it, on purpose.
        "reason": _(
            "The address may be mistyped, the record may have been removed, "
            "or it belongs to a campaign you are not part of."
        ),
        "hint": "",
        "back": _way_back(request),
    }
    return render(request, "refusal.html", context, status=404)
