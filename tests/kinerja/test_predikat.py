"""PermenPANRB 6/2022 matrix and SE MenPANRB 3/2023 distribution rules.

Expected values are written here from the regulation tables (REFERENCE.md §1–2), not read from the
code under test."""

import pytest

from kinerja.predikat import batas_distribusi, distribusi_check, distribusi_penjelasan, predikat_for

SB, B, BP, KM, SK = "sangat_baik", "baik", "butuh_perbaikan", "kurang", "sangat_kurang"


@pytest.mark.parametrize(
    "hasil, perilaku, expected",
    [
        ("di_atas", "di_bawah", "kurang"),
        ("di_atas", "sesuai", "baik"),
        ("di_atas", "di_atas", "sangat_baik"),
        ("sesuai", "di_bawah", "kurang"),
        ("sesuai", "sesuai", "baik"),
        ("sesuai", "di_atas", "baik"),
        ("di_bawah", "di_bawah", "sangat_kurang"),
        ("di_bawah", "sesuai", "butuh_perbaikan"),
        ("di_bawah", "di_atas", "butuh_perbaikan"),
    ],
)
def test_matrix_gives_the_permenpanrb_predikat_for_every_cell(hasil, perilaku, expected):
    assert predikat_for(hasil, perilaku) == expected


def test_unknown_rating_is_refused():
    with pytest.raises(ValueError):
        predikat_for("luar_biasa", "sesuai")


def ok(org, daftar):
    return distribusi_check(org, daftar) == []


# --- Istimewa: Sangat Baik at most 70% (floor, but a 1-teacher unit may still have its SB) -------


@pytest.mark.parametrize(
    "n, max_sb",
    [(1, 1), (2, 1), (3, 2), (5, 3), (10, 7)],
)
def test_istimewa_caps_sangat_baik_at_floor_of_70_percent(n, max_sb):
    assert ok("istimewa", [SB] * max_sb + [B] * (n - max_sb))
    if max_sb < n:
        assert not ok("istimewa", [SB] * (max_sb + 1) + [B] * (n - max_sb - 1))


def test_istimewa_allows_every_other_mix():
    assert ok("istimewa", [B, BP, KM, SK])


# --- Baik: Baik at most 70%, and at least one BP or K/M -------------------------------------------


@pytest.mark.parametrize("n, max_b", [(2, 1), (3, 2), (5, 3), (10, 7)])
def test_baik_caps_baik_at_floor_of_70_percent(n, max_b):
    # one BP is always needed; the rest SB so that only the Baik cap is tested
    assert ok("baik", [B] * max_b + [BP] + [SB] * (n - max_b - 1))
    over = [B] * (max_b + 1) + [BP] + [SB] * (n - max_b - 2)
    if len(over) == n:
        assert not ok("baik", over)


@pytest.mark.parametrize("n", [1, 2, 3, 5, 10])
def test_baik_needs_at_least_one_butuh_perbaikan_or_kurang(n):
    assert not ok("baik", [SB] * n)
    assert ok("baik", [SB] * (n - 1) + [KM])
    assert ok("baik", [SB] * (n - 1) + [BP])


def test_baik_with_one_teacher_forces_butuh_perbaikan_or_kurang():
    assert not ok("baik", [B])
    assert ok("baik", [BP])


# --- Butuh Perbaikan: BP at least 60% (ceil), SB at most 10% (floor) ------------------------------


@pytest.mark.parametrize("n, min_bp", [(1, 1), (2, 2), (3, 2), (5, 3), (10, 6)])
def test_butuh_perbaikan_needs_ceil_of_60_percent(n, min_bp):
    assert ok("butuh_perbaikan", [BP] * min_bp + [B] * (n - min_bp))
    assert not ok("butuh_perbaikan", [BP] * (min_bp - 1) + [B] * (n - min_bp + 1))


@pytest.mark.parametrize("n, max_sb", [(1, 0), (2, 0), (3, 0), (5, 0), (10, 1)])
def test_butuh_perbaikan_caps_sangat_baik_at_floor_of_10_percent(n, max_sb):
    bp = -(-6 * n // 10)  # ceil(0.6 n), written independently
    rest = n - bp
    if rest == 0:  # n = 1, 2: every teacher must be BP, so no room for SB at all
        assert not ok("butuh_perbaikan", [SB] + [BP] * (n - 1))
        return
    assert ok("butuh_perbaikan", [BP] * bp + [SB] * max_sb + [B] * (rest - max_sb))
    assert not ok("butuh_perbaikan", [BP] * bp + [SB] * (max_sb + 1) + [B] * (rest - max_sb - 1))


# --- Kurang: K/M at least 60%, BP at least 10% (lowered when impossible), SB at most 10% ----------


@pytest.mark.parametrize(
    "n, min_km, min_bp",
    # n=1: 1 K/M leaves nobody for BP → BP minimum 0; n=2: ceil(1.2)=2 K/M → BP 0; n=3: 2 + 1.
    [(1, 1, 0), (2, 2, 0), (3, 2, 1), (5, 3, 1), (10, 6, 1)],
)
def test_kurang_minimums_with_small_unit_rounding(n, min_km, min_bp):
    valid = [KM] * min_km + [BP] * min_bp + [B] * (n - min_km - min_bp)
    assert ok("kurang", valid)
    assert not ok("kurang", [KM] * (min_km - 1) + [BP] * min_bp + [B] * (n - min_km - min_bp + 1))
    if min_bp:
        assert not ok("kurang", [KM] * min_km + [B] * (n - min_km))


def test_kurang_caps_sangat_baik_at_10_percent():
    assert ok("kurang", [KM] * 6 + [BP] + [SB] + [B] * 2)
    assert not ok("kurang", [KM] * 6 + [BP] + [SB] * 2 + [B])


# --- Sangat Kurang: SK at least 60%, K/M + BP at least 10%, no SB ---------------------------------


@pytest.mark.parametrize("n, min_sk, min_kmbp", [(1, 1, 0), (2, 2, 0), (3, 2, 1), (5, 3, 1), (10, 6, 1)])
def test_sangat_kurang_minimums_with_small_unit_rounding(n, min_sk, min_kmbp):
    assert ok("sangat_kurang", [SK] * min_sk + [KM] * min_kmbp + [B] * (n - min_sk - min_kmbp))
    assert not ok("sangat_kurang", [SK] * (min_sk - 1) + [KM] * min_kmbp + [B] * (n - min_sk - min_kmbp + 1))
    if min_kmbp:
        assert ok("sangat_kurang", [SK] * min_sk + [BP] * min_kmbp + [B] * (n - min_sk - min_kmbp))
        assert not ok("sangat_kurang", [SK] * min_sk + [B] * (n - min_sk))


@pytest.mark.parametrize("n", [5, 10])
def test_sangat_kurang_allows_no_sangat_baik(n):
    sk = -(-6 * n // 10)
    assert ok("sangat_kurang", [SK] * sk + [KM] * (n - sk))
    assert not ok("sangat_kurang", [SK] * sk + [SB] + [KM] * (n - sk - 1))


def test_thresholds_are_reported_with_their_rounding():
    batas = {b.aturan.teks: b.jumlah for b in batas_distribusi("kurang", 7)}
    assert batas == {
        "Kurang/Misconduct paling sedikit 60%": 5,  # ceil(4.2)
        "Butuh Perbaikan paling sedikit 10%": 1,  # ceil(0.7)
        "Sangat Baik paling banyak 10%": 0,  # floor(0.7)
    }
    teks = [b.keterangan for b in batas_distribusi("kurang", 7)]
    assert "paling sedikit 5 dari 7 guru (⌈60% × 7⌉)" in teks[0]


def test_refusal_names_each_broken_rule_the_counts_and_the_rounding():
    pelanggaran = distribusi_check("baik", [B, B, B])
    assert len(pelanggaran) == 2
    pesan = distribusi_penjelasan("baik", pelanggaran)
    assert "SE MenPANRB No. 3 Tahun 2023" in pesan
    assert "Baik paling banyak 70%: paling banyak 2 dari 3 guru" in pesan
    assert "saat ini 3 guru" in pesan
    assert "Butuh Perbaikan atau Kurang/Misconduct" in pesan
    assert "dibulatkan ke bawah" in pesan and "dibulatkan ke atas" in pesan
