from django.urls import path

from gongkai.workdays import views

app_name = "workdays"
urlpatterns = [
    path("", views.override_list, name="override-list"),
    path("import/", views.holiday_import_view, name="holiday-import"),
    path("<int:pk>/delete/", views.override_delete, name="override-delete"),
]
