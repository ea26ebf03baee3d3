# A small, non-root image running `circles serve` (HTTP mode) on port 3000.
FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY handlers ./handlers
COPY jobs ./jobs
COPY migrations ./migrations
RUN pip install --no-cache-dir --prefix=/install .

FROM python:3.11-slim
RUN useradd --create-home --uid 10001 circles \
    && mkdir -p /data && chown circles:circles /data
COPY --from=build /install /usr/local
USER circles
WORKDIR /home/circles
ENV PYTHONUNBUFFERED=1 \
    DATABASE_URL=sqlite:////data/circles.db
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:3000/healthz', timeout=4).status != 200)"]
CMD ["circles", "serve", "--host", "0.0.0.0", "--port", "3000"]
