# Entry points. Every target installs what it needs first, so each works on a fresh clone.
SHELL := /bin/bash
.DEFAULT_GOAL := help
NPM_STAMP := node_modules/.agentgate-installed

.PHONY: help deps build test lint crds wasm demo bench e2e-kind clean

help: ## List targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-9s %s\n", $$1, $$2}'

$(NPM_STAMP): package.json package-lock.json $(wildcard */package.json)
	npm ci --no-audit --no-fund
	@touch $@

deps: $(NPM_STAMP) ## Install npm packages (npm ci)

build: deps ## Compile every workspace (tsc -b)
	npx tsc -b

crds: build ## Regenerate crds/manifests and the chart's CRDs from the schemas
	node crds/dist/src/gen/write-manifests.js

wasm: deps ## Recompile the masking feature pass (sidecar/assembly) into sidecar/src/masking/features-wasm.ts
	node sidecar/scripts/build-wasm.mjs

lint: build ## ESLint + type check
	npx eslint .

test: deps ## Install what is missing, start real servers, run every test (includes lint)
	bash scripts/test.sh

demo: deps ## Run the main job on an embedded default (no cluster)
	bash scripts/demo.sh

bench: build ## Run the benchmarks in bench/
	bash scripts/bench.sh

e2e-kind: build ## Run the e2e scenarios against a real cluster (needs KUBECONFIG / kind)
	bash scripts/e2e-kind.sh

clean: ## Remove build output
	rm -rf */dist */tsconfig.tsbuildinfo
