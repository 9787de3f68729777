from django.contrib import admin

from gongkai.workdays.models import DayOverride

admin.site.register(DayOverride)
