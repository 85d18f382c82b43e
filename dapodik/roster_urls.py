from django.urls import path

from . import roster_apis, roster_views

app_name = "roster"
urlpatterns = [
    path("", roster_views.roster_home, name="import"),
    path("templat.<str:fmt>", roster_views.roster_templat, name="templat"),
    path("sekolah/<str:npsn>/", roster_views.roster_sekolah, name="sekolah"),
    path("sekolah/<str:npsn>/ekspor.<str:fmt>", roster_views.roster_ekspor, name="ekspor"),
    path("hasil/<int:pk>/", roster_views.roster_hasil, name="hasil"),
    path("hasil/<int:pk>/galat.csv", roster_views.roster_galat_csv, name="galat_csv"),
]
# Mounted at /api/v1/dapodik/roster/ without a namespace.
api_urlpatterns = [
    path("sekolah/<str:npsn>/impor/", roster_apis.RosterImportApi.as_view(), name="roster_api_import"),
    path("sekolah/<str:npsn>/ekspor/", roster_apis.RosterExportApi.as_view(), name="roster_api_export"),
    path("impor/<int:pk>/", roster_apis.RosterImportDetailApi.as_view(), name="roster_api_import_detail"),
]
