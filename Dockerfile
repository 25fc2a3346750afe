# Newsroom web image: gunicorn + whitenoise, PostgreSQL from DATABASE_URL (see docker-compose.yml).
FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

# Dependencies first, so code changes do not reinstall them: the exact versions of the
# runtime lock, each checked against its hashes, and nothing else. The code runs from /app.
COPY requirements.lock ./
RUN pip install --require-hashes --no-deps -r requirements.lock

COPY . .

# The production switch: HSTS, secure cookies, the proxy's HTTPS header, and no start
# without a real SECRET_KEY (README, Settings).
ENV NEWSROOM_PRODUCTION=1

# Hashed, compressed static files for whitenoise. The URL and the throw-away key only
# satisfy the settings: collectstatic never connects or signs, and neither is kept.
RUN DEBUG=0 DATABASE_URL=postgresql://build@localhost/build \
    SECRET_KEY="$(python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
    python manage.py collectstatic --no-input -v0

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
