"""The eligibility rule of Pengelolaan Kinerja (seed 000), checked against a decision table written
here from the seed and REFERENCE.md §3i, not imported from kinerja.access."""

import pytest
from django.test import override_settings

from dapodik.choices import JenisPTK, StatusKepegawaian, StatusSekolah
from dapodik.models import PTK, Sekolah
from kinerja.access import Level, access_evaluate, client_from_meta

# Seed 000, the list of Jenis PTK (Jenis GTK) allowed to open Pengelolaan Kinerja, by label.
SEED_000_JENIS = {
    "Guru Mapel",
    "Guru Kelas",
    "Guru BK",
    "Guru Pengganti",
    "Guru TIK",
    "Guru Pendamping",
    "Guru Pendamping Khusus",
    "Guru Pembimbing Khusus",
    "Play Group Teacher",
    "Kindergarten Teacher",
    "Kepala Sekolah",
}

PENUH, TANPA, DITOLAK = "penuh", "tanpa_sinkro", "ditolak"

# (status kepegawaian label) → {school status: (level, failed codes)} for an allowed jenis PTK.
EXPECTED = {
    "PNS": {"negeri": (PENUH, set()), "swasta": (DITOLAK, {"asn_sekolah_swasta"})},
    "PPPK": {"negeri": (PENUH, set()), "swasta": (DITOLAK, {"asn_sekolah_swasta"})},
    "CPNS": {"negeri": (PENUH, set()), "swasta": (DITOLAK, {"asn_sekolah_swasta"})},
    "PNS Diperbantukan": {"negeri": (PENUH, set()), "swasta": (DITOLAK, {"asn_sekolah_swasta"})},
    "GTT/PTT Provinsi": {"negeri": (TANPA, {"non_asn"}), "swasta": (DITOLAK, {"sekolah_swasta"})},
    "GTT/PTT Kabupaten/Kota": {"negeri": (TANPA, {"non_asn"}), "swasta": (DITOLAK, {"sekolah_swasta"})},
    "Guru Honor Sekolah": {"negeri": (TANPA, {"non_asn"}), "swasta": (DITOLAK, {"sekolah_swasta"})},
    "Tenaga Honor Sekolah": {"negeri": (TANPA, {"non_asn"}), "swasta": (DITOLAK, {"sekolah_swasta"})},
    "Lainnya": {"negeri": (TANPA, {"non_asn"}), "swasta": (DITOLAK, {"sekolah_swasta"})},
    "PNS DEPAG": {"negeri": (DITOLAK, {"naungan_kemenag"}), "swasta": (DITOLAK, {"naungan_kemenag"})},
    "GTY/PTY": {"negeri": (DITOLAK, {"naungan_yayasan"}), "swasta": (DITOLAK, {"naungan_yayasan"})},
    "Guru Bantu Pusat": {"negeri": (DITOLAK, {"naungan_pusat"}), "swasta": (DITOLAK, {"naungan_pusat"})},
}


def _ptk(jenis, status, sekolah_status=StatusSekolah.NEGERI, instansi_id=1):
    sekolah = Sekolah(
        npsn="60304001",
        nama="SD Negeri 1 Contoh",
        status=sekolah_status,
        instansi_id=instansi_id if sekolah_status == StatusSekolah.NEGERI else None,
    )
    return PTK(nama="Yohana", jenis_ptk=jenis, status_kepegawaian=status, sekolah=sekolah)


def _expected(jenis, status, sekolah_status):
    level, codes = EXPECTED[StatusKepegawaian(status).label][str(sekolah_status)]
    codes = set(codes)
    if JenisPTK(jenis).label not in SEED_000_JENIS:
        level = DITOLAK
        codes.add("jenis_ptk")
    return level, codes


def test_decision_table_covers_every_status_kepegawaian():
    assert set(EXPECTED) == {label for _, label in StatusKepegawaian.choices}


@pytest.mark.parametrize("sekolah_status", [StatusSekolah.NEGERI, StatusSekolah.SWASTA])
@pytest.mark.parametrize("status", [s for s, _ in StatusKepegawaian.choices])
@pytest.mark.parametrize("jenis", [j for j, _ in JenisPTK.choices])
def test_every_jenis_and_status_on_negeri_and_swasta_school(jenis, status, sekolah_status):
    level, codes = _expected(jenis, status, sekolah_status)
    result = access_evaluate(_ptk(jenis, status, sekolah_status))
    assert (str(result.level), set(result.codes)) == (level, codes)
    assert result.may_use == (level != DITOLAK)
    assert result.may_sync == (level == PENUH)


def test_every_failed_requirement_names_the_requirement_and_the_fix():
    result = access_evaluate(_ptk(JenisPTK.LABORAN, StatusKepegawaian.GURU_HONOR_SEKOLAH))
    for failure in result.failures:
        assert failure.requirement and failure.explanation and failure.fix and failure.fixer
    jenis = next(f for f in result.failures if f.code == "jenis_ptk")
    assert "Operator Sekolah memperbarui Jenis PTK di Dapodik" in jenis.fix
    assert "Laboran" in jenis.explanation


def test_non_asn_under_pemda_may_use_but_never_sync():
    result = access_evaluate(_ptk(JenisPTK.GURU_KELAS, StatusKepegawaian.GURU_HONOR_SEKOLAH))
    assert result.level == Level.TANPA_SINKRO
    [failure] = result.failures
    assert failure.blocks == "sinkro"
    assert "Status Kepegawaian" in failure.fix


def test_pns_diperbantukan_at_swasta_school_is_sent_to_ekinerja():
    result = access_evaluate(
        _ptk(JenisPTK.GURU_KELAS, StatusKepegawaian.PNS_DIPERBANTUKAN, StatusSekolah.SWASTA)
    )
    assert result.level == Level.DITOLAK
    assert "e-Kinerja" in result.failures[0].fix


def test_negeri_school_without_pemda_is_refused_with_its_own_reason():
    result = access_evaluate(_ptk(JenisPTK.GURU_KELAS, StatusKepegawaian.PNS, instansi_id=None))
    assert result.level == Level.DITOLAK
    assert result.codes == ["sekolah_tanpa_pemda"]


def test_account_without_ptk_is_refused_and_told_to_ask_the_operator():
    result = access_evaluate(None)
    assert result.level == Level.DITOLAK
    assert result.codes == ["tanpa_ptk"]
    assert "Operator Sekolah" in result.failures[0].fix


def _android(version):
    return client_from_meta({"HTTP_X_PMM_APP_VERSION": version})


def test_android_1_46_is_told_to_update_to_1_47():
    result = access_evaluate(_ptk(JenisPTK.GURU_KELAS, StatusKepegawaian.PNS), _android("1.46"))
    assert result.level == Level.DITOLAK
    assert result.codes == ["versi_aplikasi"]
    assert "perbarui aplikasi ke versi 1.47 atau lebih baru" in result.failures[0].fix.lower()
    assert "Pengaturan" in result.failures[0].explanation


@pytest.mark.parametrize("version", ["1.47", "1.50", "2.0", "1.47.3", "10", "v1.48"])
def test_android_1_47_or_newer_is_allowed(version):
    result = access_evaluate(_ptk(JenisPTK.GURU_KELAS, StatusKepegawaian.PNS), _android(version))
    assert result.level == Level.PENUH


@pytest.mark.parametrize("version", ["1.5", "1.9", "0.99", "1.46.9"])
def test_versions_compare_by_number_not_by_text(version):
    result = access_evaluate(_ptk(JenisPTK.GURU_KELAS, StatusKepegawaian.PNS), _android(version))
    assert result.codes == ["versi_aplikasi"]


@pytest.mark.parametrize(
    "version", ["abc", "", "1..47", "1.47-beta", "１.４７", "1.47.0.0.1", "9" * 500, "<script>", "1,47"]
)
def test_garbled_version_is_unknown_with_a_clear_message(version):
    result = access_evaluate(_ptk(JenisPTK.GURU_KELAS, StatusKepegawaian.PNS), _android(version))
    assert result.level == Level.DITOLAK
    assert result.codes == ["versi_aplikasi_tidak_dikenal"]
    assert "tidak dapat dibaca" in result.failures[0].explanation
    assert result.as_dict()["klien"]["versi_dikenali"] is False


def test_version_is_read_from_the_user_agent_of_the_app():
    old = client_from_meta({"HTTP_USER_AGENT": "Mozilla/5.0 (Linux; Android 13) MerdekaMengajar/1.46 (id)"})
    new = client_from_meta({"HTTP_USER_AGENT": "Mozilla/5.0 (Linux; Android 13; MerdekaMengajar/1.52)"})
    assert old.is_android and new.is_android
    ptk = _ptk(JenisPTK.GURU_KELAS, StatusKepegawaian.PNS)
    assert access_evaluate(ptk, old).codes == ["versi_aplikasi"]
    assert access_evaluate(ptk, new).level == Level.PENUH


def test_browsers_are_not_version_checked():
    client = client_from_meta({"HTTP_USER_AGENT": "Mozilla/5.0 (X11; Linux x86_64) Firefox/99.0"})
    assert not client.is_android
    assert access_evaluate(_ptk(JenisPTK.GURU_KELAS, StatusKepegawaian.PNS), client).level == Level.PENUH


@override_settings(PMM_ANDROID_MIN_VERSION="1.50")
def test_minimum_version_comes_from_the_setting():
    result = access_evaluate(_ptk(JenisPTK.GURU_KELAS, StatusKepegawaian.PNS), _android("1.49"))
    assert result.codes == ["versi_aplikasi"]
    assert "1.50" in result.failures[0].fix


def test_old_app_and_wrong_jenis_are_both_reported():
    result = access_evaluate(_ptk(JenisPTK.PUSTAKAWAN, StatusKepegawaian.PNS), _android("1.40"))
    assert set(result.codes) == {"jenis_ptk", "versi_aplikasi"}
