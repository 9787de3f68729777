from django.urls import path

from gongkai.core.api import api

urlpatterns = [path("", api.urls)]
