from django.urls import path

from . import views

app_name = "bantuan"
urlpatterns = [
    path("", views.tiket_saya, name="tiket_saya"),
    path("tiket/baru/", views.tiket_baru, name="tiket_baru"),
    path("tiket/<int:pk>/", views.tiket_detail, name="tiket_detail"),
    path("tiket/<int:pk>/balas/", views.tiket_balas, name="tiket_balas"),
    path("tiket/<int:pk>/status/", views.tiket_status, name="tiket_status"),
    path("tiket/<int:pk>/lampiran/<slug:jenis>/", views.tiket_lampiran, name="tiket_lampiran"),
    path("antrean/", views.antrean, name="antrean"),
]
