from django.templatetags.static import static
from django.urls import path
from django.views.generic import RedirectView

app_name = "core"
urlpatterns = [
    # Browsers ask for /favicon.ico on pages that name no icon (the admin's, for instance).
    path("favicon.ico", RedirectView.as_view(url=static("veedel/favicon.svg"), permanent=True)),
]
