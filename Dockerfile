# Xã Thi Đua: one image for the web, worker and beat processes (see docker-compose.yml).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# WeasyPrint's native libraries, and fonts with Vietnamese glyphs ('Times New Roman'
# resolves to the metric-compatible Liberation Serif).
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 libjpeg62-turbo libopenjp2-7 libffi8 \
        fontconfig fonts-liberation2 fonts-liberation fonts-dejavu-core fonts-noto-core \
    && rm -rf /var/lib/apt/lists/* \
    && fc-cache -f

RUN useradd --create-home --uid 10001 --shell /usr/sbin/nologin app
WORKDIR /app
RUN mkdir -p /app/var/media /app/staticfiles && chown -R app:app /app

COPY requirements.txt .
RUN pip install -r requirements.txt

COPY --chown=app:app . .
USER app

# Static files are collected into the image and served by WhiteNoise. The production
# settings need a secret key to load; this build-time placeholder is only for
# collectstatic and never reaches the running containers (they get DJANGO_SECRET_KEY).
ARG BUILD_ONLY_SECRET_KEY=collectstatic-build-placeholder-not-a-secret
RUN DJANGO_SETTINGS_MODULE=config.settings.production \
    DJANGO_SECRET_KEY="$BUILD_ONLY_SECRET_KEY" \
    DJANGO_ALLOWED_HOSTS=localhost \
    python manage.py collectstatic --noinput

ENV DJANGO_SETTINGS_MODULE=config.settings.production
EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
