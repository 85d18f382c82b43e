"""The e-Kinerja side of the Sinkro cases of the Bimtek scenario (the cases: ``sinkro/bimtek.py``).

Registered as named breakages (``Kerusakan``) of the mock's seeding, so they run after the healthy
SIASN/e-Kinerja population, in the same transaction, every time ``seed_ekinerja_bimtek`` runs. The
first one applies the PMM side of the cases (``sinkro.bimtek.terapkan_pmm``): the mock may use PMM
code, never the other way round.

Before the breakages, the principals of the case schools get the SKP Organisasi they would have
after syncing (the guru cases then succeed once fixed); its Praktik Kinerja RHK carries the code
PMM gives it (``KS-<npsn>-<tahun><semester>-PK``, sinkro/payload.py) so a guru's RHK can link to it.
"""

from django.utils import timezone

from pmm import clock
from sinkro import bimtek as kasus

from . import services
from .bimtek import Kerusakan, Populasi, kerusakan_register
from .models import Pegawai, Peran, Periode, PltRegistrasi, Rhk, Skp, Sumber, Unor, UserPmm

KAB, PROV = "kab", "prov"


def _periode_kini(instansi) -> Periode:
    today = clock.today()
    periode, _ = Periode.objects.get_or_create(
        instansi=instansi, tahun=today.year, semester=1 if today.month <= 6 else 2, defaults={"dibuka": True}
    )
    return periode


def _pns(pop: Populasi, kode: str):
    return pop.pns_by_key[kasus.pegawai_kasus(kasus.BY_KODE[kode], pop.scenario).key]


def _pegawai(pns) -> Pegawai:
    return Pegawai.objects.get(pns=pns)


def _unor(pop: Populasi, nama_sekolah: str) -> Unor:
    return pop.unor_by_npsn[kasus._sekolah(pop.scenario, nama_sekolah).npsn]


def _skp_organisasi(pop: Populasi, nama_sekolah: str, *, dengan_rhk: bool = True) -> Skp:
    kepala = pop.pns_by_key[kasus.kepala_of(pop.scenario, nama_sekolah).key]
    unor = _unor(pop, nama_sekolah)
    periode = _periode_kini(unor.instansi)
    now = clock.now()
    skp, _ = Skp.objects.update_or_create(
        pegawai=_pegawai(kepala),
        periode=periode,
        peran=Peran.KEPALA_SEKOLAH,
        defaults={
            "unor": unor,
            "atasan_nip": "",
            "atasan_nama": "",
            "is_organisasi": True,
            "sumber": Sumber.PMM,
            "disepakati": dengan_rhk,
            "idempotency_key": "",
            "dibuat_pada": now,
            "diperbarui_pada": now,
        },
    )
    Rhk.objects.filter(skp=skp).delete()
    if dengan_rhk:
        kode = f"KS-{unor.npsn}-{periode.tahun}{periode.semester}"
        Rhk.objects.bulk_create(
            [
                Rhk(
                    skp=skp,
                    kode=f"{kode}-PK",
                    jenis="praktik_kinerja",
                    uraian="Praktik Kinerja Kepala Sekolah",
                    urutan=1,
                ),
                Rhk(
                    skp=skp,
                    kode=f"{kode}-KOM-PK-01",
                    jenis="pengembangan_kompetensi",
                    uraian="Pengembangan Kompetensi: pelatihan mandiri",
                    urutan=2,
                ),
            ]
        )
    return skp


def pmm_side(pop: Populasi) -> None:
    kasus.terapkan_pmm(pop.scenario)


def skp_organisasi(pop: Populasi) -> None:
    for nama in kasus.SEKOLAH_SKP_ORGANISASI:
        _skp_organisasi(pop, nama)


def e01_bukan_user_pmm(pop):
    pns = _pns(pop, "e01_bukan_user_pmm")
    UserPmm.objects.filter(instansi_id=pns.instansi_id, nip=pns.nip).delete()


def e03_unor_nonaktif(pop):
    Unor.objects.filter(pk=_unor(pop, kasus.SD1_BAMGI).pk).update(aktif_siasn=False)


def e04_kondisi_a(pop):
    Unor.objects.filter(pk=_unor(pop, kasus.TK_PEMBINA).pk).update(nama=kasus.NAMA_UNOR_TK)


def e04_kondisi_c(pop):
    pns = _pns(pop, "e04_kondisi_c")
    unor = _unor(pop, kasus.SD2_MINYAMUR)
    periode = _periode_kini(unor.instansi)
    pns.unor, pns.tanggal_unor = unor, kasus.tanggal_pindah(periode.tahun, periode.semester)
    pns.save(update_fields=["unor", "tanggal_unor"])
    Pegawai.objects.filter(pns=pns).update(unor=unor)


def e05_tanpa_unor_atasan(pop):
    Unor.objects.filter(pk=_unor(pop, kasus.SMP_EDERA).pk).update(diatasan=None)


def e06_kunci_dicabut(pop):
    instansi = pop.instansi[PROV]
    key, _ = services.api_key_create(
        instansi=instansi, nama="Integrasi PMM (kunci lama)", raw=kasus.kunci_lama(instansi.kode)
    )
    services.api_key_revoke(api_key=key)


def e08_periode_ditutup(pop):
    periode = _periode_kini(pop.instansi[PROV])
    Periode.objects.filter(pk=periode.pk).update(dibuka=False)


def e09_gangguan_500(pop):
    services.gangguan_set(mode="500", persen=100, nip=_pns(pop, "e09_gangguan_500").nip)


def e10_pns_id_belum_padan(pop):
    pns = _pns(pop, "e10_pns_id_belum_padan")
    # SIASN's NIK differs from Dukcapil's in the last digits (a typo on BKN's side).
    for suffix in range(9999, 0, -1):
        nik = f"{pns.nik[:12]}{suffix:04d}"
        if nik != pns.nik and not type(pns).objects.filter(nik=nik).exists():
            type(pns).objects.filter(pk=pns.pk).update(nik=nik)
            return


def e11_belum_pegawai(pop):
    Pegawai.objects.filter(pns=_pns(pop, "e11_belum_pegawai")).delete()


def e12_unor_skp_lama(pop):
    pegawai = _pegawai(_pns(pop, "e12_unor_skp_lama"))
    lama = _unor(pop, kasus.SD1_MINYAMUR)
    now = clock.now()
    skp, _ = Skp.objects.update_or_create(
        pegawai=pegawai,
        periode=_periode_kini(lama.instansi),
        peran=Peran.GURU,
        defaults={
            "unor": lama,
            "is_organisasi": False,
            "sumber": Sumber.PMM,
            "disepakati": True,
            "dibuat_pada": now,
            "diperbarui_pada": now,
        },
    )
    Rhk.objects.filter(skp=skp).delete()
    Rhk.objects.create(skp=skp, kode="LAMA-PK", uraian="RHK dari sinkron di unor lama", urutan=1)


def e15_tanpa_skp_organisasi(pop):
    kepala = pop.pns_by_key[kasus.kepala_of(pop.scenario, kasus.SMP_CITAK).key]
    unor = _unor(pop, kasus.SMP_CITAK)
    Skp.objects.filter(pegawai__pns=kepala, periode=_periode_kini(unor.instansi)).delete()


def e16_atasan_beda(pop):
    lain = pop.pns_by_key[kasus.guru_asn(pop.scenario, kasus.SMP_ASSUE)[1].key]
    Unor.objects.filter(pk=_unor(pop, kasus.SMP_ASSUE).pk).update(pemimpin=lain)


def e17_rhk_tidak_terkait(pop):
    _skp_organisasi(pop, kasus.SMP_VENAHA, dengan_rhk=False)


def e18_plt_tidak_tercatat(pop):
    pns = _pns(pop, "e18_plt_tidak_tercatat")
    unor = _unor(pop, kasus.SD2_ASSUE)
    PltRegistrasi.objects.get_or_create(
        pns=pns, unor=unor, defaults={"instansi": unor.instansi, "ditambahkan_pada": timezone.now()}
    )


def e19_plt_belum_terdaftar(pop):
    PltRegistrasi.objects.filter(pns=_pns(pop, "e19_plt_belum_terdaftar")).delete()


def e20_jumlah_plt_beda(pop):
    PltRegistrasi.objects.filter(
        pns=_pns(pop, "e20_jumlah_plt_beda"), unor=_unor(pop, kasus.SD2_EDERA)
    ).delete()


_LANGKAH = (
    ("pmm", "PMM", "Sisi PMM: rencana, kesalahan Dapodik, kunci instansi", pmm_side),
    ("skp_organisasi", "", "SKP Organisasi kepala sekolah yang sudah sinkron", skp_organisasi),
    ("e01_bukan_user_pmm", "E01", "NIP tidak ada di User PMM", e01_bukan_user_pmm),
    ("e03_unor_nonaktif", "E03", "unor SD Negeri 1 Bamgi tidak aktif di SIASN", e03_unor_nonaktif),
    ("e04_kondisi_a", "E04", "nama unor TK berbeda (Kondisi A)", e04_kondisi_a),
    ("e04_kondisi_c", "E04", "unor SIASN lebih baru (Kondisi C)", e04_kondisi_c),
    ("e05_tanpa_unor_atasan", "E05", "unor SMP Negeri 1 Edera tanpa atasan", e05_tanpa_unor_atasan),
    ("e06_kunci_dicabut", "E06", "kunci lama provinsi dicabut", e06_kunci_dicabut),
    ("e08_periode_ditutup", "E08", "periode provinsi ditutup", e08_periode_ditutup),
    ("e09_gangguan_500", "E09", "gangguan 500 untuk satu NIP", e09_gangguan_500),
    ("e10_pns_id_belum_padan", "E10", "NIK SIASN berbeda", e10_pns_id_belum_padan),
    ("e11_belum_pegawai", "E11", "belum pegawai e-Kinerja", e11_belum_pegawai),
    ("e12_unor_skp_lama", "E12", "SKP dengan unor lama", e12_unor_skp_lama),
    (
        "e15_tanpa_skp_organisasi",
        "E15",
        "kepala SMP Negeri 1 Citak Mitak belum sinkron",
        e15_tanpa_skp_organisasi,
    ),
    ("e16_atasan_beda", "E16", "pemimpin unor SMP Negeri 1 Assue bukan kepala sekolah", e16_atasan_beda),
    ("e17_rhk_tidak_terkait", "E17", "SKP Organisasi SMP Negeri 1 Venaha tanpa RHK", e17_rhk_tidak_terkait),
    (
        "e18_plt_tidak_tercatat",
        "E18",
        "Plt SD Negeri 2 Assue terdaftar di e-Kinerja saja",
        e18_plt_tidak_tercatat,
    ),
    ("e19_plt_belum_terdaftar", "E19", "registrasi Plt SMP Negeri 1 Haju dihapus", e19_plt_belum_terdaftar),
    ("e20_jumlah_plt_beda", "E20", "registrasi Plt SD Negeri 2 Edera dihapus", e20_jumlah_plt_beda),
)

for _kode, _error, _uraian, _fn in _LANGKAH:
    kerusakan_register(Kerusakan(kode_tokoh=_kode, error=_error, uraian=_uraian, terapkan=_fn))
