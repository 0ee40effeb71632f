from django.http import Http404, HttpResponse


def museum_index(request):  # replaced by the museum work
    return HttpResponse("museum")


def room_detail(request, slug):
    raise Http404


def exhibit_detail(request, accession_number):
    raise Http404
