from django.urls import path

from matching import views

app_name = "matching"

urlpatterns = [
    path("programs/<slug:slug>/gallery/", views.gallery_view, name="gallery"),
    path("programs/<slug:slug>/gallery/<int:mentor_pk>/", views.mentor_profile, name="mentor"),
    path("programs/<slug:slug>/gallery/<int:mentor_pk>/favourite/", views.favourite, name="favourite"),
    path("programs/<slug:slug>/gallery/<int:mentor_pk>/request/", views.request_mentor, name="request"),
    path("requests/", views.my_requests, name="requests"),
    path("requests/<int:pk>/reply/", views.reply, name="reply"),
    path("requests/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("mentoring/requests/", views.inbox, name="inbox"),
    path("mentoring/requests/<int:pk>/answer/", views.answer, name="answer"),
]
