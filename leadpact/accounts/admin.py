from django.contrib import admin

from leadpact.accounts.models import Account
from leadpact.core.admin import StorableJSONAdmin


@admin.register(Account)
class AccountAdmin(StorableJSONAdmin):
    list_display = ["domain", "name", "industry", "employees", "country", "is_target"]
    list_filter = ["is_target", "industry", "country"]
    search_fields = ["domain", "name"]
    readonly_fields = ["created_at", "updated_at"]
