from django.urls import path

from gongkai.programmes import views

app_name = "programmes"

urlpatterns = [
    path("", views.programme_list, name="list"),
    path("<int:year>/", views.programme_detail, name="detail"),
]
