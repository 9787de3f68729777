from django.urls import path

from gongkai.countyadmin import views

app_name = "countyadmin"
urlpatterns = [
    path("", views.county_list, name="list"),
    path("new/", views.county_new, name="new"),
    path("<slug:slug>/", views.county_edit, name="edit"),
    path("<slug:slug>/active/", views.county_toggle, name="toggle"),
    path("<slug:slug>/export.zip", views.county_export, name="export"),
]
