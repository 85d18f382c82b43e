"""Reads of the performance cycle for pages, API and tasks. Each list runs a fixed number of queries
whatever the number of teachers or schools (tested with ``django_assert_max_num_queries``); access
is checked here so every caller gets the same answer (NotFound rather than a leak of another
school's data)."""

from dataclasses import dataclass, field

from django.db.models import Count, F, IntegerField, OuterRef, Prefetch, Q, Subquery, Sum, Value
from django.db.models.base import ModelState
from django.db.models.functions import Coalesce

from dapodik.choices import JENIS_PTK_PENGELOLAAN_KINERJA, JenisPenugasan, JenisPTK
from dapodik.models import PTK, Sekolah
from pmm import clock
from pmm.errors import Forbidden, NotFound
from pmm.roles import Role

from . import periods, predikat
from .catalogue import poin_status
from .models import (
    BuktiDukung,
    DokumenSekolah,
    EkspektasiKhusus,
    JalurAtasan,
    Penilaian,
    PenilaianSekolah,
    Peran,
    Periode,
    Rencana,
    RencanaRhk,
    RencanaTugasTambahan,
    Riwayat,
)
from .services import atasan as atasan_rules
from .transitions import (
    OBSERVASI,
    OBSERVASI_SIAP_DINILAI,
    PENILAIAN_SEKOLAH,
    RENCANA,
    StatusObservasi,
    StatusPenilaian,
    StatusPenilaianSekolah,
    StatusRencana,
)

# The jenis PTK that plan as teachers (seed 000 list without Kepala Sekolah).
JENIS_GURU = frozenset(JENIS_PTK_PENGELOLAAN_KINERJA - {JenisPTK.KEPALA_SEKOLAH})


def _total_poin():
    return Coalesce(
        Sum(F("rhk__poin") * F("rhk__jumlah"), output_field=IntegerField()),
        Value(0),
        output_field=IntegerField(),
    )


# ---------------------------------------------------------------------------------------------
# Why a teacher is missing from the principal's lists (seed 003 slide 30)


@dataclass(frozen=True)
class Alasan:
    tipe: str  # "A": not through Perencanaan; "B": not through Pelaksanaan
    langkah: tuple[str, ...]

    @property
    def judul(self) -> str:
        if self.tipe == "A":
            return "Tipe A: Perencanaan Kinerja belum tuntas"
        return "Tipe B: Pelaksanaan Kinerja belum dimulai"

    @property
    def pesan(self) -> str:
        return f"{self.judul}. Yang perlu diselesaikan: " + " ".join(
            f"{i}. {s}" for i, s in enumerate(self.langkah, 1)
        )

    def as_dict(self) -> dict:
        return {"tipe": self.tipe, "judul": self.judul, "langkah": list(self.langkah)}


_AJUKAN = (
    "Guru mengajukan Perencanaan Kinerja kepada atasan (di sekolah yang dipimpin Plt. Kepala Sekolah "
    "rencana disetujui otomatis)."
)
_PERBAIKI = "Guru memperbaiki rencana sesuai catatan atasan lalu mengajukannya kembali."
_SETUJUI = "Atasan (Kepala Sekolah definitif) menyetujui Perencanaan Kinerja yang diajukan."
_SEPAKATI = "Guru menyepakati Perencanaan Kinerja yang telah disetujui."
_PERSIAPAN = "Guru mengisi Dokumen Persiapan observasi."
_JADWAL = "Guru memilih jadwal observasi yang telah disepakati bersama atasan."


def alasan_perencanaan(rencana) -> Alasan | None:
    """Type A: which of submitted / approved / agreed is missing (None when agreed)."""
    status = rencana.status if rencana is not None else StatusRencana.DRAFT
    if status == StatusRencana.DISEPAKATI:
        return None
    langkah = {
        StatusRencana.DRAFT: (_AJUKAN, _SETUJUI, _SEPAKATI),
        StatusRencana.DIKEMBALIKAN: (_PERBAIKI, _SETUJUI, _SEPAKATI),
        StatusRencana.DIAJUKAN: (_SETUJUI, _SEPAKATI),
        StatusRencana.DISETUJUI: (_SEPAKATI,),
    }[status]
    return Alasan("A", langkah)


def alasan_belum_dinilai(rencana, observasi) -> Alasan | None:
    """Why a teacher is not (yet) in the rating list: type A, then type B (preparation document and
    observation schedule). None when the teacher can be rated."""
    a = alasan_perencanaan(rencana)
    if a is not None:
        return a
    if observasi is None or observasi.status not in OBSERVASI_SIAP_DINILAI:
        langkah = []
        if observasi is None or not observasi.dokumen_persiapan:
            langkah.append(_PERSIAPAN)
        if observasi is None or observasi.jadwal is None:
            langkah.append(_JADWAL)
        return Alasan("B", tuple(langkah or (_PERSIAPAN, _JADWAL)))
    return None


# ---------------------------------------------------------------------------------------------
# Home (teacher, principal as pegawai, Plt)


_LANGKAH_RENCANA = {
    StatusRencana.DRAFT: "Lengkapi lima langkah Perencanaan Kinerja lalu ajukan kepada atasan.",
    StatusRencana.DIAJUKAN: "Menunggu persetujuan atasan.",
    StatusRencana.DIKEMBALIKAN: "Perbaiki rencana sesuai catatan atasan lalu ajukan kembali.",
    StatusRencana.DISETUJUI: "Sepakati Perencanaan Kinerja yang telah disetujui atasan.",
}
_LANGKAH_OBSERVASI = {
    StatusObservasi.BELUM: "Isi Diskusi Persiapan dan jadwalkan observasi bersama atasan.",
    StatusObservasi.TERJADWAL: "Observasi kelas terjadwal; jadwal masih dapat diubah.",
    StatusObservasi.DIOBSERVASI: "Isi catatan Diskusi Tindak Lanjut.",
    StatusObservasi.TINDAK_LANJUT: "Laksanakan tindak lanjut lalu isi Refleksi Tindak Lanjut.",
    StatusObservasi.SELESAI: "Menunggu penilaian atasan.",
}


@dataclass
class RingkasanRencana:
    rencana: Rencana
    total_poin: int
    observasi_status: str
    observasi_label: str
    jadwal_observasi: object
    predikat: str  # shown only once fixed
    predikat_label: str
    langkah_berikut: str

    @property
    def peran_label(self) -> str:
        return self.rencana.get_peran_display()

    @property
    def status_label(self) -> str:
        return self.rencana.get_status_display()


@dataclass
class Beranda:
    periode: object
    tahap: str
    tahap_label: str
    timeline: list
    rencana: list[RingkasanRencana]
    bisa_dibuat: list[tuple[str, int, str]] = field(default_factory=list)  # (peran, sekolah_id, label)
    # Plans of an earlier period still being rated in an extended Penilaian window.
    rencana_penilaian: list[RingkasanRencana] = field(default_factory=list)


def _ringkas(r: Rencana) -> RingkasanRencana:
    obs = getattr(r, "observasi", None)
    pen = getattr(r, "penilaian", None)
    obs_status = obs.status if obs is not None else StatusObservasi.BELUM
    ditetapkan = pen is not None and pen.status == StatusPenilaian.DITETAPKAN
    if ditetapkan:
        langkah = f"Predikat kinerja Anda: {pen.get_predikat_display()}."
    elif r.status != StatusRencana.DISEPAKATI:
        langkah = _LANGKAH_RENCANA[r.status]
    else:
        langkah = _LANGKAH_OBSERVASI[obs_status]
    return RingkasanRencana(
        rencana=r,
        total_poin=r.total_poin or 0,
        observasi_status=obs_status,
        observasi_label=OBSERVASI.status(obs_status).label,
        jadwal_observasi=obs.jadwal if obs is not None else None,
        predikat=pen.predikat if ditetapkan else "",
        predikat_label=pen.get_predikat_display() if ditetapkan else "",
        langkah_berikut=langkah,
    )


# What the home page and its API read of each plan (the period whole, for the timeline).
_KOLOM_BERANDA = (
    "id",
    "periode_id",
    "ptk_id",
    "sekolah_id",
    "peran",
    "status",
    "sekolah__id",
    "sekolah__npsn",
    "sekolah__nama",
    "observasi__id",
    "observasi__rencana_id",
    "observasi__status",
    "observasi__jadwal",
    "penilaian__id",
    "penilaian__rencana_id",
    "penilaian__status",
    "penilaian__predikat",
    *(f"periode__{f.name}" for f in Periode._meta.concrete_fields),
)


def beranda(*, actor, day=None) -> Beranda:
    """The home summary of a pegawai: period, stage, timeline, and each of their plans with its
    status, observation status and fixed predikat, and the plans of an earlier period whose
    Penilaian window is still open (2 queries: clock, plans with their period; the period alone when
    there is no plan of the current one)."""
    day = day or clock.today()
    tahun, semester = periods.semester_of(day)
    dimuat = []
    if actor.ptk is not None:
        # The period comes with the plans: the home page is the most visited page of the cycle
        # (bench pages: teacher home ≤ 3× a trivial view), so it saves the query where it can.
        # An earlier period whose Penilaian window was extended past its end comes along in the same
        # query: its predikat may be fixed while the calendar is already in the next semester.
        dimuat = list(
            Rencana.objects.filter(
                Q(periode__tahun=tahun, periode__semester=semester)
                | Q(periode__penilaian_mulai__lte=day, periode__penilaian_selesai__gte=day),
                ptk=actor.ptk,
            )
            .select_related("periode", "sekolah", "observasi", "penilaian")
            .only(*_KOLOM_BERANDA)
            .annotate(total_poin=_poin_subquery())  # None without RHK: _ringkas reads it as 0
            .order_by("peran", "sekolah__nama")
        )
    sekarang = [r for r in dimuat if (r.periode.tahun, r.periode.semester) == (tahun, semester)]
    terlambat = [r for r in dimuat if (r.periode.tahun, r.periode.semester) != (tahun, semester)]
    periode = sekarang[0].periode if sekarang else periods.periode_for_date(day, create=False)
    tahap = periods.tahap_on(periode, day)
    rencana = [_ringkas(r) for r in sekarang]
    ada = {(x.rencana.peran, x.rencana.sekolah_id) for x in rencana}
    bisa = []
    if actor.ptk is not None:
        if actor.has(Role.GURU):
            bisa.append((Peran.GURU, actor.ptk.sekolah_id, "Rencana kinerja sebagai Guru"))
        for sid in sorted(actor.sekolah_ids(Role.KEPALA_SEKOLAH)):
            bisa.append((Peran.KEPALA_SEKOLAH, sid, "Rencana kinerja sebagai Kepala Sekolah"))
        for sid in sorted(actor.sekolah_ids(Role.PLT_KEPALA_SEKOLAH)):
            bisa.append((Peran.PLT_KEPALA_SEKOLAH, sid, "Rencana kinerja sebagai Plt. Kepala Sekolah"))
    bisa = [b for b in bisa if (b[0], b[1]) not in ada]
    return Beranda(
        periode=periode,
        tahap=tahap,
        tahap_label=periods.Tahap(tahap).label,
        timeline=periods.timeline(periode, day),
        rencana=rencana,
        bisa_dibuat=bisa,
        rencana_penilaian=[_ringkas(r) for r in terlambat],
    )


# ---------------------------------------------------------------------------------------------
# Principal's lists


@dataclass
class BarisGuru:
    ptk: PTK
    rencana: "RencanaBaris | None"  # light rows, see _rencana_baris
    observasi: "ObservasiBaris | None"
    penilaian: "PenilaianBaris | None"
    total_poin: int
    alasan: Alasan | None

    @property
    def status_rencana(self) -> str:
        return self.rencana.status if self.rencana is not None else ""

    @property
    def status_rencana_label(self) -> str:
        return self.rencana.get_status_display() if self.rencana is not None else "Belum membuat rencana"


@dataclass
class DaftarGuru:
    sekolah: Sekolah
    periode: object
    jalur: str  # JalurAtasan of the school's teachers (KEPALA_SEKOLAH or PLT_OTOMATIS)
    muncul: list[BarisGuru]
    belum_muncul: list[BarisGuru]
    penilaian_sekolah: PenilaianSekolah | None = None
    dalam_jadwal: bool = False
    batas: list = field(default_factory=list)  # kinerja.predikat.Batas for the predikat organisasi

    @property
    def perlu_persetujuan(self) -> list[BarisGuru]:
        return [b for b in self.muncul if b.status_rencana == StatusRencana.DIAJUKAN]

    @property
    def status_sekolah(self) -> str:
        return self.penilaian_sekolah.status if self.penilaian_sekolah else StatusPenilaianSekolah.DRAFT

    @property
    def boleh_kirim(self) -> bool:
        return self.dalam_jadwal and PENILAIAN_SEKOLAH.boleh("kirim", self.status_sekolah)

    @property
    def boleh_tetapkan(self) -> bool:
        return self.dalam_jadwal and PENILAIAN_SEKOLAH.boleh("tetapkan", self.status_sekolah)


def _sekolah_kepala_require(actor, sekolah) -> tuple[Sekolah, dict[str, int]]:
    """The school's principal or Plt (today) only; returns the school and ``{jenis: ptk_id}`` of its
    open principal assignments (1 query: the school comes with the assignments)."""
    from dapodik.models import PenugasanKepalaSekolah
    from pmm.actors import open_assignment_q

    sekolah_id = getattr(sekolah, "pk", sekolah)
    if sekolah_id not in actor.sekolah_ids(Role.KEPALA_SEKOLAH, Role.PLT_KEPALA_SEKOLAH):
        raise Forbidden(
            "Daftar ini hanya untuk Kepala Sekolah sekolah tersebut.", code="bukan_kepala_sekolah"
        )
    penugasan = list(
        PenugasanKepalaSekolah.objects.filter(open_assignment_q(clock.today()), sekolah_id=sekolah_id)
        .select_related("sekolah")
        .order_by("tanggal_mulai", "id")
    )
    kepala = {p.jenis: p.ptk_id for p in penugasan}
    if isinstance(sekolah, Sekolah):
        return sekolah, kepala
    if penugasan:
        return penugasan[0].sekolah, kepala
    return Sekolah.objects.get(pk=sekolah_id), kepala


# The principal's lists load a whole school (bench pages: 200 teachers). Their rows are read with
# value queries of only the columns the lists show and kept in the light row objects below, not in
# model instances: building the Rencana/Observasi/Penilaian instances with select_related cost ~40 µs
# per teacher, several times the page's whole budget. The PTK stay model instances (only() columns).


@dataclass(slots=True)
class ObservasiBaris:
    """An observation as the lists read it (``kinerja.models.Observasi`` columns of the same names)."""

    pk: int
    status: str
    jadwal: object
    dokumen_persiapan: str

    def get_status_display(self) -> str:
        return StatusObservasi(self.status).label


@dataclass(slots=True)
class PenilaianBaris:
    """A rating as the lists read it (``kinerja.models.Penilaian`` columns of the same names)."""

    pk: int
    status: str
    rating_hasil_kerja: str
    rating_perilaku: str
    predikat: str
    catatan: str
    dikirim_pada: object
    ditetapkan_pada: object

    @property
    def lengkap(self) -> bool:
        return bool(self.rating_hasil_kerja and self.rating_perilaku)

    def get_status_display(self) -> str:
        return StatusPenilaian(self.status).label

    def get_predikat_display(self) -> str:
        return predikat.Predikat(self.predikat).label if self.predikat else ""

    def get_rating_hasil_kerja_display(self) -> str:
        return predikat.Rating(self.rating_hasil_kerja).label if self.rating_hasil_kerja else ""

    def get_rating_perilaku_display(self) -> str:
        return predikat.Rating(self.rating_perilaku).label if self.rating_perilaku else ""


@dataclass(slots=True)
class IndikatorBaris:
    pk: int
    nama: str


@dataclass(slots=True)
class RencanaBaris:
    """A teacher's plan as the lists read it (``kinerja.models.Rencana`` columns of the same names)."""

    pk: int
    ptk_id: int
    status: str
    indikator_id: int | None
    indikator: IndikatorBaris | None
    diajukan_pada: object
    total_poin: int
    observasi: ObservasiBaris | None
    penilaian: PenilaianBaris | None

    @property
    def id(self) -> int:
        return self.pk

    def get_status_display(self) -> str:
        return StatusRencana(self.status).label


_KOLOM_PTK = tuple(
    f.attname
    for f in PTK._meta.concrete_fields
    if f.attname in {"id", "nama", "nip", "sekolah_id", "jenis_ptk"}
)


def _ptk_ringan(db: str, row) -> PTK:
    """A PTK instance holding only the list's columns, made without Model.__init__, which walks every
    field and runs the foreign-key descriptors (~8 µs per teacher, the largest Python cost of a
    200-teacher list). The other fields are deferred, exactly as with ``only()``; no signal listens
    to PTK's init."""
    obj = PTK.__new__(PTK)
    obj.__dict__.update(zip(_KOLOM_PTK, row, strict=True))
    state = obj._state = ModelState()
    state.adding, state.db = False, db
    return obj


def _guru_sekolah(sekolah, kepala_ids) -> list[PTK]:
    db = PTK.objects.db
    rows = (
        PTK.objects.filter(sekolah=sekolah, jenis_ptk__in=JENIS_GURU)
        .exclude(pk__in=kepala_ids)
        .order_by("nama", "pk")
        .values_list(*_KOLOM_PTK)
    )
    return [_ptk_ringan(db, row) for row in rows]


def _poin_subquery():
    # A correlated subquery rather than the GROUP BY of _total_poin: grouping the list's wide rows
    # (texts included) costs the database more than one index lookup per plan.
    per_rencana = (
        RencanaRhk.objects.filter(rencana=OuterRef("pk"))
        .values("rencana")
        .annotate(total=Sum(F("poin") * F("jumlah")))
        .values("total")[:1]
    )
    return Subquery(per_rencana, output_field=IntegerField())


def _rencana_baris(qs) -> list[RencanaBaris]:
    """The plans of ``qs`` with their indicator, observation, rating and points (1 query)."""
    rows = qs.values_list(
        "id",
        "ptk_id",
        "status",
        "indikator_id",
        "indikator__nama",
        "diajukan_pada",
        "observasi__id",
        "observasi__status",
        "observasi__jadwal",
        "observasi__dokumen_persiapan",
        "penilaian__id",
        "penilaian__status",
        "penilaian__rating_hasil_kerja",
        "penilaian__rating_perilaku",
        "penilaian__predikat",
        "penilaian__catatan",
        "penilaian__dikirim_pada",
        "penilaian__ditetapkan_pada",
    ).annotate(total_poin=_poin_subquery())
    indikator: dict[int, IndikatorBaris] = {}
    hasil = []
    for row in rows:
        pk, ptk_id, status, ind_id, ind_nama, diajukan = row[:6]
        obs, pen, poin = row[6:10], row[10:18], row[18]
        ind = None
        if ind_id is not None:
            ind = indikator.get(ind_id) or indikator.setdefault(ind_id, IndikatorBaris(ind_id, ind_nama))
        hasil.append(
            RencanaBaris(
                pk,
                ptk_id,
                status,
                ind_id,
                ind,
                diajukan,
                poin or 0,
                ObservasiBaris(*obs) if obs[0] is not None else None,
                PenilaianBaris(*pen) if pen[0] is not None else None,
            )
        )
    return hasil


def _daftar_guru(actor, sekolah, periode, *, untuk_penilaian: bool) -> DaftarGuru:
    sekolah, kepala = _sekolah_kepala_require(actor, sekolah)
    if periode is None:
        # Planning reads the calendar's semester; rating the period whose Penilaian window is open
        # (a window extended past its period's end keeps the old period in the list). One query.
        periode = periods.periode_penilaian() if untuk_penilaian else periods.periode_current(create=False)
    kepala_ids = set(kepala.values())
    guru = _guru_sekolah(sekolah, kepala_ids)
    rencana: dict[int, RencanaBaris] = {}
    if periode.pk is not None:
        rencana = {
            r.ptk_id: r
            for r in _rencana_baris(
                Rencana.objects.filter(sekolah=sekolah, periode=periode, peran=Peran.GURU).exclude(
                    ptk_id__in=kepala_ids
                )
            )
        }
    muncul, belum = [], []
    for ptk in guru:
        r = rencana.get(ptk.pk)
        obs = getattr(r, "observasi", None) if r is not None else None
        pen = getattr(r, "penilaian", None) if r is not None else None
        if untuk_penilaian:
            alasan = alasan_belum_dinilai(r, obs)
        else:
            alasan = alasan_perencanaan(r) if r is None or r.status == StatusRencana.DRAFT else None
        baris = BarisGuru(ptk, r, obs, pen, getattr(r, "total_poin", 0) or 0, alasan)
        (belum if alasan is not None else muncul).append(baris)
    jalur = JalurAtasan.KEPALA_SEKOLAH if JenisPenugasan.DEFINITIF in kepala else JalurAtasan.PLT_OTOMATIS
    return DaftarGuru(sekolah, periode, jalur, muncul, belum)


def daftar_persetujuan(*, actor, sekolah, periode=None) -> DaftarGuru:
    """The principal's Perencanaan list: teachers whose plan was submitted (with its status; the
    ones to approve in ``perlu_persetujuan``) and the teachers missing, each with its type A
    explanation. Constant number of queries."""
    return _daftar_guru(actor, sekolah, periode, untuk_penilaian=False)


def daftar_penilaian(*, actor, sekolah, periode=None) -> DaftarGuru:
    """The principal's Penilaian list: ratable teachers (plan agreed, observation prepared and
    scheduled) with their ratings, the missing ones with type A/B, the school's sending/predikat
    state and the distribution thresholds for its Predikat Kinerja Organisasi. Without ``periode``,
    the period being rated today (``periods.periode_penilaian``), as the Penilaian services."""
    daftar = _daftar_guru(actor, sekolah, periode, untuk_penilaian=True)
    if daftar.periode.pk is not None:
        daftar.penilaian_sekolah = PenilaianSekolah.objects.filter(
            sekolah=daftar.sekolah, periode=daftar.periode
        ).first()
        daftar.dalam_jadwal = periods.dalam_jadwal(daftar.periode, periods.Kelompok.PENILAIAN)
    ps = daftar.penilaian_sekolah
    if ps is not None and ps.predikat_organisasi:
        n = sum(1 for b in daftar.muncul if b.penilaian is not None and b.penilaian.predikat)
        daftar.batas = predikat.batas_distribusi(ps.predikat_organisasi, n)
    return daftar


# ---------------------------------------------------------------------------------------------
# Kepala Dinas and Pengawas


@dataclass
class BarisSekolah:
    sekolah: Sekolah
    status: str
    status_label: str
    predikat_organisasi: str
    predikat_organisasi_label: str
    jumlah_dinilai: int
    jumlah_dikirim: int
    jumlah_ditetapkan: int
    boleh_diberi_predikat: bool


def daftar_sekolah_kepala_dinas(*, actor, periode=None) -> list[BarisSekolah]:
    """The Kepala Dinas' schools (of their instansi) with what each has sent and its Predikat
    Kinerja Organisasi (3 queries whatever the number of schools, and the period's when none is
    given: then the period being rated today, ``periods.periode_penilaian``)."""
    instansi = actor.instansi_ids(Role.KEPALA_DINAS)
    if not instansi:
        raise Forbidden("Daftar ini hanya untuk Kepala Dinas Pendidikan.", code="bukan_kepala_dinas")
    periode = periode or periods.periode_penilaian()
    sekolah = list(Sekolah.objects.filter(instansi_id__in=instansi).order_by("nama", "pk"))
    status, hitung = {}, {}
    if periode.pk is not None:
        status = {
            ps.sekolah_id: ps
            for ps in PenilaianSekolah.objects.filter(periode=periode, sekolah__instansi_id__in=instansi)
        }
        hitung = {
            row["rencana__sekolah_id"]: row
            for row in Penilaian.objects.filter(
                rencana__periode=periode,
                rencana__peran=Peran.GURU,
                rencana__sekolah__instansi_id__in=instansi,
            )
            .exclude(predikat="")
            .values("rencana__sekolah_id")
            .annotate(
                dinilai=Count("pk"),
                dikirim=Count("pk", filter=Q(status=StatusPenilaian.DIKIRIM)),
                ditetapkan=Count("pk", filter=Q(status=StatusPenilaian.DITETAPKAN)),
            )
        }
    hasil = []
    dalam_jadwal = periode.pk is not None and periods.dalam_jadwal(periode, periods.Kelompok.PENILAIAN)
    for s in sekolah:
        ps = status.get(s.pk)
        st = ps.status if ps else StatusPenilaianSekolah.DRAFT
        org = ps.predikat_organisasi if ps else ""
        h = hitung.get(s.pk, {})
        hasil.append(
            BarisSekolah(
                sekolah=s,
                status=st,
                status_label=StatusPenilaianSekolah(st).label,
                predikat_organisasi=org,
                predikat_organisasi_label=predikat.PredikatOrganisasi(org).label if org else "",
                jumlah_dinilai=h.get("dinilai", 0),
                jumlah_dikirim=h.get("dikirim", 0),
                jumlah_ditetapkan=h.get("ditetapkan", 0),
                boleh_diberi_predikat=dalam_jadwal and PENILAIAN_SEKOLAH.boleh("predikat_organisasi", st),
            )
        )
    return hasil


def daftar_rencana_kepala_dinas(*, actor, periode=None) -> list[Rencana]:
    """Plans the Kepala Dinas approves and rates: principals', Plt's, and a Plt's own guru plan
    (submitted ones; 1 query). Without ``periode``, the calendar's semester: the list serves the
    approvals of Perencanaan; during a Penilaian window extended past its period's end the page
    links the period still being rated (``views.dinas``)."""
    instansi = actor.instansi_ids(Role.KEPALA_DINAS)
    if not instansi:
        raise Forbidden("Daftar ini hanya untuk Kepala Dinas Pendidikan.", code="bukan_kepala_dinas")
    periode = periode or periods.periode_current(create=False)
    if periode.pk is None:
        return []
    return list(
        Rencana.objects.filter(periode=periode, sekolah__instansi_id__in=instansi)
        .filter(~Q(peran=Peran.GURU) | Q(jalur_atasan=JalurAtasan.KEPALA_DINAS))
        .exclude(status=StatusRencana.DRAFT)
        .select_related("ptk", "sekolah", "indikator", "observasi", "penilaian", "pengawas")
        .order_by("sekolah__nama", "ptk__nama")
    )


def daftar_delegasi_pengawas(*, actor, periode=None) -> list[Rencana]:
    """Plans whose observation a Kepala Dinas delegated to this Pengawas (1 query)."""
    if not actor.has(Role.PENGAWAS) or actor.user is None:
        raise Forbidden("Daftar ini hanya untuk Pengawas Sekolah.", code="bukan_pengawas")
    periode = periode or periods.periode_current(create=False)
    if periode.pk is None:
        return []
    return list(
        Rencana.objects.filter(periode=periode, pengawas=actor.user)
        .select_related("ptk", "sekolah", "indikator", "observasi")
        .order_by("sekolah__nama", "ptk__nama")
    )


# ---------------------------------------------------------------------------------------------
# One plan


@dataclass
class DetailRencana:
    rencana: Rencana
    atasan: object  # services.atasan.Atasan or None
    adalah_pemilik: bool
    adalah_penilai: bool
    adalah_pengamat: bool
    total_poin: int

    @property
    def poin(self):
        return poin_status(self.total_poin)

    @property
    def tindakan_rencana(self) -> list[str]:
        return [t.kode for t in RENCANA.tersedia(self.rencana.status)]

    @property
    def kekurangan(self) -> list[str]:
        """Step 5 (Rangkuman): what is still missing before the plan can be submitted."""
        from .services.perencanaan import kekurangan

        return kekurangan(self.rencana)

    @property
    def alasan_belum_dinilai(self) -> Alasan | None:
        return alasan_belum_dinilai(self.rencana, getattr(self.rencana, "observasi", None))

    @property
    def ekspektasi(self) -> list[EkspektasiKhusus]:
        """The atasan's "ekspektasi khusus" per BerAKHLAK value, in catalogue order (prefetched)."""
        return list(self.rencana.ekspektasi_khusus.all())

    @property
    def boleh_isi_ekspektasi(self) -> bool:
        """The atasan writes them while reviewing the submitted plan (services.perencanaan)."""
        return self.adalah_penilai and self.rencana.status == StatusRencana.DIAJUKAN


def _rencana_access(actor, r: Rencana, atasan) -> tuple[bool, bool, bool]:
    pemilik = actor.ptk is not None and actor.ptk.pk == r.ptk_id
    penilai = atasan_rules.is_penilai(actor, r, atasan)
    pengamat = penilai or atasan_rules.is_pengawas_delegasi(actor, r, atasan)
    if not (pemilik or pengamat or actor.is_trainer):
        # Another school's plan is not confirmed to exist.
        raise NotFound("Rencana kinerja tidak ditemukan.")
    return pemilik, penilai, pengamat


def rencana_detail(*, actor, rencana_id) -> DetailRencana:
    """A plan with everything its pages show (steps, observation, evidence, rating), for its owner,
    its atasan, the delegated Pengawas or a trainer."""
    try:
        r = (
            Rencana.objects.select_related(
                "periode",
                "ptk",
                "sekolah",
                "sekolah__kabupaten",
                "indikator",
                "observasi",
                "penilaian",
                "pengawas",
            )
            .prefetch_related(
                Prefetch("rhk", queryset=RencanaRhk.objects.select_related("rhk").prefetch_related("bukti")),
                Prefetch(
                    "tugas_tambahan",
                    queryset=RencanaTugasTambahan.objects.select_related("tugas").prefetch_related("bukti"),
                ),
                "indikator__fokus_perilaku",
                Prefetch(
                    "ekspektasi_khusus",
                    queryset=EkspektasiKhusus.objects.select_related("nilai", "diisi_oleh"),
                ),
            )
            .get(pk=int(rencana_id))
        )
    except (Rencana.DoesNotExist, TypeError, ValueError):
        raise NotFound("Rencana kinerja tidak ditemukan.") from None
    atasan = atasan_rules.atasan_of_rencana(r)
    pemilik, penilai, pengamat = _rencana_access(actor, r, atasan)
    total = sum(x.total_poin for x in r.rhk.all())
    return DetailRencana(r, atasan, pemilik, penilai, pengamat, total)


def riwayat_rencana(*, actor, rencana_id) -> list[Riwayat]:
    """The history of a plan, oldest first (same access as the plan; 1 query after the check)."""
    try:
        r = Rencana.objects.select_related("sekolah").get(pk=int(rencana_id))
    except (Rencana.DoesNotExist, TypeError, ValueError):
        raise NotFound("Rencana kinerja tidak ditemukan.") from None
    _rencana_access(actor, r, atasan_rules.atasan_of_rencana(r))
    return list(Riwayat.objects.filter(rencana=r).select_related("oleh").order_by("pada", "id"))


# ---------------------------------------------------------------------------------------------
# Files


def bukti_for_download(*, actor, bukti_id) -> BuktiDukung:
    try:
        bukti = BuktiDukung.objects.select_related("rencana", "rencana__sekolah").get(pk=int(bukti_id))
    except (BuktiDukung.DoesNotExist, TypeError, ValueError):
        raise NotFound("Bukti dukung tidak ditemukan.") from None
    r = bukti.rencana
    try:
        _rencana_access(actor, r, atasan_rules.atasan_of_rencana(r))
    except NotFound:
        raise NotFound("Bukti dukung tidak ditemukan.") from None
    return bukti


def _boleh_baca_dokumen_sekolah(actor, sekolah) -> bool:
    if actor.is_trainer:
        return True
    if actor.ptk is not None and actor.ptk.sekolah_id == sekolah.pk:
        return True
    if sekolah.pk in actor.sekolah_ids(Role.KEPALA_SEKOLAH, Role.PLT_KEPALA_SEKOLAH):
        return True
    return sekolah.instansi_id is not None and sekolah.instansi_id in actor.instansi_ids(Role.KEPALA_DINAS)


def dokumen_sekolah_list(*, actor, sekolah=None, periode=None) -> list[DokumenSekolah]:
    """KOSP and Rangkuman Kehadiran Guru of a school for the period: its teachers, its principal or
    Plt and its Kepala Dinas may read them. ``sekolah`` defaults to the actor's own school."""
    if sekolah is None:
        if actor.ptk is None:
            raise NotFound("Sekolah tidak ditemukan.")
        sekolah = actor.ptk.sekolah
    if not _boleh_baca_dokumen_sekolah(actor, sekolah):
        raise NotFound("Sekolah tidak ditemukan.")
    periode = periode or periods.periode_current(create=False)
    if periode.pk is None:
        return []
    return list(
        DokumenSekolah.objects.filter(sekolah=sekolah, periode=periode).select_related("diunggah_oleh")
    )


def dokumen_sekolah_for_download(*, actor, dokumen_id) -> DokumenSekolah:
    try:
        dok = DokumenSekolah.objects.select_related("sekolah").get(pk=int(dokumen_id))
    except (DokumenSekolah.DoesNotExist, TypeError, ValueError):
        raise NotFound("Dokumen tidak ditemukan.") from None
    if not _boleh_baca_dokumen_sekolah(actor, dok.sekolah):
        raise NotFound("Dokumen tidak ditemukan.")
    return dok


# ---------------------------------------------------------------------------------------------
# Reads of the cycle pages (home of a principal, delegation choices)


@dataclass
class SekolahDipimpin:
    sekolah: Sekolah
    peran: str  # Role.KEPALA_SEKOLAH or Role.PLT_KEPALA_SEKOLAH
    perlu_persetujuan: int


def sekolah_dipimpin(*, actor, periode=None) -> list[SekolahDipimpin]:
    """The schools the actor leads today (definitif or Plt) with the number of teachers' plans
    waiting for approval (2 queries whatever the number of schools)."""
    definitif = actor.sekolah_ids(Role.KEPALA_SEKOLAH)
    plt = actor.sekolah_ids(Role.PLT_KEPALA_SEKOLAH)
    ids = definitif | plt
    if not ids:
        return []
    periode = periode or periods.periode_current(create=False)
    menunggu = {}
    if periode.pk is not None:
        menunggu = dict(
            Rencana.objects.filter(
                sekolah_id__in=ids, periode=periode, peran=Peran.GURU, status=StatusRencana.DIAJUKAN
            )
            .exclude(ptk=actor.ptk)
            .values("sekolah_id")
            .annotate(n=Count("pk"))
            .values_list("sekolah_id", "n")
        )
    return [
        SekolahDipimpin(
            s,
            Role.KEPALA_SEKOLAH if s.pk in definitif else Role.PLT_KEPALA_SEKOLAH,
            menunggu.get(s.pk, 0),
        )
        for s in Sekolah.objects.filter(pk__in=ids).order_by("nama", "pk")
    ]


def pengawas_pilihan(sekolah) -> list:
    """Pengawas users whose granted scope covers the school (``atasan.pengawas_covers``; 1 query)."""
    from pmm.models import User, UserRole

    cakupan = Q(sekolah_id=sekolah.pk) | Q(kabupaten_id=sekolah.kabupaten_id)
    if sekolah.instansi_id is not None:
        cakupan |= Q(instansi_id=sekolah.instansi_id)
    cakupan |= Q(provinsi_id=sekolah.kabupaten.provinsi_id)
    user_ids = UserRole.objects.filter(cakupan, role=Role.PENGAWAS).values("user_id")
    return list(User.objects.filter(pk__in=user_ids, is_active=True).order_by("nama", "email"))


def rencana_saya(*, actor) -> list[Rencana]:
    """Every plan of the actor's PTK, newest period first (1 query)."""
    if actor.ptk is None:
        return []
    return list(
        Rencana.objects.filter(ptk=actor.ptk)
        .select_related("ptk", "sekolah", "periode", "observasi", "penilaian", "pengawas")
        .order_by("-periode__tahun", "-periode__semester", "peran", "sekolah__nama")
    )


def penilaian_sekolah_get(*, sekolah, periode=None) -> PenilaianSekolah | None:
    """The school's sending/predikat state; without ``periode``, of the period being rated today
    (``periods.periode_penilaian``), the one the Penilaian services default to."""
    periode = periode or periods.periode_penilaian()
    if periode.pk is None:
        return None
    return PenilaianSekolah.objects.filter(sekolah=sekolah, periode=periode).first()


def rencana_akses(*, actor, rencana_id) -> Rencana:
    """The plan when the actor may read it (owner, atasan, delegated Pengawas, trainer), otherwise
    NotFound: the pages and the API check this before a change, so a refusal never names another
    school's principal (3 queries)."""
    try:
        r = Rencana.objects.select_related("sekolah", "sekolah__kabupaten").get(pk=int(rencana_id))
    except (Rencana.DoesNotExist, TypeError, ValueError):
        raise NotFound("Rencana kinerja tidak ditemukan.") from None
    _rencana_access(actor, r, atasan_rules.atasan_of_rencana(r))
    return r
