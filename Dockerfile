# The web, worker and beat image of docker-compose.yml.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
    shared-mime-info postgresql-client curl \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml README.md ./
COPY leanproj leanproj
COPY org org
COPY workdays workdays
COPY projects projects
COPY maps maps
COPY surveys surveys
COPY notifications notifications
COPY documents documents
RUN pip install --no-cache-dir .
COPY . .
RUN DJANGO_SETTINGS_MODULE=leanproj.settings.production DJANGO_SECRET_KEY=build-only DJANGO_ALLOWED_HOSTS=build \
    python manage.py collectstatic --noinput -v0 \
 && useradd --system --home /app leanproj && mkdir -p /app/media && chown leanproj /app/media
USER leanproj
EXPOSE 8000
CMD ["gunicorn", "leanproj.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
