from gongkai.audit.context import Actor, current_actor
from gongkai.lib.ratelimit import client_address


class AuditUserMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # The real client behind the trusted proxy (等保: who acted, from where).
        ip = client_address(request)
        token = current_actor.set(Actor(user=getattr(request, "user", None), ip=ip))
        try:
            return self.get_response(request)
        finally:
            current_actor.reset(token)
