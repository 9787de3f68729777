from django.urls import path

from gongkai.inspection import views

app_name = "inspection"

urlpatterns = [
    path("", views.self_check, name="self-check"),
    path("thresholds/", views.thresholds, name="thresholds"),
]
