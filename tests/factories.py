"""factory_boy factories with consistent identifiers (NIK/NIP agree with birth date and gender)."""

import itertools
from datetime import date

import factory

from dapodik import identifiers
from dapodik.choices import JenisKelamin, JenisPenugasan, JenisPTK, Jenjang, StatusKepegawaian, StatusSekolah
from dapodik.models import PTK, PenugasanKepalaSekolah, Sekolah
from pmm.models import Instansi, KabupatenKota, Provinsi, User, UserRole

_seq = itertools.count(1)


class ProvinsiFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Provinsi
        django_get_or_create = ("kode",)

    kode = factory.Sequence(lambda n: f"{(n % 80) + 11:02d}")
    nama = factory.LazyAttribute(lambda o: f"Provinsi {o.kode}")


class KabupatenFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KabupatenKota

    provinsi = factory.SubFactory(ProvinsiFactory)
    kode = factory.Sequence(lambda n: f"{n % 10000:04d}")
    nama = factory.Sequence(lambda n: f"Kabupaten {n}")


class InstansiFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Instansi

    kabupaten = factory.SubFactory(KabupatenFactory)
    provinsi = factory.LazyAttribute(lambda o: o.kabupaten.provinsi)
    kode = factory.Sequence(lambda n: f"I{n:06d}")
    nama = factory.LazyAttribute(lambda o: f"Pemerintah {o.kabupaten.nama}")


class SekolahFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sekolah

    npsn = factory.Sequence(lambda n: identifiers.npsn_build(n))
    nama = factory.Sequence(lambda n: f"SD Negeri {n} Contoh")
    jenjang = Jenjang.SD
    status = StatusSekolah.NEGERI
    instansi = factory.SubFactory(InstansiFactory)
    kabupaten = factory.LazyAttribute(lambda o: o.instansi.kabupaten)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@guru.sd.belajar.id")
    nama = factory.Sequence(lambda n: f"Pengguna {n}")
    password = factory.PostGenerationMethodCall("set_password", "rahasia123")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class PTKFactory(factory.django.DjangoModelFactory):
    """An ASN PNS Guru Kelas with a linked belajar.id account."""

    class Meta:
        model = PTK

    class Params:
        urut = factory.LazyFunction(lambda: next(_seq))

    nama = factory.Sequence(lambda n: f"Guru {n}")
    tanggal_lahir = factory.LazyAttribute(
        lambda o: date(1970 + o.urut % 15, 1 + o.urut % 12, 1 + o.urut % 28)
    )
    jenis_kelamin = factory.LazyAttribute(
        lambda o: JenisKelamin.LAKI_LAKI if o.urut % 2 else JenisKelamin.PEREMPUAN
    )
    nik = factory.LazyAttribute(
        lambda o: identifiers.nik_build(
            kode_wilayah="320101", tanggal_lahir=o.tanggal_lahir, jenis_kelamin=o.jenis_kelamin, urut=o.urut
        )
    )
    nuptk = factory.LazyAttribute(lambda o: identifiers.nuptk_build(o.urut))
    nip = factory.LazyAttribute(
        lambda o: identifiers.nip_build(
            tanggal_lahir=o.tanggal_lahir,
            tmt_cpns=date(2010, 1 + o.urut % 12, 1),
            jenis_kelamin=o.jenis_kelamin,
            urut=o.urut,
        )
    )
    jenis_ptk = JenisPTK.GURU_KELAS
    status_kepegawaian = StatusKepegawaian.PNS
    sekolah = factory.SubFactory(SekolahFactory)
    email = factory.LazyAttribute(lambda o: f"ptk{o.urut}@guru.sd.belajar.id")
    tmt_tugas = date(2020, 7, 1)
    user = factory.LazyAttribute(lambda o: UserFactory(email=o.email, nama=o.nama))


class PenugasanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PenugasanKepalaSekolah

    ptk = factory.SubFactory(PTKFactory, jenis_ptk=JenisPTK.KEPALA_SEKOLAH)
    sekolah = factory.LazyAttribute(lambda o: o.ptk.sekolah)
    jenis = JenisPenugasan.DEFINITIF
    tanggal_mulai = date(2020, 1, 1)


def grant(user, role, **scope):
    return UserRole.objects.create(user=user, role=role, **scope)
