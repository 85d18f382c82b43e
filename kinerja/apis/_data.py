"""Turn the selectors' objects into the dicts the serializers describe (no query of their own beyond
what the selectors loaded)."""

from django.urls import reverse

from pmm import clock

from ..transitions import OBSERVASI, RENCANA, StatusObservasi, StatusPenilaian


def periode(p) -> dict:
    return {"id": p.pk, "tahun": p.tahun, "semester": p.semester, "nama": p.nama}


def sekolah(s) -> dict:
    return {"id": s.pk, "npsn": s.npsn, "nama": s.nama}


def ptk(p) -> dict:
    return {"id": p.pk, "nama": p.nama, "nip": p.nip}


def katalog(x) -> dict | None:
    return None if x is None else {"id": x.pk, "kode": x.kode, "nama": x.nama}


def penilaian(p) -> dict | None:
    if p is None:
        return None
    return {
        "status": p.status,
        "status_label": p.get_status_display(),
        "rating_hasil_kerja": p.rating_hasil_kerja,
        "rating_perilaku": p.rating_perilaku,
        "predikat": p.predikat,
        "predikat_label": p.get_predikat_display() if p.predikat else "",
        "catatan": p.catatan,
        "dikirim_pada": p.dikirim_pada,
        "ditetapkan_pada": p.ditetapkan_pada,
    }


def beranda(data) -> dict:
    return {
        "tanggal": clock.today(),
        "periode": periode(data.periode),
        "tahap": data.tahap,
        "tahap_label": data.tahap_label,
        "timeline": [
            {
                "tahap": j.tahap,
                "label": j.label,
                "mulai": j.mulai,
                "selesai": j.selesai,
                "keadaan": j.keadaan,
                "sekarang": j.tahap == data.tahap,
            }
            for j in data.timeline
        ],
        "rencana": [
            {
                "id": x.rencana.pk,
                "peran": x.rencana.peran,
                "peran_label": x.peran_label,
                "sekolah": sekolah(x.rencana.sekolah),
                "status": x.rencana.status,
                "status_label": x.status_label,
                "total_poin": x.total_poin,
                "observasi_status": x.observasi_status,
                "observasi_label": x.observasi_label,
                "jadwal_observasi": x.jadwal_observasi,
                "predikat": x.predikat,
                "predikat_label": x.predikat_label,
                "langkah_berikut": x.langkah_berikut,
            }
            for x in data.rencana
        ],
        "bisa_dibuat": [{"peran": p, "sekolah": s, "label": label} for p, s, label in data.bisa_dibuat],
    }


def rencana(detail) -> dict:
    r = detail.rencana
    pen = getattr(r, "penilaian", None)
    # The pegawai sees the rating once the predikat is fixed (as on the predikat page).
    if pen is not None and detail.adalah_pemilik and not detail.adalah_penilai:
        pen = pen if pen.status == StatusPenilaian.DITETAPKAN else None
    tindakan = []
    for t in RENCANA.tersedia(r.status):
        if t.kode in ("ajukan", "sepakati") and detail.adalah_pemilik:
            tindakan.append(t.kode)
        elif t.kode in ("setujui", "kembalikan") and detail.adalah_penilai:
            tindakan.append(t.kode)
    return {
        "id": r.pk,
        "periode": periode(r.periode),
        "peran": r.peran,
        "status": r.status,
        "status_label": r.get_status_display(),
        "ptk": ptk(r.ptk),
        "sekolah": sekolah(r.sekolah),
        "indikator": katalog(r.indikator),
        "rhk": [
            {
                "id": x.pk,
                "rhk": katalog(x.rhk),
                "jumlah": x.jumlah,
                "poin": x.poin,
                "total_poin": x.total_poin,
            }
            for x in r.rhk.all()
        ],
        "tugas_tambahan": [
            {"id": t.pk, "tugas": katalog(t.tugas), "nomor_sk": t.nomor_sk} for t in r.tugas_tambahan.all()
        ],
        "perilaku_dikonfirmasi": r.perilaku_dikonfirmasi,
        "ekspektasi_khusus": [ekspektasi(e) for e in detail.ekspektasi],
        "boleh_isi_ekspektasi": detail.boleh_isi_ekspektasi,
        "poin": {"total": detail.poin.total, "kode": detail.poin.kode, "pesan": detail.poin.pesan},
        "atasan": None
        if detail.atasan is None
        else {"jalur": detail.atasan.jalur, "label": detail.atasan.label},
        "pengawas": (r.pengawas.nama or r.pengawas.email) if r.pengawas_id else None,
        "catatan_atasan": r.catatan_atasan,
        "kekurangan": detail.kekurangan,
        "tindakan": tindakan,
        "adalah_pemilik": detail.adalah_pemilik,
        "adalah_penilai": detail.adalah_penilai,
        "adalah_pengamat": detail.adalah_pengamat,
        "diajukan_pada": r.diajukan_pada,
        "disetujui_pada": r.disetujui_pada,
        "disepakati_pada": r.disepakati_pada,
        "penilaian": penilaian(pen),
    }


def ekspektasi(e) -> dict:
    return {
        "nilai": katalog(e.nilai),
        "teks": e.teks,
        "diisi_oleh": (e.diisi_oleh.nama or e.diisi_oleh.email) if e.diisi_oleh_id else None,
        "diubah_pada": e.diubah_pada,
    }


def riwayat(x) -> dict:
    return {
        "pada": x.pada,
        "oleh": (x.oleh.nama or x.oleh.email) if x.oleh_id else None,
        "mesin": x.mesin,
        "transisi": x.transisi,
        "dari": x.dari,
        "ke": x.ke,
        "catatan": x.catatan,
    }


def _fokus(items) -> list[dict]:
    return [{"id": f.pk, "teks": f.teks} for f in items]


def observasi(detail) -> dict:
    r = detail.rencana
    obs = getattr(r, "observasi", None)
    status = obs.status if obs is not None else StatusObservasi.BELUM
    return {
        "rencana": r.pk,
        "status": status,
        "status_label": OBSERVASI.status(status).label,
        "fokus": _fokus(obs.fokus.all()) if obs is not None else [],
        "fokus_pilihan": _fokus(r.indikator.fokus_perilaku.all()) if r.indikator_id else [],
        "dokumen_persiapan": obs.dokumen_persiapan if obs else "",
        "jadwal": obs.jadwal if obs else None,
        "jadwal_diubah": obs.jadwal_diubah if obs else 0,
        "catatan_observasi": obs.catatan_observasi if obs else "",
        "diobservasi_pada": obs.diobservasi_pada if obs else None,
        "catatan_tindak_lanjut": obs.catatan_tindak_lanjut if obs else "",
        "refleksi": obs.refleksi if obs else "",
        "rekomendasi": obs.rekomendasi if obs else "",
    }


def bukti(b) -> dict:
    return {
        "id": b.pk,
        "nama": b.nama_asli,
        "jenis": b.jenis,
        "ukuran": b.ukuran,
        "diunggah_pada": b.diunggah_pada,
        "rencana_rhk": b.rencana_rhk_id,
        "rencana_tugas": b.rencana_tugas_id,
        "unduh": reverse("api_kinerja_bukti_unduh", args=[b.pk]),
    }


def dokumen(d) -> dict:
    return {
        "id": d.pk,
        "jenis": d.jenis,
        "jenis_label": d.get_jenis_display(),
        "nama": d.nama_asli,
        "ukuran": d.ukuran,
        "diunggah_pada": d.diunggah_pada,
        "unduh": reverse("api_kinerja_dokumen_unduh", args=[d.pk]),
    }


def pengawas_pilihan(u, rencana) -> dict:
    """One Pengawas the Kepala Dinas may delegate ``rencana``'s observation to (the plan page's select)."""
    return {"id": u.pk, "nama": u.nama or u.email, "email": u.email, "terpilih": rencana.pengawas_id == u.pk}


def _baris_guru(b) -> dict:
    r = b.rencana
    return {
        "ptk": ptk(b.ptk),
        "rencana": r.pk if r is not None else None,
        "status_rencana": b.status_rencana,
        "status_rencana_label": b.status_rencana_label,
        "indikator": r.indikator.nama if r is not None and r.indikator_id else "",
        "total_poin": b.total_poin,
        "observasi_status": b.observasi.status if b.observasi is not None else "",
        "penilaian": penilaian(b.penilaian),
        "alasan": b.alasan.as_dict() if b.alasan is not None else None,
    }


def daftar_guru(d) -> dict:
    ps = d.penilaian_sekolah
    return {
        "sekolah": sekolah(d.sekolah),
        "periode": periode(d.periode),
        "jalur": d.jalur,
        "muncul": [_baris_guru(b) for b in d.muncul],
        "belum_muncul": [_baris_guru(b) for b in d.belum_muncul],
        "status_sekolah": d.status_sekolah,
        "predikat_organisasi": ps.predikat_organisasi if ps is not None else "",
        "boleh_kirim": d.boleh_kirim,
        "boleh_tetapkan": d.boleh_tetapkan,
        "batas": [
            {"aturan": b.aturan.teks, "jenis": b.aturan.jenis, "jumlah": b.jumlah, "keterangan": b.keterangan}
            for b in d.batas
        ],
    }


def penilaian_sekolah(ps) -> dict:
    return {
        "sekolah": ps.sekolah_id,
        "periode": ps.periode_id,
        "status": ps.status,
        "status_label": ps.get_status_display(),
        "predikat_organisasi": ps.predikat_organisasi,
        "dikirim_pada": ps.dikirim_pada,
        "ditetapkan_pada": ps.ditetapkan_pada,
    }


def baris_sekolah(b) -> dict:
    return {
        "sekolah": sekolah(b.sekolah),
        "status": b.status,
        "status_label": b.status_label,
        "predikat_organisasi": b.predikat_organisasi,
        "jumlah_dinilai": b.jumlah_dinilai,
        "jumlah_dikirim": b.jumlah_dikirim,
        "jumlah_ditetapkan": b.jumlah_ditetapkan,
        "boleh_diberi_predikat": b.boleh_diberi_predikat,
    }


def rencana_ringkas(
    r, *, dengan_penilaian: bool = True, pengawas: str | None = None, pemilik: bool = False
) -> dict:
    """``dengan_penilaian=False`` for lists that did not select the rating (the Pengawas' list, whose
    ``pengawas`` is the reader); ``pemilik``: the pegawai's own list shows a rating once fixed."""
    obs = getattr(r, "observasi", None)
    pen = getattr(r, "penilaian", None) if dengan_penilaian else None
    if pemilik and pen is not None and pen.status != StatusPenilaian.DITETAPKAN:
        pen = None
    if dengan_penilaian:
        pengawas = (r.pengawas.nama or r.pengawas.email) if r.pengawas_id else None
    return {
        "id": r.pk,
        "ptk": ptk(r.ptk),
        "sekolah": sekolah(r.sekolah),
        "peran": r.peran,
        "status": r.status,
        "status_label": r.get_status_display(),
        "observasi_status": obs.status if obs is not None else StatusObservasi.BELUM,
        "jadwal_observasi": obs.jadwal if obs is not None else None,
        "pengawas": pengawas,
        "predikat": pen.predikat if pen is not None else "",
        "status_penilaian": pen.status if pen is not None else "",
    }
