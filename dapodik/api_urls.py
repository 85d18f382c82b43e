from django.urls import path

from . import apis

urlpatterns = [
    path("sekolah/", apis.SekolahListApi.as_view(), name="api_dapodik_sekolah_list"),
    path("sekolah/<int:pk>/", apis.SekolahDetailApi.as_view(), name="api_dapodik_sekolah_detail"),
    path("sekolah/<int:pk>/kepala/", apis.KepalaApi.as_view(), name="api_dapodik_kepala"),
    path("kepala/<int:pk>/akhiri/", apis.KepalaEndApi.as_view(), name="api_dapodik_kepala_end"),
    path("ptk/", apis.PtkListApi.as_view(), name="api_dapodik_ptk_list"),
    path("ptk/<int:pk>/", apis.PtkDetailApi.as_view(), name="api_dapodik_ptk_detail"),
    path("ptk/<int:pk>/mutasi/", apis.PtkMutasiApi.as_view(), name="api_dapodik_ptk_mutasi"),
    path("ptk/<int:pk>/verval/", apis.PtkVervalApi.as_view(), name="api_dapodik_ptk_verval"),
    path("verval/", apis.VervalListApi.as_view(), name="api_dapodik_verval_list"),
]
