from django.urls import path

from notifications import views

app_name = "notifications"

urlpatterns = [
    path("notifications/stop/<str:token>/", views.stop, name="stop"),
    path("notifications/<int:pk>/send-again/", views.send_again, name="send_again"),
]
