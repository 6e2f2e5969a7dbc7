from django.contrib import admin
from django.urls import include, path

from applications import views as application_views

admin.site.site_header = "Mentorship program administration"
admin.site.site_title = "Mentorship chair"
admin.site.index_title = "Programs, applications and pairs"

urlpatterns = [
    path("", application_views.home, name="home"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("", include("applications.urls")),
    path("", include("matching.urls")),
    path("", include("notifications.urls")),
    path("chair/", include("dashboard.urls")),
    path("", include("pairings.urls")),
    path("", include("agreements.urls")),
    path("", include("associations.urls")),
    path("", include("chapters.urls")),
    path("", include("coaching.urls")),
    path("", include("events.urls")),
    path("", include("resources.urls")),
]
