from django.urls import path

from applications import views

app_name = "applications"

urlpatterns = [
    path("programs/<slug:slug>/", views.program_detail, name="program"),
]
