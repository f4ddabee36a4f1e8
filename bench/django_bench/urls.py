"""Every URL of the app, unchanged and first, then the benchmark's views."""

from django.urls import path
from django.urls import re_path

from bench.django_bench import tuned
from bench.django_bench.floor import floor
from config import urls as app_urls

urlpatterns = [
    *app_urls.urlpatterns,
    path("bench/floor/", floor),
    path("bench/tuned/products/", tuned.product_list),
    # Digits only, as ids are; any other path is the app's own 404.
    re_path(r"^bench/tuned/products/(?P<pk>[0-9]+)/$", tuned.product_detail),
]

# Django looks the error handlers up on the root URLconf.
handler400 = app_urls.handler400
handler404 = app_urls.handler404
handler500 = app_urls.handler500
