"""Counties (区县): the tenants of a deployment. One county by default; a city or province runs
many on one deployment, each reached by its own host names (docs/decisions.md, "Many counties
on one deployment")."""
