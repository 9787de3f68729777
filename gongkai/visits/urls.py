from django.urls import path

from gongkai.visits import views

app_name = "visits"

urlpatterns = [
    path("", views.index, name="index"),
]
