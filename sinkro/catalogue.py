"""The 20 Sinkro PMM error messages (DESIGN.md §4, seed 003 slides 48–65) as data.

Shared by both sides of the sync: PMM (preflight, client, pages) and the mock e-Kinerja. It imports
nothing from either, so PMM may read it without reaching the mock.

Each entry carries the exact message e-Kinerja shows (English ones are English in e-Kinerja too),
who sees it, why it arises *in this simulator*, the Tindak Lanjut of seed 003, who must act, whether
a retry can help, and its place in ONE fixed pipeline (``PIPELINE``): the first failure stops a sync,
and a preflight diagnosis lists every failure in that order.

Pipeline order and why:

- PMM checks its own data first, before anything is sent: #7 (status kepegawaian: nothing else
  matters for a non-ASN), #2 (a plan exists and is not a draft), #14 (the plan is approved and
  agreed, so it has RHK), #18 (Sinkro data PLT PMM needs a Plt plan).
- e-Kinerja then checks the call (#6 API key, #9 injected 500/timeout/outage: a transport failure
  hides every data check), the period (#8), who the pegawai is (#10 no PNS ID at all, then #1 NIP
  differs from SIASN or not in the User PMM list, then #11 not added as pegawai), the unor (#3
  inactive, #4 school vs unor, #5 no parent unor), the atasan (#16), the Plt registrations (#19, #20),
  the existing SKP (#12, which needs a confirmation, so it comes after every data check that a
  confirmation cannot fix), and, for a guru, the principal's SKP Organisasi (#15, #17).
- #13 is outside the pipeline: it arises only on e-Kinerja's own hand-made "Tambah SKP" page.

Timeouts: a call that gets no answer within the client timeout is reported as ``E09T``, a sibling of
#9 with the same Tindak Lanjut (report to Helpdesk BKN) and the same retry policy. An injected outage
answers HTTP 503 with the code and message of #9: e-Kinerja's own page shows every server failure
as #9, so the catalogue keeps one entry for them.
"""

from dataclasses import dataclass, field
from enum import StrEnum


class Aktor(StrEnum):
    """Who must act to make an error disappear."""

    PEGAWAI = "Pegawai"
    KEPALA_SEKOLAH = "Kepala Sekolah"
    OPERATOR_SEKOLAH = "Operator Sekolah"
    ADMIN_INSTANSI = "Admin Instansi"
    HELPDESK_BKN = "Helpdesk BKN"
    PUSAT_BANTUAN = "Pusat Bantuan PMM"
    # The BKN-side faults of the simulator are injected by a trainer, who clears them.
    PELATIH = "Pelatih"


class Sisi(StrEnum):
    """Which system detects the error."""

    PMM = "pmm"  # PMM's preflight, before anything is sent
    EKINERJA = "ekinerja"  # the e-Kinerja API, on a sync or a diagnosis
    EKINERJA_MANUAL = "ekinerja_manual"  # e-Kinerja's hand-made SKP page (#13 only)


# Who sees a message (pmm.roles.Role values, so PMM can match them to the actor's roles).
GURU = "guru"
KEPALA_SEKOLAH = "kepala_sekolah"
PLT = "plt_kepala_sekolah"
ADMIN_INSTANSI = "admin_instansi"

# The sync roles (peran) a check applies to.
PERAN_SEMUA = (GURU, KEPALA_SEKOLAH, PLT)

BKN_SUPPORT_URL = "https://support-siasn.bkn.go.id/"


@dataclass(frozen=True)
class Kondisi:
    """One of the ways an error arises, when they call for different actors (#1, #4)."""

    kode: str
    uraian: str
    aktor: Aktor
    peringatan: bool = False  # a warning only: logged, the sync continues (#4 Kondisi A)


@dataclass(frozen=True)
class SinkroError:
    number: int
    code: str
    message: str
    audience: tuple[str, ...]
    cause: str
    steps: tuple[str, ...]
    actors: tuple[Aktor, ...]
    side: Sisi
    applies_to: tuple[str, ...] = PERAN_SEMUA
    retried: bool = False
    needs_confirmation: bool = False
    http_status: int | None = None  # the status the e-Kinerja API answers with; None on PMM's side
    kondisi: tuple[Kondisi, ...] = field(default_factory=tuple)

    @property
    def position(self) -> int | None:
        """1-based place in the sync pipeline; None for #13, which no sync meets."""
        try:
            return PIPELINE.index(self.code) + 1
        except ValueError:
            return SIBLINGS_POSITION.get(self.code)

    @property
    def may_warn(self) -> bool:
        return any(k.peringatan for k in self.kondisi)

    @property
    def anchor(self) -> str:
        return self.code

    def kondisi_get(self, kode: str | None) -> Kondisi | None:
        return next((k for k in self.kondisi if k.kode == kode), None)

    def aktor_for(self, kondisi: str | None = None) -> Aktor:
        """The actor who must act on one occurrence (the kondisi's, else the first listed)."""
        k = self.kondisi_get(kondisi)
        return k.aktor if k else self.actors[0]

    def is_warning(self, kondisi: str | None = None) -> bool:
        k = self.kondisi_get(kondisi)
        return bool(k and k.peringatan)


_SEMUA_PEGAWAI = (GURU, KEPALA_SEKOLAH, PLT, ADMIN_INSTANSI)
_LAPOR_BKN = (
    "Pegawai mengambil tangkapan layar (screenshot) pesan error di e-Kinerja dan mencatat NIP serta "
    "waktu kejadian.",
    f"Pegawai mengirimkan tangkapan layar, NIP dan waktu kejadian ke Helpdesk BKN melalui {BKN_SUPPORT_URL}.",
)
_NIP_VERVAL = (
    "Pegawai memberikan NIP yang terdaftar di SIASN kepada Operator Sekolah.",
    "Operator Sekolah memperbarui NIP pegawai melalui Verval PTK agar sama dengan SIASN. Jika Verval "
    'PTK menjawab "data tidak sesuai dengan Dukcapil", perbaiki dulu identitas (nama, tanggal lahir) '
    "pegawai di Dapodik sesuai Dukcapil.",
)

ERRORS: tuple[SinkroError, ...] = (
    SinkroError(
        number=1,
        code="E01",
        message="Tombol sinkron PMM tidak muncul di e-Kinerja",
        audience=_SEMUA_PEGAWAI,
        cause=(
            "NIP pegawai di Dapodik/Verval PTK berbeda dengan NIP di SIASN (SIASN mengenal NIK pegawai "
            "dengan NIP lain), atau NIP pegawai belum dimasukkan ke daftar User PMM di e-Kinerja."
        ),
        steps=_NIP_VERVAL
        + (
            "Tunggu beberapa hari sampai NIP yang diperbarui tersinkron ke e-Kinerja, lalu coba lagi.",
            "Jika NIP sudah sama tetapi tombol sinkron PMM belum muncul, minta Admin Instansi (BKD) "
            'memasukkan NIP Anda sebagai pengguna PMM melalui menu "User PMM", lalu tekan tombol '
            "sinkron PMM.",
        ),
        actors=(Aktor.OPERATOR_SEKOLAH, Aktor.ADMIN_INSTANSI),
        side=Sisi.EKINERJA,
        http_status=422,
        kondisi=(
            Kondisi(
                "nip_beda", "NIP di Dapodik/Verval PTK berbeda dengan NIP di SIASN.", Aktor.OPERATOR_SEKOLAH
            ),
            Kondisi("bukan_user_pmm", "NIP belum ada di daftar User PMM e-Kinerja.", Aktor.ADMIN_INSTANSI),
        ),
    ),
    SinkroError(
        number=2,
        code="E02",
        message="Pegawai belum membuat SKP di PMM",
        audience=_SEMUA_PEGAWAI,
        cause="Belum ada rencana kinerja (SKP) di PMM untuk periode ini, atau rencananya masih draf.",
        steps=(
            "Pegawai melanjutkan perencanaan di PMM sampai rencana disetujui atasan dan disepakati.",
            "Dalam 1×24 jam setelah perencanaan selesai, coba lagi tombol Sinkron PMM.",
        ),
        actors=(Aktor.PEGAWAI,),
        side=Sisi.PMM,
    ),
    SinkroError(
        number=3,
        code="E03",
        message="Data Unit Kerja Pegawai tidak terdaftar di Referensi Unit Kerja",
        audience=_SEMUA_PEGAWAI,
        cause="Unit organisasi (unor) pegawai tidak aktif di e-Kinerja atau di SIASN.",
        steps=(
            "Admin Instansi memastikan unor pegawai berstatus aktif di e-Kinerja dan di SIASN (menu "
            "Manajemen Unor): sinkronisasi gagal jika salah satunya tidak aktif.",
            "Setelah perbaikan, pegawai atau Admin Instansi mencoba sinkron PMM lagi.",
        ),
        actors=(Aktor.ADMIN_INSTANSI,),
        side=Sisi.EKINERJA,
        http_status=422,
    ),
    SinkroError(
        number=4,
        code="E04",
        message="Nama Sekolah atau Nama Unor tidak sama dengan data PMM",
        audience=_SEMUA_PEGAWAI,
        cause=(
            "Sekolah pegawai di Dapodik tidak sama dengan unor pegawai di e-Kinerja. Kondisi A: NPSN sama, "
            'nomenklatur berbeda ("SD Negeri 4 Pagi" vs "SDN 4 Pagi"): hanya peringatan, sinkron '
            "berlanjut. Kondisi B: sekolah berbeda dan penugasan di Dapodik lebih baru dari perubahan unor "
            "terakhir di SIASN. Kondisi C: sekolah berbeda dan unor di SIASN lebih baru dari Dapodik."
        ),
        steps=(
            "Kondisi A: pegawai boleh melanjutkan sinkron. Admin Instansi melihat perbedaan nama di menu "
            "Log Sinkronisasi PMM lalu menyamakan nama unor di menu Manajemen Unor.",
            "Kondisi B: Admin Instansi memindahkan unor pegawai ke sekolah yang baru melalui menu Manajemen "
            "Pegawai, lalu sinkron PMM dicoba lagi.",
            "Kondisi C: pegawai melaporkan perpindahan sekolah kepada Operator Sekolah; Operator Sekolah "
            "memperbarui data sekolah pegawai di Dapodik, lalu sinkron PMM dicoba lagi.",
        ),
        actors=(Aktor.ADMIN_INSTANSI, Aktor.OPERATOR_SEKOLAH),
        side=Sisi.EKINERJA,
        http_status=422,
        kondisi=(
            Kondisi(
                "A",
                "NPSN sama, nama sekolah di Dapodik berbeda dengan nama unor (nomenklatur).",
                Aktor.ADMIN_INSTANSI,
                peringatan=True,
            ),
            Kondisi(
                "B",
                "Sekolah berbeda; penugasan di Dapodik lebih baru: unor pegawai belum diperbarui di e-Kinerja/SIASN.",
                Aktor.ADMIN_INSTANSI,
            ),
            Kondisi(
                "C",
                "Sekolah berbeda; unor di SIASN lebih baru: sekolah pegawai belum diperbarui di Dapodik.",
                Aktor.OPERATOR_SEKOLAH,
            ),
        ),
    ),
    SinkroError(
        number=5,
        code="E05",
        message="Unit Kerja atasan tidak ditemukan",
        audience=_SEMUA_PEGAWAI,
        cause="Unor pegawai di e-Kinerja tidak memiliki unit kerja atasan (unor induk, DiatasanId).",
        steps=(
            "Admin Instansi memeriksa bahwa setiap unor sekolah memiliki unit kerja atasan di menu Manajemen "
            "Unor.",
            "Admin Instansi menambahkan unit kerja atasan pada unor sekolah yang belum memilikinya.",
            "Setelah perbaikan, Admin Instansi mencoba lagi Sinkro PMM untuk memastikan data tersinkron.",
        ),
        actors=(Aktor.ADMIN_INSTANSI,),
        side=Sisi.EKINERJA,
        http_status=422,
    ),
    SinkroError(
        number=6,
        code="E06",
        message="xApiKey does not exists in whitelist",
        audience=_SEMUA_PEGAWAI,
        cause="Kunci API (x-api-key) yang dipakai PMM tidak ada, dicabut, atau tidak aktif di whitelist e-Kinerja.",
        steps=(
            "Pegawai mengambil tangkapan layar pesan error dan mencatat waktu kejadian.",
            f"Pegawai mengirimkan tangkapan layar dan waktu kejadian ke Helpdesk BKN melalui {BKN_SUPPORT_URL}; "
            "tim pengembang e-Kinerja menindaklanjuti.",
        ),
        actors=(Aktor.HELPDESK_BKN,),
        side=Sisi.EKINERJA,
        http_status=401,
    ),
    SinkroError(
        number=7,
        code="E07",
        message="Data status kepegawaian di PMM tidak terdaftar sebagai ASN",
        audience=_SEMUA_PEGAWAI,
        cause=("Status kepegawaian pegawai di Dapodik bukan PNS, PPPK, CPNS, atau PNS Diperbantukan."),
        steps=(
            "Pegawai memeriksa status kepegawaiannya di Dapodik.",
            "Pegawai meminta Operator Sekolah memperbarui status kepegawaian menjadi salah satu dari: PNS / "
            "PPPK / CPNS / PNS Diperbantukan.",
            "Setelah beberapa hari data diperbarui; coba lagi Sinkro PMM.",
            "Jika setelah 1 minggu Sinkro PMM belum dapat dilakukan, hubungi Pusat Bantuan PMM.",
        ),
        actors=(Aktor.OPERATOR_SEKOLAH, Aktor.PUSAT_BANTUAN),
        side=Sisi.PMM,
    ),
    SinkroError(
        number=8,
        code="E08",
        message="Unexpected period value",
        audience=_SEMUA_PEGAWAI,
        cause="Periode yang dikirim belum didefinisikan atau belum dibuka di Manajemen Periode e-Kinerja.",
        steps=_LAPOR_BKN,
        actors=(Aktor.HELPDESK_BKN,),
        side=Sisi.EKINERJA,
        http_status=422,
    ),
    SinkroError(
        number=9,
        code="E09",
        message="Request failed with status code 500",
        audience=_SEMUA_PEGAWAI,
        cause=(
            "e-Kinerja gagal memproses permintaan (di simulator: gangguan 500 atau layanan mati yang "
            "disuntikkan pelatih). Sinkron dicoba ulang otomatis; pesan ini muncul bila percobaan ulang habis."
        ),
        steps=_LAPOR_BKN,
        actors=(Aktor.HELPDESK_BKN, Aktor.PELATIH),
        side=Sisi.EKINERJA,
        retried=True,
        http_status=500,
    ),
    SinkroError(
        number=10,
        code="E10",
        message="Data PNS ID belum padan antara SIASN dengan PMM",
        audience=_SEMUA_PEGAWAI,
        cause=(
            "Sinkron diminta untuk pegawai PMM yang NIP-nya (dan NIK-nya) tidak cocok dengan PNS ID mana "
            "pun di SIASN."
        ),
        steps=_NIP_VERVAL
        + (
            "Tunggu beberapa hari sampai NIP yang diperbarui tersinkron ke e-Kinerja, lalu coba Sinkro PMM lagi.",
        ),
        actors=(Aktor.OPERATOR_SEKOLAH,),
        side=Sisi.EKINERJA,
        http_status=422,
    ),
    SinkroError(
        number=11,
        code="E11",
        message="JavaScript Error: Type Error : cannot read properties of undefined(reading 'unor_id')",
        audience=_SEMUA_PEGAWAI,
        cause="PNS ada di SIASN tetapi belum pernah ditambahkan sebagai pegawai di e-Kinerja instansinya.",
        steps=(
            "Pegawai memberi tahu Admin Instansi agar menambahkannya sebagai pegawai e-Kinerja (menu "
            "Manajemen Pegawai).",
        ),
        actors=(Aktor.ADMIN_INSTANSI,),
        side=Sisi.EKINERJA,
        http_status=422,
    ),
    SinkroError(
        number=12,
        code="E12",
        message="SKP yang ada memiliki Unor yang berbeda dengan Pegawai saat ini",
        audience=_SEMUA_PEGAWAI,
        cause=(
            "e-Kinerja sudah menyimpan SKP pegawai untuk periode dan peran ini dengan unor lain. Sinkron "
            'hanya berlanjut jika pengguna menekan "Tetap Lakukan Sinkro", yang menghapus SKP lama.'
        ),
        steps=(
            'Jika unor SKP sebelumnya salah, lanjutkan sinkron dengan menekan "Tetap Lakukan Sinkro".',
            'Jika unor SKP sebelumnya benar dan pegawai pindah ke unor baru, JANGAN menekan "Tetap Lakukan '
            'Sinkro" karena SKP tersebut akan terhapus: Admin Instansi memindahkan unor pegawai di e-Kinerja '
            "lebih dulu, lalu Sinkro PMM dilakukan setelah pemindahan berhasil.",
        ),
        actors=(Aktor.PEGAWAI, Aktor.ADMIN_INSTANSI),
        side=Sisi.EKINERJA,
        needs_confirmation=True,
        http_status=409,
    ),
    SinkroError(
        number=13,
        code="E13",
        message=(
            "Pengguna PMM tidak dapat menambah SKP setelah tahun 2023, silahkan buat SKP di PMM/sinkrodata PMM"
        ),
        audience=(GURU, KEPALA_SEKOLAH, PLT),
        cause=(
            "Pengguna PMM (NIP ada di daftar User PMM) mencoba menambah SKP secara manual di e-Kinerja untuk "
            "periode setelah tahun 2023."
        ),
        steps=(
            "SKP pengguna PMM hanya dibuat melalui sinkron data PMM: buat rencana di PMM lalu sinkron.",
            "Jika pegawai bukan pengguna PMM, ia menghubungi Admin e-Kinerja instansinya agar dihapus dari "
            "daftar User PMM.",
        ),
        actors=(Aktor.PEGAWAI, Aktor.ADMIN_INSTANSI),
        side=Sisi.EKINERJA_MANUAL,
        http_status=403,
    ),
    SinkroError(
        number=14,
        code="E14",
        message="Tidak ada RHK yang terdeteksi di PMM",
        audience=_SEMUA_PEGAWAI,
        cause="Rencana kinerja sudah diajukan tetapi belum disetujui atasan dan disepakati.",
        steps=("Pastikan SKP yang diajukan ke atasan sudah disetujui atasan dan disepakati.",),
        actors=(Aktor.PEGAWAI, Aktor.KEPALA_SEKOLAH),
        side=Sisi.PMM,
    ),
    SinkroError(
        number=15,
        code="E15",
        message="Data SKP Organisasi belum dibuat oleh atasan",
        audience=(GURU, ADMIN_INSTANSI),
        cause="SKP kepala sekolah (SKP Organisasi unor sekolah) untuk periode ini belum ada di e-Kinerja.",
        steps=(
            "Opsi A: Kepala Sekolah melakukan Sinkro PMM di e-Kinerja, berdasarkan informasi dari guru.",
            "Opsi B: Admin Instansi melakukan Sinkro PMM untuk kepala sekolah tersebut.",
            "Setelah Sinkro PMM kepala sekolah berhasil, guru atau Admin Instansi mencoba lagi Sinkro PMM guru.",
        ),
        actors=(Aktor.KEPALA_SEKOLAH, Aktor.ADMIN_INSTANSI),
        side=Sisi.EKINERJA,
        applies_to=(GURU,),
        http_status=422,
    ),
    SinkroError(
        number=16,
        code="E16",
        message="Atasan Pegawai tidak sama dengan data PMM",
        audience=_SEMUA_PEGAWAI,
        cause=(
            "Kepala sekolah menurut Dapodik/PMM berbeda dengan pemimpin unor (atasan) di e-Kinerja/SIASN."
        ),
        steps=(
            "Admin Instansi melihat perbedaan atasan di menu Log Sinkronisasi PMM.",
            "Admin Instansi memperbarui pemimpin (atasan) unor di e-Kinerja dan SIASN sesuai data PMM (menu "
            "Manajemen Unor).",
            "Admin Instansi melakukan Sinkro PMM untuk pegawai terkait.",
        ),
        actors=(Aktor.ADMIN_INSTANSI,),
        side=Sisi.EKINERJA,
        applies_to=(GURU, KEPALA_SEKOLAH),
        http_status=422,
    ),
    SinkroError(
        number=17,
        code="E17",
        message="Tidak ada RHK yang bisa dikaitkan",
        audience=(GURU, ADMIN_INSTANSI),
        cause=(
            "SKP Organisasi kepala sekolah di e-Kinerja tidak memiliki RHK yang dapat diintervensi oleh RHK "
            "guru (misalnya kepala sekolah sinkron sebelum rencananya disepakati)."
        ),
        steps=(
            "Opsi A: Kepala Sekolah melakukan Sinkro PMM lagi setelah rencananya disepakati.",
            "Opsi B: Admin Instansi melakukan Sinkro PMM untuk kepala sekolah; jika berhasil, guru mencoba "
            "lagi Sinkro PMM.",
        ),
        actors=(Aktor.KEPALA_SEKOLAH, Aktor.ADMIN_INSTANSI),
        side=Sisi.EKINERJA,
        applies_to=(GURU,),
        http_status=422,
    ),
    SinkroError(
        number=18,
        code="E18",
        message="Pegawai tidak memiliki SKP sebagai Plt. Kepala Sekolah di PMM",
        audience=(PLT, ADMIN_INSTANSI),
        cause='"Sinkro data PLT PMM" diminta untuk pegawai yang di PMM tidak tercatat sebagai Plt. Kepala Sekolah.',
        steps=(
            "Periksa akun PMM: apakah pegawai sudah tercatat sebagai Plt. Kepala Sekolah (penugasan Plt di "
            "Dapodik) dan memiliki rencana sebagai Plt.",
            "Jika belum, perbaikan data dilakukan di sisi PMM; hubungi Pusat Bantuan PMM.",
        ),
        actors=(Aktor.PUSAT_BANTUAN,),
        side=Sisi.PMM,
        applies_to=(PLT,),
    ),
    SinkroError(
        number=19,
        code="E19",
        message="Pegawai tidak terdaftar sebagai Plt. kepala Sekolah di e-Kinerja",
        audience=(PLT, ADMIN_INSTANSI),
        cause="Pegawai tercatat sebagai Plt. Kepala Sekolah di PMM, tetapi belum didaftarkan sebagai Plt di e-Kinerja.",
        steps=(
            "Informasikan kepada Admin Instansi agar menambahkan Anda sebagai Plt. Kepala Sekolah di e-Kinerja.",
        ),
        actors=(Aktor.ADMIN_INSTANSI,),
        side=Sisi.EKINERJA,
        applies_to=(PLT,),
        http_status=422,
    ),
    SinkroError(
        number=20,
        code="E20",
        message=(
            "Jumlah SKP sebagai Plt. Kepala Sekolah di PMM tidak sesuai dengan data Plt.Kepala Sekolah di E-kinerja"
        ),
        audience=(PLT, ADMIN_INSTANSI),
        cause=(
            "Jumlah (atau daftar) sekolah tempat pegawai menjadi Plt. di PMM berbeda dengan pendaftaran Plt "
            "di e-Kinerja, misalnya Plt di 2 sekolah di PMM tetapi hanya 1 di e-Kinerja."
        ),
        steps=("Hubungi Admin e-Kinerja (Admin Instansi) agar pendaftaran Plt yang kurang ditambahkan.",),
        actors=(Aktor.ADMIN_INSTANSI,),
        side=Sisi.EKINERJA,
        applies_to=(PLT,),
        http_status=422,
    ),
)

# A call that gets no answer within the client timeout: #9's sibling (not one of the 20 messages).
TIMEOUT = SinkroError(
    number=9,
    code="E09T",
    message="Waktu tunggu permintaan ke e-Kinerja habis (timeout)",
    audience=_SEMUA_PEGAWAI,
    cause=(
        "e-Kinerja tidak menjawab dalam batas waktu klien (di simulator: gangguan timeout yang disuntikkan "
        "pelatih). Sinkron dicoba ulang otomatis dengan kunci idempotensi yang sama, sehingga tidak "
        "pernah tercatat dua kali; pesan ini muncul bila percobaan ulang habis."
    ),
    steps=_LAPOR_BKN,
    actors=(Aktor.HELPDESK_BKN, Aktor.PELATIH),
    side=Sisi.EKINERJA,
    retried=True,
    http_status=None,
)

# The ONE order in which a sync meets the checks (see the module docstring).
PIPELINE: tuple[str, ...] = (
    "E07",
    "E02",
    "E14",
    "E18",
    "E06",
    "E09",
    "E08",
    "E10",
    "E01",
    "E11",
    "E03",
    "E04",
    "E05",
    "E16",
    "E19",
    "E20",
    "E12",
    "E15",
    "E17",
)
SIBLINGS_POSITION = {"E09T": PIPELINE.index("E09") + 1}

BY_CODE: dict[str, SinkroError] = {e.code: e for e in ERRORS} | {TIMEOUT.code: TIMEOUT}
BY_NUMBER: dict[int, SinkroError] = {e.number: e for e in ERRORS}


def get(code: str) -> SinkroError:
    return BY_CODE[code]


def lookup(code: str | None) -> SinkroError | None:
    return BY_CODE.get(code or "")


def pipeline(*, side: Sisi | None = None, peran: str | None = None) -> list[SinkroError]:
    """The entries of the pipeline in order, optionally of one side and for one sync role."""
    entries = [BY_CODE[c] for c in PIPELINE]
    if side is not None:
        entries = [e for e in entries if e.side == side]
    if peran is not None:
        entries = [e for e in entries if peran in e.applies_to]
    return entries
