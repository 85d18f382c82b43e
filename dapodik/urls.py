from django.urls import path

from . import views

app_name = "dapodik"
urlpatterns = [
    path("sekolah/", views.sekolah_list, name="sekolah_list"),
    path("sekolah/<int:pk>/", views.sekolah_detail, name="sekolah_detail"),
    path("sekolah/<int:pk>/kepala/", views.kepala_assign, name="kepala_assign"),
    path("sekolah/<int:pk>/ptk/tambah/", views.ptk_create, name="ptk_create"),
    path("kepala/<int:pk>/akhiri/", views.kepala_end, name="kepala_end"),
    path("ptk/", views.ptk_list, name="ptk_list"),
    path("ptk/<int:pk>/", views.ptk_detail, name="ptk_detail"),
    path("ptk/<int:pk>/ubah/", views.ptk_update, name="ptk_update"),
    path("ptk/<int:pk>/mutasi/", views.ptk_transfer, name="ptk_transfer"),
    path("ptk/<int:pk>/verval/", views.verval_create, name="verval_create"),
    path("verval/", views.verval_list, name="verval_list"),
]
