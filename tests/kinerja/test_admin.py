import pytest
from django.urls import reverse

from kinerja.models import Indikator, Rencana

from .helpers import hari, rencana_lengkap

pytestmark = pytest.mark.django_db

MODELS = [
    "periode", "indikator", "rhkkompetensi", "tugastambahan", "nilaiberakhlak", "rekomendasiindikator",
    "rencana", "penilaian", "penilaiansekolah", "buktidukung", "dokumensekolah", "riwayat",
]  # fmt: skip


@pytest.mark.parametrize("model", MODELS)
def test_admin_lists_open_for_a_trainer(client, trainer, wilayah, model):
    hari(1, 10)
    rencana_lengkap(wilayah.guru[0])
    client.force_login(trainer)
    assert client.get(reverse(f"admin:kinerja_{model}_changelist")).status_code == 200


def test_catalogue_is_editable_and_plans_are_read_only_in_the_admin(client, trainer, wilayah):
    hari(1, 10)
    r = rencana_lengkap(wilayah.guru[0])
    client.force_login(trainer)
    ind = Indikator.objects.get(kode="D1-01")
    page = client.get(reverse("admin:kinerja_indikator_change", args=[ind.pk]))
    assert page.status_code == 200 and b'name="nama"' in page.content
    from kinerja.models import EkspektasiKhusus, NilaiBerakhlak

    EkspektasiKhusus.objects.create(
        rencana=r,
        nilai=NilaiBerakhlak.objects.get(kode="AKUNTABEL"),
        teks="Hadir tepat waktu.",
        diubah_pada=r.dibuat_pada,
    )
    page = client.get(reverse("admin:kinerja_rencana_change", args=[r.pk]))
    assert page.status_code == 200 and b'name="status"' not in page.content
    # the atasan's ekspektasi khusus are shown, read-only, with the plan
    assert "Hadir tepat waktu." in page.content.decode() and b"ekspektasi_khusus-0-teks" not in page.content
    assert (
        client.post(reverse("admin:kinerja_rencana_delete", args=[r.pk]), {"post": "yes"}).status_code == 403
    )
    assert Rencana.objects.filter(pk=r.pk).exists()


def test_rangkuman_lists_the_missing_steps(wilayah):
    from kinerja import selectors
    from kinerja.services import perencanaan

    from .helpers import aktor

    hari(1, 10)
    a = aktor(wilayah.guru[0])
    r = perencanaan.rencana_start(actor=a)
    assert len(selectors.rencana_detail(actor=a, rencana_id=r.pk).kekurangan) == 3
    r = rencana_lengkap(wilayah.guru[0])
    assert selectors.rencana_detail(actor=a, rencana_id=r.pk).kekurangan == []
