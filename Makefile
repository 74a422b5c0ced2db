# MotCua — one entry point for chores. `make help` lists the targets.
SHELL := /bin/bash
PY := .venv/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help bootstrap migrate demo references run serve worker test lint format typecheck messages clean bench

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

bootstrap: ## Create .venv (Python 3.13, else 3.12) and install the locked dependencies
	@bash scripts/bootstrap.sh

migrate: bootstrap ## Apply database migrations
	@$(PY) manage.py migrate --no-input -v 0

demo: migrate ## Load the demo province, accounts and catalog (idempotent)
	@$(PY) manage.py demo

references: bootstrap ## Rebuild docs/references (declarations, results) from a fresh throwaway demo
	@tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	  export DATABASE_URL="sqlite:///$$tmp/demo.sqlite3" MEDIA_ROOT="$$tmp/media" DEBUG=true; \
	  $(PY) manage.py migrate --no-input -v 0 && \
	  $(PY) manage.py demo --quiet-accounts > /dev/null && \
	  $(PY) manage.py demo references --out docs/references

SMS_PORT ?= 8025
SMTP_PORT ?= 8026
MAILBOX_PORT ?= 8027
# The local stand-ins `make run` serves (a brandname SMS gateway, an SMTP server with its inbox
# page); a provider you set in the environment is used instead of each.
DEMO_SMS_KEY := demo-sms-key
DEMO_SMS_SECRET := demo-sms-receipt-secret-not-for-production
run: demo ## Set up, then serve http://127.0.0.1:8000 with a task worker and the local SMS and mail servers (Ctrl-C stops all)
	@echo "MotCua: http://$(HOST):$(PORT)/  — quản trị: http://$(HOST):$(PORT)/quan-tri/"
	@echo "Tin nhắn SMS (cả mã đăng nhập): http://127.0.0.1:$(SMS_PORT)/  — thư điện tử: http://127.0.0.1:$(MAILBOX_PORT)/"
	@trap 'kill 0' INT TERM EXIT; \
	  export MOTCUA_SMS_URL="$${MOTCUA_SMS_URL:-http://127.0.0.1:$(SMS_PORT)}" \
	    MOTCUA_SMS_API_KEY="$${MOTCUA_SMS_API_KEY:-$(DEMO_SMS_KEY)}" \
	    MOTCUA_SMS_CALLBACK_SECRET="$${MOTCUA_SMS_CALLBACK_SECRET:-$(DEMO_SMS_SECRET)}" \
	    EMAIL_HOST="$${EMAIL_HOST:-127.0.0.1}" EMAIL_PORT="$${EMAIL_PORT:-$(SMTP_PORT)}" \
	    MOTCUA_PUBLIC_URL="$${MOTCUA_PUBLIC_URL:-http://$(HOST):$(PORT)}"; \
	  $(PY) -m notifications.local.sms_gateway --port $(SMS_PORT) --api-key "$$MOTCUA_SMS_API_KEY" \
	    --callback-secret "$$MOTCUA_SMS_CALLBACK_SECRET" & \
	  $(PY) -m notifications.local.mailbox --smtp-port $(SMTP_PORT) --web-port $(MAILBOX_PORT) & \
	  $(PY) manage.py worker & \
	  $(PY) manage.py dossiers scan-deadlines --every 600 & \
	  $(PY) manage.py dossiers anchor-chains --every 3600 & \
	  $(PY) manage.py runserver --noreload $(HOST):$(PORT)

serve: bootstrap ## Production: granian + worker + deadline scan + anchoring (docs/deploy.md)
	@HOST=$(HOST) PORT=$(PORT) bash scripts/serve.sh

worker: migrate ## Run the background worker alone (tasks, lost-task recovery, outbox sweeps)
	@$(PY) manage.py worker

test: bootstrap ## Run the whole test suite (PostgreSQL when DATABASE_URL is set)
	@$(PY) -m pytest

lint: bootstrap ## ruff lint + format check, mypy
	@.venv/bin/ruff check .
	@.venv/bin/ruff format --check .
	@.venv/bin/mypy .

format: bootstrap ## Apply ruff fixes and formatting
	@.venv/bin/ruff check --fix .
	@.venv/bin/ruff format .

typecheck: bootstrap ## mypy only
	@.venv/bin/mypy .

messages: bootstrap ## Refresh locale/en/LC_MESSAGES/django.po from the source
	@$(PY) manage.py makemessages -l en --ignore=.venv --ignore=frontend --ignore=static --no-obsolete

DOSSIERS ?= 100k
bench: bootstrap ## Benchmark against the machine's limits: make bench DOSSIERS=100k|1M|10M (docs/bench.md)
	@bash scripts/bench-packages.sh
	@bash scripts/postgres.sh > /dev/null
	@$(PY) -m bench --dossiers $(DOSSIERS)

clean: ## Remove .venv and local data (var/)
	rm -rf .venv var staticfiles
