from django.http import HttpResponse


def finder(request, edition_slug=None):
    return HttpResponse("")
