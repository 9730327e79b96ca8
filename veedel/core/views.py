import logging

from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import render

logger = logging.getLogger(__name__)


def _error(request, template, status):
    try:
        return render(request, template, status=status)
    except Exception:  # the error page itself must never fail
        logger.exception("Rendering %s failed", template)
        return HttpResponse(status=status)


def bad_request(request, exception=None):
    return _error(request, "400.html", 400)


def permission_denied(request, exception=None):
    return _error(request, "403.html", 403)


def page_not_found(request, exception=None):
    return _error(request, "404.html", 404)


def server_error(request):
    return _error(request, "500.html", 500)


def health_live(request):
    """The process answers: ``ok``, two bytes, without touching the database or a template
    (a load balancer's liveness probe; bench/run.py's trivial view, the baseline of its
    ratios). GET and HEAD only; it says nothing about the database."""
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    response = HttpResponse(b"ok", content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return response
