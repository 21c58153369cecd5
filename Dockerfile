# node-patch-bot: the GitHub App (`start`) and the in-cluster agent (`agent`) in one image.
# The sources run through tsx at runtime (a production dependency), so there is no build output: the first
# stage only type-checks, and the final stage copies the sources from it so a type error fails the build.
# No HEALTHCHECK: Kubernetes probes /healthz (deploy/app/deployment.yaml).

FROM node:20-bookworm-slim AS check
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npx tsc -p tsconfig.json

FROM node:20-bookworm-slim
LABEL org.opencontainers.image.title="node-patch-bot" \
      org.opencontainers.image.description="Staged OS patch rollouts for Kubernetes nodes through pull requests" \
      org.opencontainers.image.licenses="Apache-2.0"
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000
WORKDIR /app
# git: the app pushes each phase's commit and reads branch heads and manifests through it (2.31+ for its
# config from the environment, which keeps the token off the command line); the slim image has none.
RUN apt-get update \
    && apt-get install -y --no-install-recommends git ca-certificates \
    && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
# Production dependencies only; the npm cache would be dead weight in the image.
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
# Root owns the code and the image's user cannot change it; only /tmp is written at runtime (tsx's cache,
# git clones), an emptyDir in Kubernetes.
COPY --from=check /src/bin ./bin
COPY --from=check /src/src ./src
COPY --from=check /src/schemas ./schemas
COPY --from=check /src/app.yml ./app.yml
# The issue form the onboarding pull request adds to a repository.
COPY --from=check /src/.github/ISSUE_TEMPLATE ./.github/ISSUE_TEMPLATE
# A numeric user so Kubernetes' runAsNonRoot can verify it; the manifests run as the same id.
USER 10001:10001
EXPOSE 3000
CMD ["node", "bin/node-patch-bot.js", "start"]
