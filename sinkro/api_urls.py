"""Sinkro PMM API, mounted at /api/v1/sinkro/ (namespace "sinkro_api")."""

from django.urls import path

from . import apis

app_name = "sinkro_api"
urlpatterns = [
    path("diagnosis/", apis.DiagnosisApi.as_view(), name="diagnosis"),
    path("sinkron/", apis.SinkronApi.as_view(), name="sinkron"),
    path("permintaan/<int:pk>/", apis.IntentApi.as_view(), name="permintaan"),
    path("permintaan/<int:pk>/konfirmasi/", apis.IntentConfirmApi.as_view(), name="konfirmasi"),
    path("instansi/<int:pk>/diagnosis/", apis.InstansiDiagnosisApi.as_view(), name="instansi_diagnosis"),
    path("instansi/<int:pk>/massal/", apis.MassalApi.as_view(), name="massal"),
    path("massal/<int:pk>/", apis.BatchApi.as_view(), name="batch"),
]
