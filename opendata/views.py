"""The "Data" page (/<lang>/data/): the open datasets as CSV, JSON and XLSX, and the DCAT-AP catalogue."""

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from . import datasets
from .http import open_data_view


@require_safe
def data_page(request):
    ctx = {
        "datasets": [
            {"dataset": dataset, "modified": datasets.modified(slug), "formats": list(datasets.FORMATS)}
            for slug, dataset in datasets.DATASETS.items()
        ],
        "licence": settings.OPEN_DATA_LICENCE,
        "api_root": reverse("opendata_root:city-list").rsplit("cities/", 1)[0],
    }
    return render(request, "opendata/data.html", ctx)


@require_safe
@open_data_view
def catalogue(request):
    body = datasets.catalogue_jsonld(request.build_absolute_uri)
    return HttpResponse(body, content_type="application/ld+json; charset=utf-8")


@require_safe
@open_data_view
def download(request, dataset, fmt):
    if dataset not in datasets.DATASETS or fmt not in datasets.FORMATS:
        raise Http404
    response = HttpResponse(datasets.export(dataset, fmt), content_type=datasets.FORMATS[fmt][0])
    response["Content-Disposition"] = f'attachment; filename="harbin-{dataset}.{fmt}"'
    return response
