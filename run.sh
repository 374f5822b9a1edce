#!/usr/bin/env bash
# gongwen set-up in two commands, on Debian/Ubuntu (as root, or with sudo):
#   ./run.sh demo   install everything needed and render the examples into out/
#   ./run.sh test   install everything needed and run the test suite
set -euo pipefail
cd "$(dirname "$0")"

APT_PACKAGES=(
  python3 python3-venv python3-pip          # Python ≥ 3.10 with venv
  libreoffice-writer-nogui python3-uno      # PDF: headless LibreOffice driven over UNO
  fonts-noto-cjk fonts-lxgw-wenkai          # free CJK fonts mapped for the official ones
  fonts-liberation2                         # Liberation Serif: Times New Roman's metrics
  poppler-utils                             # pdffonts, used by the PDF tests
)
VENV=${GONGWEN_VENV:-.venv}

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

install_python_packages() {
  [ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
  "$VENV/bin/python" -m pip install -q --upgrade pip
  "$VENV/bin/python" -m pip install -q -e ".[test]"
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
  "$VENV/bin/python" -m ruff check src tests benchmarks tools
  "$VENV/bin/python" -m pytest "$@"
}

command=${1:-}
shift || true
case "$command" in
  demo) install_system_packages; install_python_packages; demo ;;
  test) install_system_packages; install_python_packages; tests "$@" ;;
  *) echo "用法：./run.sh demo | ./run.sh test" >&2; exit 64 ;;
esac
