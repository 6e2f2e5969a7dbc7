from django.urls import path

from agreements import views

app_name = "agreements"

urlpatterns = [
    path("pairings/<int:pk>/agreement/", views.agreement_detail, name="agreement"),
    path("pairings/<int:pk>/agreement/sign/", views.agreement_sign, name="sign"),
    path("pairings/<int:pk>/agreement/pdf/", views.agreement_pdf, name="pdf"),
]
