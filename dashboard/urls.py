from django.urls import path

from dashboard import views

app_name = "dashboard"

urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:slug>/", views.program, name="program"),
    path("<slug:slug>/applications.csv", views.applications_csv, name="applications_csv"),
    path("<slug:slug>/pairings.csv", views.pairings_csv, name="pairings_csv"),
    path("<slug:slug>/check-ins.csv", views.checkins_csv, name="checkins_csv"),
    path("<slug:slug>/report.pdf", views.report_pdf, name="report_pdf"),
    path("<slug:slug>/duplicate/", views.duplicate, name="duplicate"),
    path("<slug:slug>/import/", views.import_participants, name="import"),
    path("<slug:slug>/import/template.csv", views.import_template, name="import_template"),
]
