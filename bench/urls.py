"""Bench-only baselines for bench/web.py, mounted at ``/bench/`` when ``BENCH_ENDPOINTS`` is on.

``BENCH_ENDPOINTS`` is off by default and forced off in production (config/settings.py), where the bench app is
not installed either, so these URLs never exist on a real site. Two baselines every page is compared with:

* ``/bench/json/``       a bare JSON view: no query, no template (the ceiling of the stack);
* ``/bench/one-query/``  one indexed query of 50 rows rendered through a template (what a page that does
  nothing but read one bounded list costs).
"""

from django.http import HttpResponse, JsonResponse
from django.template import engines
from django.urls import path

from organizations.models import Unit

ONE_QUERY = engines["django"].from_string(
    "<!doctype html><html lang='zh-hans'><head><meta charset='utf-8'><title>基准</title></head><body><ul>"
    "{% for u in rows %}<li><a href='/units/{{ u.code }}/'>{{ u.name }}</a> {{ u.tier }}</li>{% endfor %}"
    "</ul></body></html>"
)


def bare_json(request):
    return JsonResponse({"status": "ok"})


def one_query(request):
    rows = list(Unit.objects.order_by("id").values("code", "name", "tier")[:50])
    return HttpResponse(ONE_QUERY.render({"rows": rows}, request))


urlpatterns = [
    path("json/", bare_json, name="bench-json"),
    path("one-query/", one_query, name="bench-one-query"),
]
