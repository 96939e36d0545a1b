# `make site` builds the sample site into Public/; `make test` runs every test.
# Each installs what is missing first, so either works alone on a fresh machine.

SWIFT ?= swift
# Building and rendering: the cmark-gfm C library and its `cmark-gfm` command
# (the reference that rendering is tested against), and SQLite for the build store.
DEPS = libcmark-gfm-dev libcmark-gfm-extensions-dev cmark-gfm pkg-config libsqlite3-dev
# Search: Python, to install Pagefind from PyPI into .dossier-tool/venv.
SEARCH_DEPS = python3 python3-venv
# What the tests use besides: headless Chromium and CJK fonts for screenshots, and
# Java for the Nu HTML checker (vnu.jar, which install-python-tools brings).
TEST_DEPS = chromium fonts-noto-cjk default-jre-headless

.PHONY: all site build install test deps search-deps test-deps screenshots format clean

all: site

deps:
	@Scripts/install-deps $(DEPS)

# Pagefind (pinned; BENCHMARKS.md has the recall figures that chose the version).
search-deps:
	@Scripts/install-deps $(SEARCH_DEPS)
	@Scripts/install-python-tools search

test-deps: deps
	@Scripts/install-deps $(TEST_DEPS) $(SEARCH_DEPS)
	@Scripts/install-python-tools test

build: deps
	$(SWIFT) build -c release --product dossier

# `make install PREFIX=/usr/local`: dossier (its default theme is built in) in
# PREFIX/bin, and Pagefind in PREFIX/libexec/dossier, where dossier looks for it.
PREFIX ?= /usr/local
install: build search-deps
	install -d "$(DESTDIR)$(PREFIX)/bin" "$(DESTDIR)$(PREFIX)/libexec/dossier"
	install -m 755 .build/release/dossier "$(DESTDIR)$(PREFIX)/bin/dossier"
	@pagefind="$$(ls .dossier-tool/venv/lib/python3*/site-packages/pagefind_bin_extended/pagefind_extended 2>/dev/null | sort -V | tail -n 1)"; \
	if [ -z "$$pagefind" ]; then echo "Pagefind is not in .dossier-tool/venv: run make search-deps" >&2; exit 1; fi; \
	install -m 755 "$$pagefind" "$(DESTDIR)$(PREFIX)/libexec/dossier/pagefind_extended"
	@echo "Installed $(DESTDIR)$(PREFIX)/bin/dossier; try: dossier init my-briefing"

site: build search-deps
	.build/release/dossier build

test: test-deps
	$(SWIFT) build --build-tests
	$(SWIFT) test

# docs/screenshots/: the policy views in headless Chromium at 1280 and 390 px.
screenshots: build test-deps
	Scripts/docs-screenshots

format:
	$(SWIFT) format --in-place --recursive Sources Tests Package.swift

clean:
	rm -rf .build Public/* .dossier-cache
