"""The "Data" page (/<lang>/data/): the open datasets as CSV, JSON and XLSX, and the DCAT-AP catalogue."""

from django import forms
from django.conf import settings
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from . import datasets, wikidata
from .http import open_data_view

SNIPPET_LIMIT = 5 * 1024 * 1024


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


class WikidataSnippetForm(forms.Form):
    snippet = forms.FileField(
        label=_("Wikidata JSON"),
        help_text=_("Harbin's entity from a Wikidata dump or Special:EntityData (JSON), at most 5 MB."),
    )

    def clean_snippet(self):
        upload = self.cleaned_data["snippet"]
        if upload.size > SNIPPET_LIMIT:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload


def wikidata_report(request):
    """Staff: the partner list against the twinning statements of an uploaded Wikidata snippet."""
    if not request.user.has_perm("cities.view_city"):
        raise PermissionDenied
    comparison = None
    form = WikidataSnippetForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            comparison = wikidata.compare(form.cleaned_data["snippet"].read())
        except wikidata.SnippetError as error:
            form.add_error("snippet", str(error))
    ctx = {
        **admin.site.each_context(request),
        "title": _("Partner cities and Wikidata"),
        "form": form,
        "comparison": comparison,
    }
    return render(request, "opendata/wikidata_report.html", ctx)
