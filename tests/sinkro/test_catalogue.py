"""The catalogue of the 20 Sinkro PMM errors, checked against DESIGN.md §4 typed again here."""

import pytest
from django.urls import reverse

from sinkro import catalogue

# DESIGN.md §4, typed independently of sinkro/catalogue.py.
MESSAGES = {
    1: "Tombol sinkron PMM tidak muncul di e-Kinerja",
    2: "Pegawai belum membuat SKP di PMM",
    3: "Data Unit Kerja Pegawai tidak terdaftar di Referensi Unit Kerja",
    4: "Nama Sekolah atau Nama Unor tidak sama dengan data PMM",
    5: "Unit Kerja atasan tidak ditemukan",
    6: "xApiKey does not exists in whitelist",
    7: "Data status kepegawaian di PMM tidak terdaftar sebagai ASN",
    8: "Unexpected period value",
    9: "Request failed with status code 500",
    10: "Data PNS ID belum padan antara SIASN dengan PMM",
    11: "JavaScript Error: Type Error : cannot read properties of undefined(reading 'unor_id')",
    12: "SKP yang ada memiliki Unor yang berbeda dengan Pegawai saat ini",
    13: "Pengguna PMM tidak dapat menambah SKP setelah tahun 2023, silahkan buat SKP di PMM/sinkrodata PMM",
    14: "Tidak ada RHK yang terdeteksi di PMM",
    15: "Data SKP Organisasi belum dibuat oleh atasan",
    16: "Atasan Pegawai tidak sama dengan data PMM",
    17: "Tidak ada RHK yang bisa dikaitkan",
    18: "Pegawai tidak memiliki SKP sebagai Plt. Kepala Sekolah di PMM",
    19: "Pegawai tidak terdaftar sebagai Plt. kepala Sekolah di e-Kinerja",
    20: "Jumlah SKP sebagai Plt. Kepala Sekolah di PMM tidak sesuai dengan data Plt.Kepala Sekolah di E-kinerja",
}

# The pipeline of the brief: PMM's checks, then e-Kinerja's.
ORDER = [7, 2, 14, 18, 6, 9, 8, 10, 1, 11, 3, 4, 5, 16, 19, 20, 12, 15, 17]


def test_there_are_exactly_twenty_errors_numbered_1_to_20():
    assert sorted(e.number for e in catalogue.ERRORS) == list(range(1, 21))


def test_codes_are_unique_and_stable():
    codes = [e.code for e in catalogue.ERRORS]
    assert codes == [f"E{n:02d}" for n in range(1, 21)]
    assert catalogue.TIMEOUT.code == "E09T" and catalogue.TIMEOUT.code not in codes


@pytest.mark.parametrize("number,message", sorted(MESSAGES.items()))
def test_message_is_exactly_the_design_text(number, message):
    assert catalogue.BY_NUMBER[number].message == message


def test_pipeline_order_is_fixed_and_leaves_out_only_13():
    assert [catalogue.get(c).number for c in catalogue.PIPELINE] == ORDER
    assert [e.position for e in sorted(catalogue.ERRORS, key=lambda e: e.position or 99)][:19] == list(
        range(1, 20)
    )
    assert catalogue.BY_NUMBER[13].position is None
    assert catalogue.TIMEOUT.position == catalogue.BY_NUMBER[9].position


def test_which_side_detects_each_error():
    pmm = {e.number for e in catalogue.ERRORS if e.side == catalogue.Sisi.PMM}
    manual = {e.number for e in catalogue.ERRORS if e.side == catalogue.Sisi.EKINERJA_MANUAL}
    assert pmm == {2, 7, 14, 18}
    assert manual == {13}
    assert [e.number for e in catalogue.pipeline(side=catalogue.Sisi.PMM)] == [7, 2, 14, 18]


def test_only_transient_errors_are_retried():
    assert {e.code for e in catalogue.ERRORS if e.retried} == {"E09"}
    assert catalogue.TIMEOUT.retried


def test_only_4_kondisi_a_is_a_warning_and_only_12_needs_confirmation():
    assert [e.number for e in catalogue.ERRORS if e.may_warn] == [4]
    e4 = catalogue.get("E04")
    assert e4.is_warning("A") and not e4.is_warning("B") and not e4.is_warning("C")
    assert [e.number for e in catalogue.ERRORS if e.needs_confirmation] == [12]


def test_actor_per_kondisi():
    assert catalogue.get("E04").aktor_for("B") == catalogue.Aktor.ADMIN_INSTANSI
    assert catalogue.get("E04").aktor_for("C") == catalogue.Aktor.OPERATOR_SEKOLAH
    assert catalogue.get("E01").aktor_for("nip_beda") == catalogue.Aktor.OPERATOR_SEKOLAH
    assert catalogue.get("E01").aktor_for("bukan_user_pmm") == catalogue.Aktor.ADMIN_INSTANSI
    assert catalogue.get("E06").aktor_for() == catalogue.Aktor.HELPDESK_BKN
    assert catalogue.get("E18").aktor_for() == catalogue.Aktor.PUSAT_BANTUAN
    assert catalogue.Aktor.PELATIH in catalogue.get("E09").actors


def test_guru_only_and_plt_only_checks():
    assert catalogue.get("E15").applies_to == ("guru",) == catalogue.get("E17").applies_to
    for code in ("E18", "E19", "E20"):
        assert catalogue.get(code).applies_to == ("plt_kepala_sekolah",)
    guru = [e.number for e in catalogue.pipeline(peran="guru")]
    assert 15 in guru and 19 not in guru


def test_every_entry_explains_cause_steps_actor_and_audience():
    for e in (*catalogue.ERRORS, catalogue.TIMEOUT):
        assert len(e.cause) > 20, e.code
        assert e.steps and all(len(s) > 10 for s in e.steps), e.code
        assert e.actors and e.audience, e.code
        if e.side != catalogue.Sisi.PMM:
            assert e.code == "E09T" or e.http_status in (401, 403, 409, 422, 500), e.code


def test_catalogue_imports_nothing_of_either_side():
    import ast
    from pathlib import Path

    tree = ast.parse(Path(catalogue.__file__).read_text())
    modules = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    modules |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    assert modules <= {"dataclasses", "enum"}


@pytest.mark.django_db
def test_public_help_page_lists_all_errors_with_anchors(client):
    response = client.get(reverse("sinkro:bantuan"))
    assert response.status_code == 200
    body = response.content.decode()
    for number, message in MESSAGES.items():
        assert f'id="E{number:02d}"' in body
        assert message.replace("'", "&#x27;") in body
    assert 'id="E09T"' in body
    assert "Operator Sekolah" in body and "Helpdesk BKN" in body
    assert reverse("sinkro:bantuan") == "/sinkro/bantuan/"
