from django.urls import path

from leadpact.privacy import views

app_name = "privacy"

urlpatterns = [
    path("", views.privacy_index, name="index"),
    path("export", views.privacy_export_view, name="export"),
    path("object", views.privacy_object_view, name="object"),
    path("erase", views.privacy_erase_view, name="erase"),
]
