from django.contrib.admin.apps import AdminConfig


class GongkaiAdminConfig(AdminConfig):
    """``django.contrib.admin`` with the site that uses the platform's sign-in and second factor
    (``gongkai.accounts.admin_site``)."""

    default_site = "gongkai.accounts.admin_site.GongkaiAdminSite"
