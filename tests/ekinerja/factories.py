"""Factories of the mock e-Kinerja's own tables (SIASN, e-Kinerja)."""

import hashlib
import itertools
from datetime import date

import factory
from django.utils import timezone

from sinkro.ekinerja import models as m
from tests import factories as f

_seq = itertools.count(1)


def hex32(label: str) -> str:
    return hashlib.md5(label.encode()).hexdigest().upper()


class UnorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Unor

    id = factory.Sequence(lambda n: hex32(f"unor-{n}-{next(_seq)}"))
    instansi = factory.SubFactory(f.InstansiFactory)
    nama = factory.Sequence(lambda n: f"SD Negeri {n} Uji")
    npsn = factory.Sequence(lambda n: f"{60000000 + n:08d}")
    aktif_ekinerja = True
    aktif_siasn = True


class PnsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.PnsSiasn

    class Params:
        urut = factory.LazyFunction(lambda: next(_seq))

    id = factory.LazyAttribute(lambda o: hex32(f"pns-{o.urut}"))
    instansi = factory.SubFactory(f.InstansiFactory)
    nip = factory.LazyAttribute(lambda o: f"19800101200501{1 + o.urut % 2}{o.urut % 1000:03d}")
    nik = factory.LazyAttribute(lambda o: f"32010101018{o.urut % 100000:05d}")
    nama = factory.LazyAttribute(lambda o: f"Pegawai {o.urut}")
    tanggal_lahir = date(1980, 1, 1)
    email = factory.LazyAttribute(lambda o: f"pns{o.urut}@guru.sd.belajar.id")
    unor = None
    tanggal_unor = date(2020, 1, 1)


class PegawaiFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Pegawai

    pns = factory.SubFactory(PnsFactory)
    instansi = factory.LazyAttribute(lambda o: o.pns.instansi)
    unor = factory.LazyAttribute(lambda o: o.pns.unor)
    ditambahkan_pada = factory.LazyFunction(timezone.now)


class PeriodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Periode
        django_get_or_create = ("instansi", "tahun", "semester")

    instansi = factory.SubFactory(f.InstansiFactory)
    tahun = 2024
    semester = 1
    dibuka = True
