from django.urls import path

from gongkai.policies import views

app_name = "policies"

urlpatterns = [
    path("", views.index, name="index"),
]
