from django.contrib import admin

from leadpact.accounts.models import Account


@admin.register(Account)
class AccountAdmin(admin.ModelAdmin):
    list_display = ["domain", "name", "industry", "employees", "country", "is_target"]
    list_filter = ["is_target", "industry", "country"]
    search_fields = ["domain", "name"]
    readonly_fields = ["created_at", "updated_at"]
