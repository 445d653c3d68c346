"""Settings shared by every environment, driven by one ``environ.Env()``.

With no environment at all the portal runs on a SQLite file with Celery in eager mode
(the embedded default). ``DATABASE_URL`` and ``CELERY_BROKER_URL`` switch to PostgreSQL
and Redis with real workers.
"""

from pathlib import Path

import environ
from celery.schedules import crontab

BASE_DIR = Path(__file__).resolve().parent.parent.parent
env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False) if (BASE_DIR / ".env").exists() else None

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tables2",
    "django_filters",
    "django_htmx",
    "django_celery_beat",
    "org",
    "notify",
    "campaigns",
    "indicators",
    "reporting",
    "households",
    "followup",
    "emulation",
    "dashboards",
    "documents",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # HTML and JSON compressed (issue 13 item 6). BREACH: Django's GZipMiddleware pads each
    # response with random bytes (Heal The Breach) and the CSRF token is masked anew per
    # response; no other secret is reflected into a page (docs/design.md section 9).
    "django.middleware.gzip.GZipMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "org.middleware.SessionLifetimeMiddleware",
    "org.middleware.PasswordChangeRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "org.context_processors.access",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    (BASE_DIR / "var").mkdir(exist_ok=True)
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update({"timeout": 20, "init_command": "PRAGMA journal_mode=WAL;"})
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    # A kept connection is checked before its first use in each request: after a PostgreSQL
    # restart the request reconnects instead of failing on the dead connection.
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Vietnamese messages, and a common-password list that knows Vietnamese (org.validators).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "org.validators.UserAttributeSimilarityValidator"},
    {"NAME": "org.validators.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "org.validators.CommonPasswordValidator"},
    {"NAME": "org.validators.NumericPasswordValidator"},
]
# Usernames normalised (NFKC, case-folded) and every password check throttled (org.auth).
AUTHENTICATION_BACKENDS = ["org.auth.ThrottledModelBackend"]
LOGIN_URL = "login"
LOGOUT_REDIRECT_URL = "login"

# Login throttling (org.auth): within one window, at most LOGIN_FAILURE_LIMIT failed tries for
# one account from one address, LOGIN_FAILURE_ACCOUNT_LIMIT for one account from anywhere and
# LOGIN_FAILURE_ADDRESS_LIMIT from one address for all accounts (one office NAT shares it).
LOGIN_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
LOGIN_FAILURE_ACCOUNT_LIMIT = env.int("LOGIN_FAILURE_ACCOUNT_LIMIT", default=20)
LOGIN_FAILURE_ADDRESS_LIMIT = env.int("LOGIN_FAILURE_ADDRESS_LIMIT", default=50)
LOGIN_FAILURE_WINDOW_SECONDS = env.int("LOGIN_FAILURE_WINDOW_SECONDS", default=900)
# The counters (org.LoginFailure) are kept this many days after their window started, for a
# look at who was tried, then purged daily at 03:10 by beat (org.tasks.login_failures_purge).
LOGIN_FAILURE_RETENTION_DAYS = env.int("LOGIN_FAILURE_RETENTION_DAYS", default=30)
# Behind n reverse proxies of our own, the caller's address is the n-th from the right of
# X-Forwarded-For (0: REMOTE_ADDR).
XTD_TRUSTED_PROXIES = env.int("XTD_TRUSTED_PROXIES", default=0)
# A signed-in session ends after 30 minutes without a request and 12 hours after sign-in
# (org.middleware.SessionLifetimeMiddleware); the cookie never outlives the 12 hours.
XTD_SESSION_IDLE_SECONDS = env.int("XTD_SESSION_IDLE_SECONDS", default=30 * 60)
XTD_SESSION_MAX_SECONDS = env.int("XTD_SESSION_MAX_SECONDS", default=12 * 3600)
SESSION_COOKIE_AGE = XTD_SESSION_MAX_SECONDS
# "Ghi nhớ trên máy này", village heads only, on their own phone (docs/design.md section 9):
# 14 days without use, 30 days at most after sign-in: a weekly report and a missed week.
XTD_REMEMBER_IDLE_SECONDS = env.int("XTD_REMEMBER_IDLE_SECONDS", default=14 * 86400)
XTD_REMEMBER_MAX_SECONDS = env.int("XTD_REMEMBER_MAX_SECONDS", default=30 * 86400)

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# Off: with it on, every integer in a template (ids in URLs and data- attributes too) would print as 1.220.
# Figures meant for people are grouped explicitly (floatformat:"0g", intcomma, the exporters' formatters).
USE_THOUSAND_SEPARATOR = False
FORMAT_MODULE_PATH = ["config.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=BASE_DIR / "var" / "media")
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# Largest spreadsheet an upload page accepts (rule 10: a bigger file is refused with one reason).
XTD_MAX_UPLOAD_BYTES = env.int("XTD_MAX_UPLOAD_BYTES", default=10 * 1024 * 1024)

CACHES = {
    "default": env.cache("CACHE_URL", default="locmemcache://xtd"),
}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    # Redis is optional at request time: unreachable means a miss (config/cache.py), found out fast.
    CACHES["default"]["BACKEND"] = "config.cache.TolerantRedisCache"
    CACHES["default"].setdefault("OPTIONS", {}).update({"socket_connect_timeout": 0.5, "socket_timeout": 1})

EMAIL_BACKEND = env("DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", default="Xã Thi Đua <no-reply@xathidua.local>")

# Celery: read by config/celery_app.py with the CELERY_ prefix.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="memory://")
CELERY_RESULT_BACKEND = env(
    "CELERY_RESULT_BACKEND", default=CELERY_BROKER_URL if CELERY_BROKER_URL.startswith("redis") else "cache+memory://"
)
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not env("CELERY_BROKER_URL", default=""))
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 15 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 14 * 60
CELERY_RESULT_EXPIRES = 24 * 3600
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Sending a task never holds a request long (issue 14): with the broker down, publishing fails
# within about a second, once, and the job stays queued for the sweeper (indicators.runs).
CELERY_BROKER_CONNECTION_TIMEOUT = env.float("CELERY_BROKER_CONNECTION_TIMEOUT", default=1.0)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 1,
    "socket_timeout": 5,
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
CELERY_TASK_PUBLISH_RETRY = False
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_TASK_DEFAULT_QUEUE", default="celery")
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = 1
CELERY_REDIS_SOCKET_TIMEOUT = 5
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {"retry_policy": {"max_retries": 0}}
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Periodic jobs; apps add their entries in their own modules (see config/celery_app.py).
CELERY_BEAT_SCHEDULE: dict = {}
# Attainment engine (indicators.tasks): a full recompute nightly at 01:30, and a recompute
# right after each reporting deadline (checked every 5 minutes). Seconds between a change of
# figures and its collapsed recompute:
XTD_RECOMPUTE_COUNTDOWN = env.int("XTD_RECOMPUTE_COUNTDOWN", default=10)
CELERY_BEAT_SCHEDULE["indicators-recompute-nightly"] = {
    "task": "indicators.tasks.recompute_all_nightly",
    "schedule": crontab(hour=1, minute=30),
}
CELERY_BEAT_SCHEDULE["indicators-recompute-after-deadlines"] = {
    "task": "indicators.tasks.recompute_after_deadlines",
    "schedule": 5 * 60,
}
# Jobs that recover (indicators.runs): a claimed run or document holds a lease refreshed by a
# heartbeat; the sweeper sends again every lost job each XTD_SWEEP_SECONDS and gives up after
# XTD_JOB_MAX_ATTEMPTS claims. XTD_JOB_STEP_DELAY (seconds, 0) is a test hook that slows jobs.
XTD_JOB_LEASE_SECONDS = env.int("XTD_JOB_LEASE_SECONDS", default=120)
XTD_JOB_MAX_ATTEMPTS = env.int("XTD_JOB_MAX_ATTEMPTS", default=3)
XTD_JOB_LOST_SECONDS = env.int("XTD_JOB_LOST_SECONDS", default=300)
XTD_JOB_STEP_DELAY = env.float("XTD_JOB_STEP_DELAY", default=0)
# A recompute that finds another run of its campaign alive tries again after this many seconds.
XTD_RECOMPUTE_BUSY_RETRY_SECONDS = env.int("XTD_RECOMPUTE_BUSY_RETRY_SECONDS", default=15)
XTD_SWEEP_SECONDS = env.float("XTD_SWEEP_SECONDS", default=60)
CELERY_BEAT_SCHEDULE["indicators-runs-sweep"] = {"task": "indicators.tasks.runs_sweep", "schedule": XTD_SWEEP_SECONDS}
CELERY_BEAT_SCHEDULE["org-login-failures-purge"] = {
    "task": "org.tasks.login_failures_purge",
    "schedule": crontab(hour=3, minute=10),
}
CELERY_BEAT_SCHEDULE["documents-exports-sweep"] = {
    "task": "documents.tasks.exports_sweep",
    "schedule": XTD_SWEEP_SECONDS,
}

# --- Notifications and reminders (notify, followup; issue 17) ---------------------------------
# The address links in messages start with; where "Việc cần làm" is (login lands there).
XTD_SITE_URL = env("XTD_SITE_URL", default="http://127.0.0.1:8000")
LOGIN_REDIRECT_URL = "dashboards:todo"
# Reminder run (followup.tasks.reminders_send) every XTD_REMINDER_EVERY_SECONDS; lead times,
# missing-report days and task / Mẫu 02 lead days are set per commune (followup.FollowupSettings).
XTD_REMINDER_EVERY_SECONDS = env.int("XTD_REMINDER_EVERY_SECONDS", default=15 * 60)
CELERY_BEAT_SCHEDULE["followup-reminders"] = {
    "task": "followup.tasks.reminders_send",
    "schedule": XTD_REMINDER_EVERY_SECONDS,
}
XTD_DELIVERY_SWEEP_SECONDS = env.float("XTD_DELIVERY_SWEEP_SECONDS", default=5 * 60)
CELERY_BEAT_SCHEDULE["notify-deliveries-sweep"] = {
    "task": "notify.tasks.deliveries_sweep",
    "schedule": XTD_DELIVERY_SWEEP_SECONDS,
}
# Delivery: attempts before "given up", backoff base (60 s, 2 min, 4 min …), channel timeout.
XTD_DELIVERY_MAX_ATTEMPTS = env.int("XTD_DELIVERY_MAX_ATTEMPTS", default=5)
XTD_DELIVERY_RETRY_SECONDS = env.int("XTD_DELIVERY_RETRY_SECONDS", default=60)
XTD_CHANNEL_TIMEOUT = env.float("XTD_CHANNEL_TIMEOUT", default=10)
# E-mail through Django's SMTP backend: DJANGO_EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend.
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env.bool("EMAIL_USE_SSL", default=False)
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", default=str(BASE_DIR / "var" / "mail"))
# Zalo ZNS (notify.channels.ZaloChannel): on when both the OA access token and an approved
# template id are set; the template takes the parameters don_vi, noi_dung, han, duong_dan.
XTD_ZALO_ACCESS_TOKEN = env("XTD_ZALO_ACCESS_TOKEN", default="")
XTD_ZALO_TEMPLATE_ID = env("XTD_ZALO_TEMPLATE_ID", default="")
XTD_ZALO_ZNS_URL = env("XTD_ZALO_ZNS_URL", default="https://business.openapi.zalo.me/message/template")
# SMS through a brandname gateway over HTTP (notify.channels.SmsChannel): on when XTD_SMS_URL is set.
XTD_SMS_URL = env("XTD_SMS_URL", default="")
XTD_SMS_USERNAME = env("XTD_SMS_USERNAME", default="")
XTD_SMS_PASSWORD = env("XTD_SMS_PASSWORD", default="")
XTD_SMS_BRANDNAME = env("XTD_SMS_BRANDNAME", default="")
XTD_SMS_BODY_TEMPLATE = env(
    "XTD_SMS_BODY_TEMPLATE", default='{"to": "{phone}", "from": "{brandname}", "text": "{text}", "ref": "{id}"}'
)
XTD_SMS_CODE_FIELD = env("XTD_SMS_CODE_FIELD", default="code")
XTD_SMS_ID_FIELD = env("XTD_SMS_ID_FIELD", default="id")
XTD_SMS_SUCCESS_CODES = env("XTD_SMS_SUCCESS_CODES", default="0,00,100")
XTD_SMS_RETRY_CODES = env("XTD_SMS_RETRY_CODES", default="")
XTD_SMS_ASCII = env.bool("XTD_SMS_ASCII", default=True)
# The embedded schedule (scripts/demo.sh): CELERY_BROKER_URL=filesystem:// keeps the queue in
# files under XTD_CELERY_FS_DIR, so a worker with beat runs on a laptop with no broker server.
if CELERY_BROKER_URL.startswith("filesystem://"):
    _queue = Path(env("XTD_CELERY_FS_DIR", default=str(BASE_DIR / "var" / "celery")))
    for _sub in ("queue", "processed", "control"):
        (_queue / _sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue / "queue"),
        "data_folder_out": str(_queue / "queue"),
        "processed_folder": str(_queue / "processed"),
        "control_folder": str(_queue / "control"),
        "store_processed": False,
    }

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
}

DJANGO_TABLES2_TEMPLATE = "django_tables2/bootstrap5-responsive.html"
DJANGO_TABLES2_TABLE_ATTRS = {"class": "table"}
