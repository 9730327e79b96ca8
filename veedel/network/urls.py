from veedel.network import urls_actors, urls_networks

app_name = "network"
urlpatterns = urls_actors.urlpatterns + urls_networks.urlpatterns
