#!/usr/bin/env bash
# Builds both editions into one site: English in book/build/, Simplified Chinese in
# book/build/zh-CN/ (from po/zh-CN.po). English first: mdBook empties book/build/ when it builds
# there. Needs mdbook and mdbook-i18n-helpers (book/po/README.md says which versions).
set -euo pipefail
cd "$(dirname "$0")"
mdbook build
MDBOOK_BOOK__LANGUAGE=zh-CN MDBOOK_BOOK__TITLE="axum 中的同步与异步" mdbook build -d build/zh-CN
