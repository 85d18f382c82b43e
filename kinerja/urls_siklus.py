"""Pages (/kinerja/, namespace "kinerja") and API (/api/v1/kinerja/) of the performance cycle."""

from django.urls import path

from .apis import dinas as api_dinas
from .apis import pelaksanaan as api_pelaksanaan
from .apis import penilaian as api_penilaian
from .apis import perencanaan as api_perencanaan
from .views import beranda, dinas, pelaksanaan, penilaian, perencanaan

urlpatterns: list = [
    path("", beranda.beranda, name="beranda"),
    path("rencana/mulai/", beranda.rencana_mulai, name="rencana_mulai"),
    path("rencana/<int:pk>/", perencanaan.rencana, name="rencana"),
    path("rencana/<int:pk>/langkah/<int:n>/", perencanaan.langkah, name="langkah"),
    path("rencana/<int:pk>/ekspektasi/", perencanaan.ekspektasi, name="ekspektasi"),
    path("rencana/<int:pk>/riwayat/", perencanaan.riwayat, name="riwayat"),
    path("rencana/<int:pk>/observasi/", pelaksanaan.observasi, name="observasi"),
    path("rencana/<int:pk>/bukti/", pelaksanaan.bukti, name="bukti"),
    path("rencana/<int:pk>/penilaian/", penilaian.penilaian_form, name="penilaian"),
    path("rencana/<int:pk>/predikat/", penilaian.predikat_saya, name="predikat"),
    path("rencana/<int:pk>/predikat.pdf", penilaian.pdf, name="pdf"),
    path("bukti/<int:pk>/unduh/", pelaksanaan.bukti_unduh, name="bukti_unduh"),
    path("sekolah/<int:sid>/dokumen/", pelaksanaan.dokumen_sekolah, name="dokumen_sekolah"),
    path("dokumen/<int:pk>/unduh/", pelaksanaan.dokumen_unduh, name="dokumen_unduh"),
    path("sekolah/<int:sid>/persetujuan/", penilaian.persetujuan, name="persetujuan"),
    path("sekolah/<int:sid>/penilaian/", penilaian.daftar_penilaian, name="penilaian_daftar"),
    path("sekolah/<int:sid>/kirim/", penilaian.kirim, name="kirim"),
    path("sekolah/<int:sid>/tetapkan/", penilaian.tetapkan, name="tetapkan"),
    path("dinas/sekolah/", dinas.dinas_sekolah, name="dinas_sekolah"),
    path("dinas/rencana/", dinas.dinas_rencana, name="dinas_rencana"),
    path("pengawas/", dinas.pengawas, name="pengawas"),
]

api_urlpatterns: list = [
    path("beranda/", api_perencanaan.BerandaApi.as_view(), name="api_kinerja_beranda"),
    path("rencana/", api_perencanaan.RencanaListApi.as_view(), name="api_kinerja_rencana_list"),
    path("rencana/<int:pk>/", api_perencanaan.RencanaDetailApi.as_view(), name="api_kinerja_rencana"),
    path(
        "rencana/<int:pk>/indikator/",
        api_perencanaan.IndikatorApi.as_view(),
        name="api_kinerja_rencana_indikator",
    ),
    path("rencana/<int:pk>/rhk/", api_perencanaan.RhkApi.as_view(), name="api_kinerja_rencana_rhk"),
    path(
        "rencana/<int:pk>/tugas-tambahan/",
        api_perencanaan.TugasTambahanApi.as_view(),
        name="api_kinerja_rencana_tugas",
    ),
    path(
        "rencana/<int:pk>/perilaku/",
        api_perencanaan.PerilakuApi.as_view(),
        name="api_kinerja_rencana_perilaku",
    ),
    path(
        "rencana/<int:pk>/transisi/",
        api_perencanaan.RencanaTransisiApi.as_view(),
        name="api_kinerja_rencana_transisi",
    ),
    path(
        "rencana/<int:pk>/ekspektasi/",
        api_perencanaan.EkspektasiApi.as_view(),
        name="api_kinerja_rencana_ekspektasi",
    ),
    path(
        "rencana/<int:pk>/delegasi/",
        api_perencanaan.DelegasiApi.as_view(),
        name="api_kinerja_rencana_delegasi",
    ),
    path(
        "rencana/<int:pk>/delegasi/pengawas/",
        api_perencanaan.DelegasiPengawasApi.as_view(),
        name="api_kinerja_rencana_delegasi_pengawas",
    ),
    path(
        "rencana/<int:pk>/riwayat/", api_perencanaan.RiwayatApi.as_view(), name="api_kinerja_rencana_riwayat"
    ),
    path("rencana/<int:pk>/observasi/", api_pelaksanaan.ObservasiApi.as_view(), name="api_kinerja_observasi"),
    path(
        "rencana/<int:pk>/observasi/transisi/",
        api_pelaksanaan.ObservasiTransisiApi.as_view(),
        name="api_kinerja_observasi_transisi",
    ),
    path("rencana/<int:pk>/bukti/", api_pelaksanaan.BuktiListApi.as_view(), name="api_kinerja_bukti_list"),
    path("bukti/<int:pk>/", api_pelaksanaan.BuktiDetailApi.as_view(), name="api_kinerja_bukti"),
    path("bukti/<int:pk>/unduh/", api_pelaksanaan.BuktiUnduhApi.as_view(), name="api_kinerja_bukti_unduh"),
    path(
        "sekolah/<int:sid>/dokumen/", api_pelaksanaan.DokumenSekolahApi.as_view(), name="api_kinerja_dokumen"
    ),
    path(
        "dokumen/<int:pk>/unduh/", api_pelaksanaan.DokumenUnduhApi.as_view(), name="api_kinerja_dokumen_unduh"
    ),
    path("rencana/<int:pk>/penilaian/", api_penilaian.PenilaianApi.as_view(), name="api_kinerja_penilaian"),
    path(
        "rencana/<int:pk>/penilaian/tetapkan/",
        api_penilaian.PenilaianKadisTetapkanApi.as_view(),
        name="api_kinerja_penilaian_tetapkan",
    ),
    path(
        "rencana/<int:pk>/penilaian/pdf/",
        api_penilaian.PenilaianPdfApi.as_view(),
        name="api_kinerja_penilaian_pdf",
    ),
    path(
        "sekolah/<int:sid>/persetujuan/",
        api_penilaian.PersetujuanApi.as_view(),
        name="api_kinerja_persetujuan",
    ),
    path(
        "sekolah/<int:sid>/penilaian/",
        api_penilaian.DaftarPenilaianApi.as_view(),
        name="api_kinerja_penilaian_daftar",
    ),
    path("sekolah/<int:sid>/kirim/", api_penilaian.KirimApi.as_view(), name="api_kinerja_kirim"),
    path("sekolah/<int:sid>/tetapkan/", api_penilaian.TetapkanApi.as_view(), name="api_kinerja_tetapkan"),
    path("dinas/sekolah/", api_dinas.DinasSekolahApi.as_view(), name="api_kinerja_dinas_sekolah"),
    path(
        "dinas/sekolah/<int:sid>/predikat-organisasi/",
        api_dinas.PredikatOrganisasiApi.as_view(),
        name="api_kinerja_predikat_organisasi",
    ),
    path("dinas/rencana/", api_dinas.DinasRencanaApi.as_view(), name="api_kinerja_dinas_rencana"),
    path("pengawas/rencana/", api_dinas.PengawasRencanaApi.as_view(), name="api_kinerja_pengawas_rencana"),
]
