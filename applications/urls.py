from django.urls import path

from applications import views

app_name = "applications"

urlpatterns = [
    path("programs/", views.directory, name="directory"),
    path("programs/<slug:slug>/", views.program_detail, name="program"),
    path("programs/<slug:slug>/apply/<str:role>/", views.apply, name="apply"),
    path("applications/", views.my_applications, name="mine"),
    path("applications/<int:pk>/", views.application_detail, name="detail"),
    path("applications/<int:pk>/withdraw/", views.application_withdraw, name="withdraw"),
    path("applications/<int:pk>/resume/", views.resume, name="resume"),
]
