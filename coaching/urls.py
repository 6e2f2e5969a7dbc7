from django.urls import path

from coaching import views

app_name = "coaching"

urlpatterns = [
    path("coaching/", views.session_list, name="sessions"),
    path("coaching/<int:pk>/", views.session_detail, name="session"),
    path("coaching/<int:pk>/coach/", views.coach_signup, name="coach"),
    path("coaching/<int:pk>/register/", views.learner_register, name="register"),
    path("coaching/<int:pk>/schedule/", views.schedule, name="schedule"),
    path("coaching/<int:pk>/schedule.pdf", views.schedule_pdf, name="schedule_pdf"),
    path("coaching/<int:pk>/link/", views.link_renew, name="link_renew"),
    path("coaching/<int:pk>/feedback/", views.feedback, name="feedback"),
    path("coaching/<int:pk>/ongoing/<int:coach_pk>/", views.ongoing, name="ongoing"),
    path("coaching/<int:pk>/door/", views.door, name="door"),
    path("coaching/<int:pk>/board/", views.board, name="board"),
    path("c/<str:token>/", views.short_link, name="short"),
]
