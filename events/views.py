from django.http import Http404, HttpResponse


def event_list(request):  # replaced by the events work
    return HttpResponse("events")


def event_detail(request, slug):
    raise Http404
