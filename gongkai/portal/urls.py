from django.urls import path

from gongkai.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("notices/", views.notice_list, name="notices"),
    path("notices/<int:year>/", views.notice_detail, name="notice"),
    path("notices/<int:year>/notice.docx", views.notice_docx, name="notice-docx"),
    path("notices/<int:year>/notice.pdf", views.notice_pdf, name="notice-pdf"),
    path(
        "notices/<int:year>/attachments/<int:number>/", views.attachment_detail, name="attachment"
    ),
    path("data/", views.stats, name="stats"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("search/", views.search, name="search"),
    path("feeds/", views.feed_list, name="feeds"),
    path("feeds/<slug:slug>/rss/", views.feed_rss, name="feed-rss"),
    path("feeds/<slug:slug>/atom/", views.feed_atom, name="feed-atom"),
    path("sitemap.xml", views.sitemap, name="sitemap"),
    path("care-mode/", views.care_toggle, name="care-toggle"),
    path("language/", views.language, name="language"),
    path("site-identity/", views.site_identity, name="site-identity"),
    path("county.css", views.county_style, name="county-style"),
]
