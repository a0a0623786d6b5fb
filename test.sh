#!/usr/bin/env bash
# Installs what the tests need, builds the solution in Release and runs every test project.
# The last line is always the summary: "tests: N passed, N failed, N skipped". Exit code is non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

results=.test-results
rm -rf "$results" && mkdir -p "$results"
passed=0 failed=0 skipped=0

summary() {
  echo "tests: $passed passed, $failed failed, $skipped skipped"
  [ "$failed" -eq 0 ]
  exit $?
}

# shellcheck source=scripts/ensure-deps.sh
source scripts/ensure-deps.sh
if ! ensure_deps; then
  echo "test.sh: could not install the packages the tests need" >&2
  failed=1; summary
fi

echo "== build (Release)"
if ! dotnet build Adapters.sln -c Release -nologo -v quiet -clp:ErrorsOnly; then
  echo "test.sh: the build failed" >&2
  failed=1; summary
fi

attr() { grep -o "$1=\"[0-9]*\"" <<<"$2" | head -1 | grep -o '[0-9]*'; }

for project in tests/*.Tests/*.csproj; do
  name=$(basename "$project" .csproj)
  exe="$(dirname "$project")/bin/Release/net10.0/$name"
  echo "== $name"
  # A hung assembly must not hang CI: each gets a generous bound well inside the 15-minute budget.
  timeout --kill-after=30s 600s "$exe" -noLogo -noColor -xml "$results/$name.xml" | grep -vE '^\s*(Discovering|Discovered|Starting|Finished):' 
  code=${PIPESTATUS[0]}
  header=$(grep -o '<assembly [^>]*>' "$results/$name.xml" 2>/dev/null | head -1)
  if [ -z "$header" ]; then
    echo "$name: no results (exit code $code)" >&2
    failed=$((failed + 1))
    continue
  fi
  passed=$((passed + $(attr passed "$header")))
  failed=$((failed + $(attr failed "$header") + $(attr errors "$header")))
  skipped=$((skipped + $(attr skipped "$header")))
  if [ "$code" -ne 0 ] && [ "$(attr failed "$header")" -eq 0 ] && [ "$(attr errors "$header")" -eq 0 ]; then
    echo "$name: exited with code $code" >&2
    failed=$((failed + 1))
  fi
done

summary
