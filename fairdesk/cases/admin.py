"""Admin pages read the cases and their timelines; changes to cases go through the desk."""

from django.contrib import admin

from fairdesk.cases.models import (
    Attachment,
    AuditEvent,
    Case,
    CaseAlias,
    Category,
    Entry,
    Mention,
    Presence,
    RequestKey,
    Tag,
)
from fairdesk.lib.admin import ReadOnlyAdmin


@admin.register(Category)
class CategoryAdmin(ReadOnlyAdmin):
    """Added and edited on the desk's Administration, Categories: a rename moves the whole
    subtree's paths there and each change is an audit event."""

    list_display = ["path", "team", "is_fault"]
    list_filter = ["team", "is_fault"]
    search_fields = ["path"]


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name"]
    search_fields = ["name"]


class EntryInline(admin.TabularInline):
    model = Entry
    extra = 0
    can_delete = False
    fields = ("created_at", "kind", "public", "author_user", "author_customer", "body")
    readonly_fields = fields
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Case)
class CaseAdmin(ReadOnlyAdmin):
    """Read here; every change goes through the desk, whose services write the timeline
    entry and the audit event (status, owner, team, category, tags, merges…) and keep the
    promises, queues, reports and search index in step."""

    list_display = [
        "reference",
        "subject",
        "status",
        "priority",
        "team",
        "assignee",
        "customer",
        "channel",
        "updated_at",
    ]
    list_filter = ["status", "priority", "channel", "team", "category"]
    search_fields = ["reference", "subject", "customer__name", "customer__emails__address"]
    date_hierarchy = "created_at"
    inlines = [EntryInline]
    list_select_related = ["team", "assignee", "customer"]


@admin.register(Entry)
class EntryAdmin(ReadOnlyAdmin):
    """What was written stays as written: a change or a deletion here would leave no trace
    (an erasure goes through privacy.services, which records it)."""

    list_display = ["case", "kind", "public", "author_user", "author_customer", "created_at"]
    list_filter = ["kind", "public"]
    search_fields = ["case__reference", "body"]
    raw_id_fields = ["case", "author_user", "author_customer"]
    list_select_related = ["case", "author_user", "author_customer"]


@admin.register(Attachment)
class AttachmentAdmin(admin.ModelAdmin):
    list_display = ["filename", "content_type", "size", "inline", "entry"]
    list_filter = ["inline"]
    search_fields = ["filename", "sha256", "entry__case__reference"]
    raw_id_fields = ["entry"]


@admin.register(CaseAlias)
class CaseAliasAdmin(admin.ModelAdmin):
    list_display = ["reference", "case"]
    search_fields = ["reference", "case__reference"]
    raw_id_fields = ["case"]
    list_select_related = ["case"]


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    """The audit trail is read here, never edited, forged or deleted."""

    list_display = ["at", "action", "case", "actor_user", "actor_customer"]
    list_filter = ["action"]
    search_fields = ["case__reference", "action"]
    raw_id_fields = ["case", "actor_user", "actor_customer"]
    list_select_related = ["case", "actor_user", "actor_customer"]
    date_hierarchy = "at"


@admin.register(Presence)
class PresenceAdmin(ReadOnlyAdmin):
    list_display = ["case", "agent", "typing", "seen_at"]


@admin.register(Mention)
class MentionAdmin(ReadOnlyAdmin):
    list_display = ["case", "agent", "entry", "created_at"]


@admin.register(RequestKey)
class RequestKeyAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "caller", "key", "entry"]
    search_fields = ["caller", "key"]
