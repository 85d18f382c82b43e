from django.urls import path
from django.views.generic import TemplateView

from . import catalogue, views

app_name = "sinkro"
urlpatterns = [
    # Public (no login): the 20 Sinkro PMM errors with cause, Tindak Lanjut and actor; each has an
    # anchor (#E01 … #E20, #E09T) that error displays link to.
    path(
        "bantuan/",
        TemplateView.as_view(
            template_name="sinkro/bantuan.html",
            extra_context={
                "errors": catalogue.ERRORS,
                "timeout": catalogue.TIMEOUT,
                "pipeline": catalogue.PIPELINE,
            },
        ),
        name="bantuan",
    ),
    path("", views.beranda, name="beranda"),
    path("sinkron/", views.sinkron, name="sinkron"),
    path("permintaan/<int:pk>/", views.permintaan, name="permintaan"),
    path("permintaan/<int:pk>/konfirmasi/", views.konfirmasi, name="konfirmasi"),
    path("instansi/", views.instansi_list, name="instansi_list"),
    path("instansi/massal/", views.instansi_list, {"tujuan": "massal"}, name="menu_massal"),
    path("instansi/diagnosis/", views.instansi_list, {"tujuan": "diagnosis"}, name="menu_diagnosis"),
    path("instansi/<int:pk>/", views.instansi, name="instansi"),
    path("instansi/<int:pk>/diagnosis/", views.diagnosis, name="diagnosis"),
    path("instansi/<int:pk>/massal/", views.massal, name="massal"),
    path("instansi/<int:pk>/sinkron/", views.pegawai_sinkron, name="pegawai_sinkron"),
    path("instansi/<int:pk>/kunci/", views.kunci, name="kunci"),
    path("massal/<int:pk>/", views.batch, name="batch"),
    path("skenario/", views.skenario, name="skenario"),
    path("skenario.csv", views.skenario_csv, name="skenario_csv"),
]
