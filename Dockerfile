# Newsroom web image: gunicorn + whitenoise, PostgreSQL from DATABASE_URL (see docker-compose.yml).
FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

# Dependencies first (pyproject.toml declares no importable packages: the code runs from
# /app), so code changes do not reinstall them.
COPY pyproject.toml ./
RUN pip install .

COPY . .

# Hashed, compressed static files for whitenoise. The URL only satisfies the settings:
# collectstatic never connects, and without it the embedded database would start.
RUN DEBUG=0 DATABASE_URL=postgresql://build@localhost/build python manage.py collectstatic --no-input -v0

RUN useradd --system --home-dir /app newsroom
USER newsroom

ENV DEBUG=0
EXPOSE 8000

# Migrations on every start (idempotent), then gunicorn. Chosen by bench/web.py (creates
# at 16 connections on 2 cores): one thread per worker serves as many requests as sync
# workers, four threads per worker fewer (they contend for the GIL and the database).
# gthread rather than sync so that a long CSV export streams for as long as it takes: the
# worker's main thread keeps telling the arbiter it is alive, where a sync worker would
# be killed at its timeout. Scale with WEB_CONCURRENCY (processes), not threads.
CMD ["sh", "-c", "python manage.py migrate --no-input && exec gunicorn newsroom.wsgi --bind 0.0.0.0:8000 --workers ${WEB_CONCURRENCY:-2} --worker-class gthread --threads 1 --access-logfile -"]
