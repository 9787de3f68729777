from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from gongkai.accounts import delegated, views

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("login/code/", views.totp_verify, name="totp-verify"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("keepalive/", views.keepalive, name="keepalive"),
    path("two-factor/", views.totp_enrol, name="totp-enrol"),
    path("two-factor/recovery-codes/", views.recovery_codes, name="recovery-codes"),
    path(
        "password/",
        views.PasswordChangeView.as_view(success_url=reverse_lazy("accounts:password-done")),
        name="password-change",
    ),
    path(
        "password/done/",
        auth_views.PasswordChangeDoneView.as_view(template_name="accounts/password_done.html"),
        name="password-done",
    ),
    path("staff/", views.user_list, name="staff-home"),
    path("staff/new/", views.user_create, name="user-create"),
    path("unit-staff/", delegated.unit_staff_create, name="unit-staff-create"),
    path("staff/<int:pk>/", views.user_detail, name="user-detail"),
    path("staff/<int:pk>/unlock/", views.user_unlock, name="user-unlock"),
    path("staff/<int:pk>/active/", views.user_set_active, name="user-set-active"),
    path("staff/<int:pk>/password/", views.user_reset_password, name="user-reset-password"),
    path("staff/<int:pk>/two-factor/", views.user_reset_totp, name="user-reset-totp"),
    path("changes/", views.change_list, name="change-list"),
    path("changes/<int:accountchange_pk>/", views.change_decide, name="change-decide"),
]
