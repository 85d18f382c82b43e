from django.urls import path

from . import apis

urlpatterns = [
    path("tiket/", apis.TiketListCreateApi.as_view(), name="api_bantuan_tiket_list"),
    path("tiket/<int:pk>/", apis.TiketDetailApi.as_view(), name="api_bantuan_tiket_detail"),
    path("tiket/<int:pk>/balasan/", apis.TiketBalasanApi.as_view(), name="api_bantuan_tiket_balasan"),
    path("tiket/<int:pk>/status/", apis.TiketStatusApi.as_view(), name="api_bantuan_tiket_status"),
    path("antrean/", apis.AntreanApi.as_view(), name="api_bantuan_antrean"),
]
