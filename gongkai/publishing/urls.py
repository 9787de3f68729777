from django.urls import path

from gongkai.publishing import views

app_name = "publishing"
urlpatterns = [
    path("staff/", views.queue, name="staff-home"),
    path("staff/<str:kind>/<int:pk>/approve/", views.item_approve, name="item-approve"),
    path("staff/<str:kind>/<int:pk>/reject/", views.item_reject, name="item-reject"),
]
