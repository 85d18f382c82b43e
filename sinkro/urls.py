from django.urls import path
from django.views.generic import TemplateView

from . import catalogue

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
]
