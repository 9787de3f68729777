"""One settings module, driven by environment variables.

SQLite (WAL) unless ``DATABASE_URL`` is set; local memory cache and database sessions unless
``REDIS_URL`` is set. See docs/deployment.md for every variable.
"""

from pathlib import Path

from django.utils.translation import gettext_lazy as _

from gongkai.lib.env import database_from_url, env_bool, env_int, env_list, env_str

PACKAGE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(env_str("GONGKAI_DATA_DIR", str(Path.cwd() / "var"))).resolve()

DEBUG = env_bool("DEBUG", False)
# The demo and the tests run without a SECRET_KEY in the environment; production must set one
# (``check --deploy`` and the deployment guide say so).
DEVELOPMENT_SECRET_KEY = "insecure-development-key-set-SECRET_KEY-in-production"
SECRET_KEY = env_str("SECRET_KEY") or DEVELOPMENT_SECRET_KEY
ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", ["127.0.0.1", "localhost", ".localhost", "[::1]", "testserver"]
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "gongkai.accounts.admin_apps.GongkaiAdminConfig",  # django.contrib.admin, our sign-in
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "gongkai.security",
    "gongkai.counties",
    "gongkai.core",
    "gongkai.ops",
    "gongkai.accounts",
    "gongkai.units",
    "gongkai.programmes",
    "gongkai.workdays",
    "gongkai.audit",
    "gongkai.workbench",
    "gongkai.live",
    "gongkai.publishing",
    "gongkai.interviews",
    "gongkai.questions",
    "gongkai.visits",
    "gongkai.policies",
    "gongkai.consultations",
    "gongkai.assessment",
    "gongkai.inspection",
    "gongkai.city",
    "gongkai.portal",
    "gongkai.countyadmin",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "gongkai.security.headers.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Before anything reads the body (the NUL check, the CSRF check): refuse it by its length.
    "gongkai.security.limits.RequestBodyLimitMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Host name -> county: everything after this runs in that county's scope.
    "gongkai.counties.middleware.CountyMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "gongkai.audit.middleware.AuditUserMiddleware",
    "gongkai.accounts.middleware.AccountSecurityMiddleware",
    "gongkai.portal.care.CareModeMiddleware",
]

ROOT_URLCONF = "gongkai.conf.urls"
WSGI_APPLICATION = "gongkai.conf.wsgi.application"
ASGI_APPLICATION = "gongkai.conf.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "gongkai.core.context_processors.site",
                "gongkai.portal.identity.context",
            ],
            # {{ value|day }} / {{ value|when }}: every date on every page (gongkai.lib.datefilters)
            "builtins": ["gongkai.lib.datefilters"],
        },
    }
]

DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": database_from_url(DATABASE_URL)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "gongkai.sqlite3",
            # WAL lets readers go on while one writer writes; IMMEDIATE takes the write lock at
            # BEGIN so two writers queue (busy timeout) instead of failing with "database is locked".
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
                ),
            },
        }
    }

REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "gongkai"),
        }
    }
    # Sessions survive a Redis restart: written to the database, read through the cache.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "workbench:home"
LOGOUT_REDIRECT_URL = "portal:home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "gongkai.accounts.validators.CharacterClassesValidator"},
    {"NAME": "gongkai.accounts.validators.UsernameNotContainedValidator"},
    {"NAME": "gongkai.accounts.validators.PasswordHistoryValidator"},
]
# Account security (docs/security.md): lockout, inactivity logout, two-factor login.
LOGIN_LOCKOUT_FAILURES = env_int("LOGIN_LOCKOUT_FAILURES", 5)
LOGIN_LOCKOUT_MINUTES = env_int("LOGIN_LOCKOUT_MINUTES", 15)
LOGIN_IP_LIMIT = env_int("LOGIN_IP_LIMIT", 30)  # failed sign-ins per IP per lockout window
# The reverse proxy (one hop) whose X-Real-IP header names the client: comma-separated
# addresses or networks. Empty: the connection's own address (REMOTE_ADDR) is the client's,
# whatever a client writes in X-Real-IP (docs/deployment.md, docs/security.md).
GONGKAI_TRUSTED_PROXIES = env_list("GONGKAI_TRUSTED_PROXIES", [])
GONGKAI_IDLE_TIMEOUT_MINUTES = env_int("GONGKAI_IDLE_TIMEOUT_MINUTES", 30)
GONGKAI_IDLE_WARNING_MINUTES = env_int("GONGKAI_IDLE_WARNING_MINUTES", 5)
# Two-factor login (TOTP) is on unless GONGKAI_REQUIRE_2FA=false; ``gongkai demo`` turns it off
# for its own process so the demo accounts sign in with the password alone.
GONGKAI_REQUIRE_2FA = env_bool("GONGKAI_REQUIRE_2FA", True)
TOTP_REQUIRED_ROLES = env_list(
    "TOTP_REQUIRED_ROLES",
    ["county_office", "service_center", "media_center", "unit_staff", "admin", "assessor"],
)
# Personal data of representatives/netizens is blanked this many days after its date field
# (``gongkai purge_personal_data``); counts stay.
GONGKAI_PERSONAL_DATA_RETENTION_DAYS = env_int("GONGKAI_PERSONAL_DATA_RETENTION_DAYS", 730)
# Uploaded files under these MEDIA_ROOT prefixes are served to everyone; others to staff only.
GONGKAI_PUBLIC_MEDIA_PREFIXES = env_list("GONGKAI_PUBLIC_MEDIA_PREFIXES", ["public/"])
# A representative's ID number is looked up by a keyed hash that includes the county (a person
# registered in one county is not linked to another county's record); True: one hash for the
# whole deployment (a province that shares its representatives). docs/decisions.md.
GONGKAI_SHARED_PERSON_INDEX = env_bool("GONGKAI_SHARED_PERSON_INDEX", False)
GONGKAI_MEDIA_ACCEL_REDIRECT = env_str("GONGKAI_MEDIA_ACCEL_REDIRECT")
# Photos with more pixels are refused (a small PNG can decode to gigabytes).
GONGKAI_IMAGE_MAX_PIXELS = env_int("GONGKAI_IMAGE_MAX_PIXELS", 50_000_000)
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 60 * 60 * 8)

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
# gongkai/lib is not an app: its messages (upload checks...) have their own catalogue.
LOCALE_PATHS = [PACKAGE_DIR / "lib" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(DATA_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# The demo serves static files straight from the apps; a deployment runs collectstatic.
WHITENOISE_USE_FINDERS = env_bool("WHITENOISE_USE_FINDERS", True)
WHITENOISE_AUTOREFRESH = DEBUG
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Request bodies, refused by their length before they are read (RequestBodyLimitMiddleware;
# nginx has the same limits per location, docs/deployment.md): every route, then the staff
# photo/document upload routes and the staff video upload routes, for signed-in staff only.
GONGKAI_BODY_MAX_MB = env_int("GONGKAI_BODY_MAX_MB", 2)
GONGKAI_UPLOAD_MAX_MB = env_int("GONGKAI_UPLOAD_MAX_MB", 40)
GONGKAI_VIDEO_UPLOAD_MAX_MB = env_int("GONGKAI_VIDEO_UPLOAD_MAX_MB", 2100)
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Web hardening: secure cookies and HSTS whenever the site is served over HTTPS.
SECURE_HTTPS = env_bool("SECURE_HTTPS", False)
SESSION_COOKIE_SECURE = SECURE_HTTPS
CSRF_COOKIE_SECURE = SECURE_HTTPS
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", SECURE_HTTPS)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if SECURE_HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if SECURE_HTTPS else None
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", SECURE_HTTPS)
CSRF_COOKIE_HTTPONLY = False  # htmx reads no cookie; the token travels in the form/header
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# A form sent after its token expired gets a page in the portal's look saying what to do next.
CSRF_FAILURE_VIEW = "gongkai.portal.errors.csrf_failure"
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"

# The live broker: in-process unless Redis is configured (see gongkai/live/broker.py).
LIVE_BROKER = "redis" if REDIS_URL else "memory"
# Open /live/ streams per client address per ASGI worker (0: no cap). Behind nginx the address
# is X-Real-IP, trusted only from GONGKAI_TRUSTED_PROXIES (gongkai/live/access.py).
LIVE_MAX_CONNECTIONS_PER_ADDRESS = env_int("LIVE_MAX_CONNECTIONS_PER_ADDRESS", 200)

# The personal-data key (Fernet, urlsafe base64 of 32 bytes). Production sets FIELD_ENCRYPTION_KEY;
# old keys stay readable in FIELD_ENCRYPTION_OLD_KEYS during rotation (docs/security.md).
FIELD_ENCRYPTION_KEY = env_str("FIELD_ENCRYPTION_KEY")
FIELD_ENCRYPTION_OLD_KEYS = env_list("FIELD_ENCRYPTION_OLD_KEYS", [])
# The key of the lookup hashes (ID numbers, netizens' lookup codes). Never rotated with the
# key above; unset, the hashes use FIELD_ENCRYPTION_KEY (else SECRET_KEY) as they always did.
FIELD_LOOKUP_KEY = env_str("FIELD_LOOKUP_KEY")

GONGKAI_SITE_NAME = _("Jingbian County Government Openness")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "gongkai@localhost")
# The portal's public address (https://…, no trailing slash): links in SMS and e-mail.
GONGKAI_SITE_URL = env_str("GONGKAI_SITE_URL")
GONGKAI_SMS_BACKEND = env_str("GONGKAI_SMS_BACKEND", "gongkai.security.notify.LogSMSBackend")
# Self-registration limits (docs/security.md): SMS per citizen's phone per day, registrations
# per mobile number per programme year, accepted registrations per network address per day.
GONGKAI_SMS_PER_PHONE_PER_DAY = env_int("GONGKAI_SMS_PER_PHONE_PER_DAY", 3)
GONGKAI_REGISTRATIONS_PER_PHONE_PER_YEAR = env_int("GONGKAI_REGISTRATIONS_PER_PHONE_PER_YEAR", 2)
GONGKAI_REGISTRATIONS_PER_ADDRESS_PER_DAY = env_int("GONGKAI_REGISTRATIONS_PER_ADDRESS_PER_DAY", 10)
