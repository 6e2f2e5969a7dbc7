from django.urls import path

from associations import views

app_name = "associations"

urlpatterns = [
    path("associations/<slug:slug>/logo/", views.logo, name="logo"),
    path("associations/<slug:slug>/accent.css", views.accent, name="accent"),
]
