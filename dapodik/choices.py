"""Dapodik reference values (REFERENCE.md §5, seed 000)."""

from django.db import models


class Jenjang(models.TextChoices):
    KB = "KB", "KB/PAUD"
    TK = "TK", "TK"
    SD = "SD", "SD"
    SMP = "SMP", "SMP"
    SMA = "SMA", "SMA"
    SMK = "SMK", "SMK"
    SLB = "SLB", "SLB"


class StatusSekolah(models.TextChoices):
    NEGERI = "negeri", "Negeri"
    SWASTA = "swasta", "Swasta"


class JenisKelamin(models.TextChoices):
    LAKI_LAKI = "L", "Laki-laki"
    PEREMPUAN = "P", "Perempuan"


class JenisPTK(models.TextChoices):
    GURU_MAPEL = "guru_mapel", "Guru Mapel"
    GURU_KELAS = "guru_kelas", "Guru Kelas"
    GURU_BK = "guru_bk", "Guru BK"
    GURU_PENGGANTI = "guru_pengganti", "Guru Pengganti"
    GURU_TIK = "guru_tik", "Guru TIK"
    GURU_PENDAMPING = "guru_pendamping", "Guru Pendamping"
    GURU_PENDAMPING_KHUSUS = "guru_pendamping_khusus", "Guru Pendamping Khusus"
    GURU_PEMBIMBING_KHUSUS = "guru_pembimbing_khusus", "Guru Pembimbing Khusus"
    PLAY_GROUP_TEACHER = "play_group_teacher", "Play Group Teacher"
    KINDERGARTEN_TEACHER = "kindergarten_teacher", "Kindergarten Teacher"
    KEPALA_SEKOLAH = "kepala_sekolah", "Kepala Sekolah"
    GURU_INKLUSI = "guru_inklusi", "Guru Inklusi"
    GURU_MAGANG = "guru_magang", "Guru Magang"
    TENAGA_ADMINISTRASI = "tenaga_administrasi", "Tenaga Administrasi Sekolah"
    LABORAN = "laboran", "Laboran"
    PUSTAKAWAN = "pustakawan", "Pustakawan"
    LAINNYA = "lainnya", "Lainnya"


# Seed 000: the jenis PTK (jenis GTK) that may open Pengelolaan Kinerja.
JENIS_PTK_PENGELOLAAN_KINERJA = frozenset(
    {
        JenisPTK.GURU_MAPEL,
        JenisPTK.GURU_KELAS,
        JenisPTK.GURU_BK,
        JenisPTK.GURU_PENGGANTI,
        JenisPTK.GURU_TIK,
        JenisPTK.GURU_PENDAMPING,
        JenisPTK.GURU_PENDAMPING_KHUSUS,
        JenisPTK.GURU_PEMBIMBING_KHUSUS,
        JenisPTK.PLAY_GROUP_TEACHER,
        JenisPTK.KINDERGARTEN_TEACHER,
        JenisPTK.KEPALA_SEKOLAH,
    }
)


class StatusKepegawaian(models.TextChoices):
    PNS = "pns", "PNS"
    PNS_DIPERBANTUKAN = "pns_diperbantukan", "PNS Diperbantukan"
    PNS_DEPAG = "pns_depag", "PNS DEPAG"
    CPNS = "cpns", "CPNS"
    PPPK = "pppk", "PPPK"
    GTY_PTY = "gty_pty", "GTY/PTY"
    GTT_PTT_PROVINSI = "gtt_ptt_provinsi", "GTT/PTT Provinsi"
    GTT_PTT_KABKOTA = "gtt_ptt_kabkota", "GTT/PTT Kabupaten/Kota"
    GURU_BANTU_PUSAT = "guru_bantu_pusat", "Guru Bantu Pusat"
    GURU_HONOR_SEKOLAH = "guru_honor_sekolah", "Guru Honor Sekolah"
    TENAGA_HONOR_SEKOLAH = "tenaga_honor_sekolah", "Tenaga Honor Sekolah"
    LAINNYA = "lainnya", "Lainnya"


# Seed 003, error #7: the statuses e-Kinerja accepts as ASN.
STATUS_ASN_SINKRO = frozenset(
    {
        StatusKepegawaian.PNS,
        StatusKepegawaian.PPPK,
        StatusKepegawaian.CPNS,
        StatusKepegawaian.PNS_DIPERBANTUKAN,
    }
)
# Statuses whose identifier is an 18-digit NIP PNS (PPPK carry an NI PPPK instead).
STATUS_NIP_PNS = frozenset(
    {
        StatusKepegawaian.PNS,
        StatusKepegawaian.CPNS,
        StatusKepegawaian.PNS_DIPERBANTUKAN,
        StatusKepegawaian.PNS_DEPAG,
    }
)
STATUS_BERNIP = STATUS_NIP_PNS | {StatusKepegawaian.PPPK}


class JenisPenugasan(models.TextChoices):
    DEFINITIF = "definitif", "Kepala Sekolah definitif"
    PLT = "plt", "Plt. Kepala Sekolah"


class StatusVerval(models.TextChoices):
    DISETUJUI = "disetujui", "Disetujui"
    DITOLAK = "ditolak", "Ditolak"
