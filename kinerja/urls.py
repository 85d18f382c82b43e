"""Page URLs of Pengelolaan Kinerja, one module per area so each can grow on its own."""

from . import urls_akses, urls_siklus

app_name = "kinerja"
urlpatterns = urls_akses.urlpatterns + urls_siklus.urlpatterns
