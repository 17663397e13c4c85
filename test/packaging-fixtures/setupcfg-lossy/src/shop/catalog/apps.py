from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "shop.catalog"
