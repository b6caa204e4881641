"""The REST API, ``/api/v1``: django-ninja routers, one per resource, over the same services as the site's pages.

``api.py`` assembles them; ``auth.py`` says who may call; ``problems.py`` renders every refusal as RFC 7807;
``openapi.py`` writes the committed schema (``docs/openapi.json``). docs/api.md is the guide.
"""
