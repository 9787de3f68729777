from django.urls import path

from gongkai.city import views

app_name = "city"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("ranking/", views.ranking, name="ranking"),
    path("ranking/refresh/", views.ranking_refresh, name="ranking-refresh"),
    path("spot-checks/", views.spot_checks, name="spot-checks"),
    path("spot-checks/start/", views.spot_check_start, name="spot-check-start"),
    path("spot-checks/end/", views.spot_check_end, name="spot-check-end"),
]
