from veedel.offers import urls_directory, urls_io, urls_staff

app_name = "offers"
urlpatterns = urls_staff.urlpatterns + urls_directory.urlpatterns + urls_io.urlpatterns
