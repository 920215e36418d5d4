# The portal's image: web (gunicorn), Celery worker and beat all run from it. See docs/deployment.md.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PORTAL_ENV=production \
    MEDIA_ROOT=/app/media

# Pango/HarfBuzz for WeasyPrint (PDF exports), CJK fonts so Chinese renders in PDFs and images (the templates
# name 'Noto Sans CJK SC', 'Source Han Sans SC', 'WenQuanYi Micro Hei' in that order), and libmagic for the
# upload checks (publishing/files.py).
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig fonts-noto-cjk fonts-wqy-microhei \
        libmagic1 postgresql-client \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --system app && useradd --system --gid app --home-dir /app --shell /usr/sbin/nologin app

WORKDIR /app

# Dependencies first (the project itself installs no package: pyproject lists packages = []), so code
# changes reuse this layer.
COPY pyproject.toml ./
RUN pip install .

COPY . .

# Static files are collected into the image (whitenoise serves them, hashed and compressed). The key below
# only lets the settings load during the build; the containers refuse to start without a real SECRET_KEY.
RUN SECRET_KEY=collectstatic-at-build-time-only PORTAL_BASE_URL=http://build.invalid FIELD_ENCRYPTION_KEYS=YnVpbGQtdGltZS1vbmx5LWJ1aWxkLXRpbWUtb25seSE= python manage.py collectstatic --noinput -v 0 \
    && mkdir -p /app/media \
    && chown -R app:app /app/media

USER app
EXPOSE 8000

CMD ["gunicorn", "config.wsgi", "-w", "3", "-b", "0.0.0.0:8000", "--access-logfile", "-"]
