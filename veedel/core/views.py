def home(request):
    raise NotImplementedError


def bad_request(request, exception=None):
    raise NotImplementedError


permission_denied = page_not_found = server_error = bad_request
