from django.urls import path

from events import views

app_name = "events"

urlpatterns = [
    path("associations/<slug:slug>/events/", views.event_list, name="list"),
    path("associations/<slug:slug>/events.ics", views.feed, name="feed"),
    path("events/mine/", views.my_events, name="mine"),
    path("events/<int:pk>/", views.event_detail, name="detail"),
    path("events/<int:pk>/event.ics", views.event_ics, name="ics"),
    path("events/<int:pk>/rsvp/", views.rsvp, name="rsvp"),
    path("events/<int:pk>/cancel/", views.cancel, name="cancel"),
    path("events/<int:pk>/check-in/", views.checkin, name="checkin"),
]
