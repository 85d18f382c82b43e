from django.urls import path

from . import apis_akses, views_akses

urlpatterns: list = [
    path("akses/", views_akses.akses, name="akses"),
]
api_urlpatterns: list = [
    path("akses/", apis_akses.AksesApi.as_view(), name="api_kinerja_akses"),
]
