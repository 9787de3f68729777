CARE_COOKIE = "care_mode"


class CareModeMiddleware:
    """长者模式 (care mode): a cookie the header switch sets; templates add a body class."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.care_mode = request.COOKIES.get(CARE_COOKIE) == "1"
        return self.get_response(request)
