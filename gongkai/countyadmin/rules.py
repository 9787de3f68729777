"""Who runs the county pages, and which accounts a new county starts with."""

from gongkai.accounts.models import Role
from gongkai.accounts.rules import is_city_admin
from gongkai.units.models import SpecialRole

__all__ = ["COORDINATING_ACCOUNTS", "is_city_admin"]

# The three coordinating accounts every new county starts with: (unit's role, account's role,
# suffix of the user name).
COORDINATING_ACCOUNTS = [
    (SpecialRole.COUNTY_OFFICE, Role.COUNTY_OFFICE, "county"),
    (SpecialRole.SERVICE_CENTER, Role.SERVICE_CENTER, "service"),
    (SpecialRole.MEDIA_CENTER, Role.MEDIA_CENTER, "media"),
]
