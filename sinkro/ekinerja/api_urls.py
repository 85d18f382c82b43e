"""The mock e-Kinerja HTTP API, mounted at /ekinerja/api/ (contract: sinkro/ekinerja/API.md)."""

from django.urls import path

from . import apis

urlpatterns = [
    path("v1/skp/sinkron/", apis.SkpSyncApi.as_view(), name="ekinerja_api_sinkron"),
    path("v1/skp/diagnosa/", apis.SkpDiagnoseApi.as_view(), name="ekinerja_api_diagnosa"),
    path("v1/skp/diagnosa-massal/", apis.SkpBulkDiagnoseApi.as_view(), name="ekinerja_api_diagnosa_massal"),
    path("v1/skp/status/", apis.SkpStatusApi.as_view(), name="ekinerja_api_status"),
]
