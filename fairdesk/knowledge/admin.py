from django.contrib import admin

from fairdesk.knowledge.models import Category, Version


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name_de", "name_en"]


@admin.register(Version)
class VersionAdmin(admin.ModelAdmin):
    # Read-only: articles change through the desk's pages (knowledge.services), never here.
    list_display = ["article", "number", "state", "visibility", "title_de", "title_en"]
    list_filter = ["state", "visibility"]
    search_fields = ["title_de", "title_en"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
