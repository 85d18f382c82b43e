from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from dapodik import roster_urls

from . import apis, views

urlpatterns = [
    path("", views.home, name="home"),
    path("masuk/", views.LoginView.as_view(), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("jam-simulasi/", views.clock_page, name="clock"),
    path("dapodik/roster/", include("dapodik.roster_urls")),
    path("dapodik/", include("dapodik.urls")),
    path("kinerja/", include("kinerja.urls")),
    path("sinkro/", include("sinkro.urls")),
    path("bantuan/", include("pmm.bantuan.urls")),
    path("dinas/", include("kinerja.dinas.urls")),
    # The mock BKN side (SIASN + e-Kinerja): its own pages and its own HTTP API (x-api-key).
    path("ekinerja/api/", include("sinkro.ekinerja.api_urls")),
    path("ekinerja/", include("sinkro.ekinerja.urls")),
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="api_schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api_schema"), name="api_docs"),
    path("api/v1/me/", apis.MeApi.as_view(), name="api_me"),
    path("api/v1/token/", apis.TokenApi.as_view(), name="api_token"),
    path("api/v1/dapodik/roster/", include(roster_urls.api_urlpatterns)),
    path("api/v1/dapodik/", include("dapodik.api_urls")),
    path("api/v1/kinerja/", include("kinerja.api_urls")),
    path("api/v1/sinkro/", include("sinkro.api_urls")),
    path("api/v1/bantuan/", include("pmm.bantuan.api_urls")),
    path("api/v1/dinas/", include("kinerja.dinas.api_urls")),
]

handler400 = "pmm.views.error_400"
handler403 = "pmm.views.error_403"
handler404 = "pmm.views.error_404"
handler500 = "pmm.views.error_500"
