"""Veedel settings, read from environment variables with safe development defaults.

Nothing is required just to start: without ``DATABASE_URL`` Veedel uses a SQLite file in the
data folder; without ``VEEDEL_SECRET_KEY`` a key is generated once and kept in that folder.
DEBUG is off unless ``VEEDEL_DEBUG=1``. ``VEEDEL_PRODUCTION=1`` switches on HTTPS-only cookies
and HSTS (see docs/deployment.md).
"""

import os
import secrets
from importlib.util import find_spec
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from veedel.areas.manifest import area_settings

PACKAGE_DIR = Path(__file__).resolve().parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def default_data_dir() -> Path:
    # In a source checkout (editable install) the data folder sits beside the package.
    checkout = PACKAGE_DIR.parent
    if (checkout / "pyproject.toml").exists():
        return checkout / "var"
    return Path.home() / ".local" / "share" / "veedel"


DATA_DIR = Path(os.environ.get("VEEDEL_DATA_DIR", default_data_dir()))
DATA_DIR.mkdir(parents=True, exist_ok=True)


def load_secret_key() -> str:
    if key := os.environ.get("VEEDEL_SECRET_KEY"):
        return key
    key_file = DATA_DIR / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    key = secrets.token_urlsafe(50)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


SECRET_KEY = load_secret_key()
DEBUG = env_bool("VEEDEL_DEBUG")
PRODUCTION = env_bool("VEEDEL_PRODUCTION")
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("VEEDEL_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]").split(",")
    if h.strip()
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("VEEDEL_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    # Translatable vocabulary (goals, topics, target groups …): before the admin, as it asks.
    "modeltranslation",
    # Veedel's apps first, so that their templates (login, password reset) take precedence
    # over those of django.contrib.admin and django.contrib.auth.
    "veedel.core",
    "veedel.accounts",
    "veedel.areas",
    "veedel.programme",
    "veedel.network",
    "veedel.offers",
    "veedel.guide",
    "veedel.initiatives",
    "veedel.agreements",
    "veedel.reports",
    "veedel.council",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "veedel.core.languages.ResidentLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
]

ROOT_URLCONF = "veedel.urls"
WSGI_APPLICATION = "veedel.wsgi.application"

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
                "veedel.core.context_processors.site",
                "veedel.core.languages.languages_context",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'veedel.sqlite3'}", conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
    # Connections are kept (as on PostgreSQL): opening one costs about 4 ms, most of it in
    # setting up and, on the last close, checkpointing the write-ahead log.
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:dashboard"
LOGOUT_REDIRECT_URL = "programme:home"

# Internationalisation: German first, English second. Source strings are English.
LANGUAGE_CODE = "de"
LANGUAGES = [
    ("de", _("German")),
    ("en", _("English")),
    ("tr", _("Turkish")),
    ("ar", _("Arabic")),
]
# Turkish and Arabic serve the pages a resident uses (views marked with
# ``veedel.core.languages.resident_page``); every other page shows in German for them.
RESIDENT_ONLY_LANGUAGES = ("tr", "ar")
# Content with a fixed vocabulary (goals, topics, target groups, periods …) is translated in
# the admin; where a translation is missing, the German text is shown.
MODELTRANSLATION_DEFAULT_LANGUAGE = "de"
MODELTRANSLATION_LANGUAGES = ("de", "en", "tr", "ar")
MODELTRANSLATION_FALLBACK_LANGUAGES = ("de",)
# A record made in code with the plain field (``Topic(name=…)``) while another language is
# active also gets its German value, so German pages (and the fallback) never show it empty.
MODELTRANSLATION_AUTO_POPULATE = "default"
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("VEEDEL_STATIC_ROOT", DATA_DIR / "static"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Uploaded files (initiative documents, paper attachments) are private: there is no MEDIA_URL
# route; each app serves its files through a view that checks permissions on the object.
MEDIA_ROOT = Path(os.environ.get("VEEDEL_MEDIA_ROOT", DATA_DIR / "files"))
# Largest upload accepted for documents, in bytes (default 10 MB).
VEEDEL_MAX_UPLOAD_BYTES = int(os.environ.get("VEEDEL_MAX_UPLOAD_BYTES", 10 * 1024 * 1024))
# Serve straight from the packages' static folders when nothing was collected (demo, tests).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# E-mail: printed to the console unless an SMTP server is configured.
EMAIL_BACKEND = os.environ.get(
    "VEEDEL_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = os.environ.get("VEEDEL_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("VEEDEL_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("VEEDEL_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("VEEDEL_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("VEEDEL_EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("VEEDEL_DEFAULT_FROM_EMAIL", "veedel@localhost")

# Security. CSRF is on for every form; the content security policy allows no inline script.
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("VEEDEL_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("VEEDEL_HSTS_SECONDS", 31536000))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = False

# The maps' background: basemap.de Web Raster, the official basemap of Germany's surveying
# authorities (BKG and the Länder, CC BY 4.0), loaded by the visitor's browser. The setting
# VEEDEL_MAP_TILE_URL="" (or "off") switches it off, any other URL ({z}/{x}/{y}, {s}) points at
# a city's own tile server. Without a background the maps still draw the context layer from our
# own data (city outline, districts, quarter names; docs/design.md, "Kartenhintergrund und
# Datenschutz").
BASEMAP_DE_TILE_URL = (
    "https://sgx.geodatenzentrum.de/wmts_basemapde/tile/1.0.0/"
    "de_basemapde_web_raster_farbe/default/GLOBAL_WEBMERCATOR/{z}/{y}/{x}.png"
)
BASEMAP_DE_ATTRIBUTION = (
    '<a href="https://basemap.de/">basemap.de</a> © GeoBasis-DE / BKG ({year}) '
    '<a href="https://creativecommons.org/licenses/by/4.0/">CC BY 4.0</a>'
)


def map_tiles(url: str | None, attribution: str | None) -> tuple[str, str]:
    """(tile URL, attribution) from the two settings: unset is basemap.de, "" or "off" none."""
    import datetime

    if url is None:
        year = datetime.date.today().year
        return BASEMAP_DE_TILE_URL, attribution or BASEMAP_DE_ATTRIBUTION.format(year=year)
    url = url.strip()
    if url.lower() in {"", "off"}:
        return "", ""
    return url, attribution or ""


def tile_origin(url: str) -> str:
    """The origin the content security policy allows images from ("" without tiles)."""
    from urllib.parse import urlsplit

    if not url:
        return ""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.replace('{s}', '*')}"


def content_security_policy(tile_url: str) -> dict:
    """No inline script, no foreign script or style; images from us and the tile origin only."""
    origin = tile_origin(tile_url)
    return {
        "DIRECTIVES": {
            "default-src": ["'self'"],
            "script-src": ["'self'"],
            "style-src": ["'self'"],
            "img-src": ["'self'", "data:"] + ([origin] if origin else []),
            "connect-src": ["'self'"],
            "font-src": ["'self'"],
            "object-src": ["'none'"],
            "base-uri": ["'self'"],
            "form-action": ["'self'"],
            "frame-ancestors": ["'none'"],
        }
    }


MAP_TILE_URL, MAP_TILE_ATTRIBUTION = map_tiles(
    os.environ.get("VEEDEL_MAP_TILE_URL"), os.environ.get("VEEDEL_MAP_TILE_ATTRIBUTION")
)
CONTENT_SECURITY_POLICY = content_security_policy(MAP_TILE_URL)

# Leaflet comes from the django-leaflet package. Only its static files are used (the package's
# admin widgets need GDAL, which Veedel does without), so its folder is added here instead of
# installing the app.
STATICFILES_DIRS = [Path(find_spec("leaflet").origin).parent / "static"]


def cache_settings(url: str | None) -> dict:
    """The cache: memory of each process, or Redis (``redis://host:port/db``) shared by every
    app server once there is more than one (the page cache, veedel.core.pagecache)."""
    if not url:
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "veedel"}
    if not url.startswith(("redis://", "rediss://", "unix://")):
        raise ValueError(f"VEEDEL_CACHE_URL must be a redis://, rediss:// or unix:// URL: {url!r}")
    return {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": url,
        "KEY_PREFIX": "veedel",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }


CACHES = {"default": cache_settings(os.environ.get("VEEDEL_CACHE_URL"))}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("VEEDEL_LOG_LEVEL", "WARNING")},
}

# Where the area data lives (the bundled set by default); a city points this at its own folder.
VEEDEL_AREA_DATA_DIR = Path(os.environ.get("VEEDEL_AREA_DATA_DIR", PACKAGE_DIR / "data" / "koeln"))
# What describes the city comes from that folder's manifest.json (veedel/areas/manifest.py);
# an environment variable of the same name overrides each value.
_area = area_settings(VEEDEL_AREA_DATA_DIR, os.environ)
VEEDEL_CITY_NAME: str = _area["VEEDEL_CITY_NAME"]
VEEDEL_SITE_NAME: str = _area["VEEDEL_SITE_NAME"]
# The map's view before it fits the outlines it shows: (latitude, longitude) and zoom level.
VEEDEL_MAP_CENTRE: tuple[float, float] = _area["VEEDEL_MAP_CENTRE"]
VEEDEL_MAP_ZOOM: int = _area["VEEDEL_MAP_ZOOM"]
# Whom the footer credits for the boundaries and figures.
VEEDEL_DATA_ATTRIBUTION: str = _area["VEEDEL_DATA_ATTRIBUTION"]
# The federal state of addresses that name none (offer locations, HSDS addresses).
VEEDEL_DEFAULT_STATE: str = _area["VEEDEL_DEFAULT_STATE"]
# Uploaded import files wait here between preview and confirmation (at most an hour).
VEEDEL_IMPORT_DIR = Path(os.environ.get("VEEDEL_IMPORT_DIR", DATA_DIR / "imports"))

# Languages offered as a filter in the offers directory (ISO 639-1); any other code still
# works in the address (?sprache=…).
VEEDEL_OFFER_LANGUAGES = [
    c.strip()
    for c in os.environ.get(
        "VEEDEL_OFFER_LANGUAGES", "de,en,tr,ar,ru,pl,uk,fa,it,es,fr,ro,bg,el,ckb,sq"
    ).split(",")
    if c.strip()
]
# The country of addresses that keep none (actors): postal codes are checked in its format
# (ISO 3166 code; veedel/core/validators.py).
VEEDEL_DEFAULT_COUNTRY = os.environ.get("VEEDEL_DEFAULT_COUNTRY", "DE").strip().upper() or "DE"
