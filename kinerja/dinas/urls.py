from django.urls import path, re_path

from . import views

app_name = "dinas"
urlpatterns = [
    path("", views.beranda, name="beranda"),
    path("akses/", views.akses_page, name="akses"),
    path("akses/tinjauan/", views.tinjauan, name="tinjauan"),
    path("akses/tinjauan/<int:pk>/setujui/", views.tinjauan_setujui, name="tinjauan_setujui"),
    path("akses/tinjauan/<int:pk>/tolak/", views.tinjauan_tolak, name="tinjauan_tolak"),
    path("akses/kode-referral/", views.referral, name="referral"),
    path("akses/kode-referral/<int:pk>/cabut/", views.referral_cabut, name="referral_cabut"),
    path("dashboard/", views.nasional, name="nasional"),
    path("dashboard/provinsi/<str:kode>/", views.provinsi, name="provinsi"),
    path("dashboard/kabupaten/<str:kode>/", views.kabupaten, name="kabupaten"),
    path("dashboard/kabupaten/<str:kode>/pegawai/", views.pegawai_list, name="pegawai_list"),
    path("dashboard/sekolah/<str:npsn>/", views.sekolah, name="sekolah"),
    path("dashboard/pegawai/<int:ptk_id>/", views.pegawai, name="pegawai"),
    path(
        "dashboard/nasional/sekolah/",
        views.sekolah_list,
        {"tingkat": "nasional"},
        name="sekolah_list_nasional",
    ),
    re_path(
        r"^dashboard/(?P<tingkat>provinsi|kabupaten)/(?P<kode>[^/]+)/sekolah/$",
        views.sekolah_list,
        name="sekolah_list",
    ),
    re_path(
        r"^ekspor/(?P<jenis>sekolah|pegawai)/(?P<tingkat>nasional|provinsi|kabupaten|sekolah)/(?P<kode>[^/]+)\.(?P<fmt>csv|xlsx)$",
        views.ekspor_view,
        name="ekspor",
    ),
    path("rekap/segarkan/", views.rekap_segarkan, name="rekap_segarkan"),
]
