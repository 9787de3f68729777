from django.urls import path

from gongkai.programmes.api import api

urlpatterns = [path("", api.urls)]
