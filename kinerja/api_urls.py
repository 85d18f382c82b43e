from . import urls_akses, urls_siklus

urlpatterns = urls_akses.api_urlpatterns + urls_siklus.api_urlpatterns
