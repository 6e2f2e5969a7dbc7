from django.urls import path

from pairings import group_views, views

app_name = "pairings"

urlpatterns = [
    path("pairings/", views.my_pairings, name="mine"),
    path("pairings/<int:pk>/", views.pairing_detail, name="pairing"),
    path("pairings/<int:pk>/end/", views.pairing_end, name="end"),
    path("pairings/<int:pk>/new-match/", views.rematch, name="rematch"),
    path("pairings/<int:pk>/check-ins/", views.checkin_add, name="checkin"),
    path("pairings/<int:pk>/next-check-in.ics", views.checkin_ics, name="ics"),
    path("pairings/<int:pk>/events/", views.event_add, name="event"),
    path("pairings/<int:pk>/pulse/<int:round_>/", views.pulse, name="pulse"),
    path("pairings/<int:pk>/feedback/", views.feedback, name="feedback"),
    path("pairings/groups/<int:pk>/", group_views.group_detail, name="group"),
    path("pairings/groups/<int:pk>/check-ins/", group_views.group_checkin_add, name="group_checkin"),
]
