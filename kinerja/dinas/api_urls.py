from django.urls import path

from . import apis

urlpatterns = [
    path("akses/", apis.AksesApi.as_view(), name="api_dinas_akses"),
    path("akses/pengajuan/", apis.PengajuanApi.as_view(), name="api_dinas_pengajuan"),
    path("akses/pengajuan/<int:pk>/setujui/", apis.PengajuanSetujuiApi.as_view(), name="api_dinas_setujui"),
    path("akses/pengajuan/<int:pk>/tolak/", apis.PengajuanTolakApi.as_view(), name="api_dinas_tolak"),
    path("akses/kode-referral/", apis.KodeReferralApi.as_view(), name="api_dinas_referral"),
    path("wilayah/", apis.WilayahApi.as_view(), name="api_dinas_wilayah"),
    path("dashboard/", apis.DashboardApi.as_view(), name="api_dinas_dashboard"),
    path("sekolah/", apis.SekolahListApi.as_view(), name="api_dinas_sekolah_list"),
    path("sekolah/<str:npsn>/", apis.SekolahDetailApi.as_view(), name="api_dinas_sekolah"),
    path("pegawai/", apis.PegawaiListApi.as_view(), name="api_dinas_pegawai_list"),
    path("pegawai/<int:ptk_id>/", apis.PegawaiDetailApi.as_view(), name="api_dinas_pegawai"),
    path("rekap/segarkan/", apis.RekapSegarkanApi.as_view(), name="api_dinas_rekap_segarkan"),
]
