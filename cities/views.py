from django.http import Http404, HttpResponse


def city_list(request):  # replaced by the cities work
    return HttpResponse("cities")


def city_detail(request, slug):
    raise Http404
