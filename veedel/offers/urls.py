from veedel.offers import urls_directory, urls_io

app_name = "offers"
urlpatterns = urls_directory.urlpatterns + urls_io.urlpatterns
