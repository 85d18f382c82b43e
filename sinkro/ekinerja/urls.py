"""Pages of the mock e-Kinerja, mounted at /ekinerja/ (namespace "ekinerja")."""

from django.urls import path

from . import views

app_name = "ekinerja"

_i = "instansi/<int:instansi_id>/"

urlpatterns = [
    path("", views.beranda, name="beranda"),
    path("saya/", views.saya, name="saya"),
    path("saya/skp/tambah/", views.saya_skp_tambah, name="saya_skp_tambah"),
    path("gangguan/", views.gangguan, name="gangguan"),
    path(_i, views.instansi_home, name="instansi"),
    path(_i + "unor/", views.unor_list, name="unor_list"),
    path(_i + "unor/<str:unor_id>/", views.unor_edit, name="unor_edit"),
    path(_i + "pegawai/", views.pegawai_list, name="pegawai_list"),
    path(_i + "pegawai/<int:pk>/", views.pegawai_detail, name="pegawai_detail"),
    path(_i + "pegawai/<int:pk>/pindah/", views.pegawai_move, name="pegawai_move"),
    path(_i + "pegawai/<int:pk>/hapus/", views.pegawai_remove, name="pegawai_remove"),
    path(_i + "user-pmm/", views.user_pmm_list, name="user_pmm_list"),
    path(_i + "user-pmm/<int:pk>/hapus/", views.user_pmm_remove, name="user_pmm_remove"),
    path(_i + "plt/", views.plt_list, name="plt_list"),
    path(_i + "plt/<int:pk>/hapus/", views.plt_remove, name="plt_remove"),
    path(_i + "periode/", views.periode_list, name="periode_list"),
    path(_i + "periode/<int:pk>/buka-tutup/", views.periode_toggle, name="periode_toggle"),
    path(_i + "api-key/", views.api_key_list, name="api_key_list"),
    path(_i + "api-key/<int:pk>/cabut/", views.api_key_revoke, name="api_key_revoke"),
    path(_i + "log/", views.log_list, name="log_list"),
    path(_i + "log/<int:pk>/", views.log_detail, name="log_detail"),
]
