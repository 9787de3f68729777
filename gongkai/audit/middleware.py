from gongkai.audit.context import Actor, current_actor


class AuditUserMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        ip = request.META.get("REMOTE_ADDR")
        token = current_actor.set(Actor(user=getattr(request, "user", None), ip=ip))
        try:
            return self.get_response(request)
        finally:
            current_actor.reset(token)
