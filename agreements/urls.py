from django.urls import path

from agreements import views

app_name = "agreements"

urlpatterns = [
    path("pairings/", views.my_pairings, name="mine"),
    path("pairings/<int:pk>/", views.pairing_detail, name="pairing"),
    path("pairings/<int:pk>/agreement/", views.agreement_detail, name="agreement"),
    path("pairings/<int:pk>/agreement/sign/", views.agreement_sign, name="sign"),
    path("pairings/<int:pk>/agreement/pdf/", views.agreement_pdf, name="pdf"),
    path("pairings/<int:pk>/end/", views.pairing_end, name="end"),
    path("pairings/<int:pk>/new-match/", views.rematch, name="rematch"),
]
