#!/usr/bin/env bash
# gongwen set-up in two commands, on Debian/Ubuntu (as root, or with sudo):
#   ./run.sh demo      install everything needed and render the examples into out/
#   ./run.sh test      install everything needed and run the test suite
# and, for maintainers:
#   ./run.sh release   build the wheel and sdist, install the wheel into a fresh venv from the
#                      lock and render every example with it (CI runs it after the tests)
#   ./run.sh lock      refresh requirements.lock to the newest versions pyproject.toml allows,
#                      run the test suite against it, and only then replace the lock
set -euo pipefail
cd "$(dirname "$0")"

APT_PACKAGES=(
  python3 python3-venv python3-pip          # Python ≥ 3.10 with venv
  libreoffice-writer-nogui python3-uno      # PDF: headless LibreOffice driven over UNO
  fonts-noto-cjk fonts-lxgw-wenkai          # free CJK fonts mapped for the official ones
  fonts-liberation2                         # Liberation Serif: Times New Roman's metrics
  poppler-utils                             # pdffonts (PDF tests), pdftoppm (gongwen serve's preview)
  chromium chromium-driver                  # the browser the tests drive through gongwen serve's page
)
VENV=${GONGWEN_VENV:-.venv}
LOCK=${GONGWEN_LOCK:-requirements.lock}
UV_VERSION=0.13.9                           # the resolver behind ./run.sh lock

install_system_packages() {
  local missing=()
  for package in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
      || missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return
  if ! command -v apt-get >/dev/null; then
    echo "需要这些软件包，请用系统的包管理器安装：${missing[*]}" >&2
    exit 1
  fi
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "安装系统软件包：${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# The exact versions of requirements.lock (hash-checked), downloaded once into a wheelhouse
# inside the venv; tests install from that wheelhouse again without the network.
install_python_packages() {
  [ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
  local wheels="$VENV/wheelhouse" stamp="$VENV/installed.lock"
  if ! cmp -s "$LOCK" "$stamp"; then
    "$VENV/bin/python" -m pip download -q --require-hashes -r "$LOCK" -d "$wheels"
    "$VENV/bin/python" -m pip install -q --no-index --find-links "$wheels" --require-hashes -r "$LOCK"
    cp "$LOCK" "$stamp"
  fi
  "$VENV/bin/python" -m pip install -q --no-index --no-deps --no-build-isolation -e .
}

demo() {
  local gongwen="$VENV/bin/gongwen"
  rm -rf out
  "$gongwen" render examples/annual-plan.yaml examples/work-scheme.yaml -o out -f docx,pdf,md,html \
    --booklet out/督导文件汇编.pdf
  "$gongwen" render examples/forms/*.yaml -o out/forms -f docx,xlsx
  "$gongwen" render examples/forms/*.yaml -o out/forms --blank -f docx,xlsx
  "$gongwen" report examples/records.yaml -o out/reports --date 2026-11-22
  "$gongwen" notices examples/records.yaml -o out/notices --date 2026-11-22
  "$gongwen" summary examples/records.yaml -o out/summary --date 2026-11-22
  "$gongwen" render examples/calendar.yaml -o out/calendar -f docx,xlsx
  "$gongwen" schedule examples/schedule.yaml -o out/schedule
  "$gongwen" schedule --check out/schedule/schedule.yaml
  echo "示例已生成到 out/"
}

tests() {
  export GONGWEN_WHEELHOUSE="$PWD/$VENV/wheelhouse"
  "$VENV/bin/python" -m ruff check src tests benchmarks tools
  "$VENV/bin/python" -m pytest "$@"
}

# What a user gets from `pip install gongwen`: the wheel and its locked dependencies in a
# venv of its own, rendering every example from outside the checkout.
release() {
  local work
  work=$(mktemp -d)
  trap 'rm -rf "$work"' RETURN
  rm -rf dist
  "$VENV/bin/python" -m build -q --no-isolation --wheel --sdist -o dist . >/dev/null
  python3 -m venv "$work/venv"
  "$work/venv/bin/python" -m pip install -q --no-index --find-links "$VENV/wheelhouse" \
    --require-hashes -r "$LOCK"
  "$work/venv/bin/python" -m pip install -q --no-index --no-deps dist/gongwen-*.whl
  cp -r examples "$work/examples"
  (
    cd "$work"
    local gongwen="$work/venv/bin/gongwen"
    local documents=()
    for data in examples/*.yaml; do  # every example but the records, which the report commands read
      grep -q "^kind: records" "$data" || documents+=("$data")
    done
    "$gongwen" render "${documents[@]}" -o out -f docx,pdf,md,html
    "$gongwen" render examples/forms/*.yaml -o out/forms -f docx,xlsx
    for command in report notices summary; do
      "$gongwen" "$command" examples/records.yaml -o "out/$command" --date 2026-11-22 -f docx,pdf
    done
    "$gongwen" schedule examples/schedule.yaml -o out/schedule
    "$gongwen" schedule --check out/schedule/schedule.yaml
    find out -type f | wc -l | xargs echo "已用安装包生成文件数："
  )
  ls dist
}

lock() {
  local tool="$VENV-lock" new="$LOCK.new"
  [ -x "$tool/bin/uv" ] || { python3 -m venv "$tool"; "$tool/bin/python" -m pip install -q "uv==$UV_VERSION"; }
  "$tool/bin/uv" pip compile pyproject.toml --extra test --universal --python-version 3.10 \
    --generate-hashes --upgrade --custom-compile-command "./run.sh lock" -q -o "$new"
  GONGWEN_LOCK="$new" GONGWEN_VENV="$VENV-locktest" "$0" test -x -q
  mv "$new" "$LOCK"
  rm -rf "$VENV-locktest"
  echo "requirements.lock 已更新并通过测试；请提交它。"
}

command=${1:-}
shift || true
case "$command" in
  demo) install_system_packages; install_python_packages; demo ;;
  test) install_system_packages; install_python_packages; tests "$@" ;;
  release) install_system_packages; install_python_packages; release ;;
  lock) lock ;;
  *) echo "用法：./run.sh demo | ./run.sh test | ./run.sh release | ./run.sh lock" >&2; exit 64 ;;
esac
