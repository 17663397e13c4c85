from django.urls import path

from shop.catalog import views

urlpatterns = [
    path("", views.index),
]
