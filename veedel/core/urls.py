from django.templatetags.static import static
from django.urls import path
from django.views.generic import RedirectView

from veedel.core import views

app_name = "core"
urlpatterns = [
    # Browsers ask for /favicon.ico on pages that name no icon (the admin's, for instance).
    # For load balancers and for bench/run.py's baseline: no database, no template.
    path("health/live", views.health_live, name="health_live"),
    path("favicon.ico", RedirectView.as_view(url=static("veedel/favicon.svg"), permanent=True)),
]
