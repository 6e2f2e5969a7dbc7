from django.urls import path

from chapters import views

app_name = "chapters"

urlpatterns = [
    path("associations/<slug:slug>/chapters/", views.chapter_list, name="list"),
    path("chapters/<int:pk>/offer/", views.offer_create, name="offer"),
    path("chapters/offers/", views.my_offers, name="mine"),
    path("chapters/offers/<int:pk>/withdraw/", views.offer_withdraw, name="withdraw"),
    path("chapters/answer/<str:token>/", views.answer, name="answer"),
]
