from django.urls import path

from resources import views

app_name = "resources"

urlpatterns = [
    path("associations/<slug:slug>/resources/", views.resource_list, name="list"),
    path("resources/<int:pk>/", views.resource_detail, name="detail"),
    path("resources/<int:pk>/file/", views.resource_file, name="file"),
]
