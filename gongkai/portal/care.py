"""长者模式 (care mode): larger text and contrast, switched by a cookie in the page header.

The switch (``views.care_toggle``) and the page cache (``cache.page_key``, one copy per mode)
live in the portal; every page's ``<body>`` gets its class from ``request.care_mode``, which
this middleware sets and the site shell's context processor passes on."""

CARE_COOKIE = "care_mode"


class CareModeMiddleware:
    """长者模式 (care mode): a cookie the header switch sets; templates add a body class."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.care_mode = request.COOKIES.get(CARE_COOKIE) == "1"
        return self.get_response(request)
