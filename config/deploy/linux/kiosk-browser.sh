#!/bin/sh
# Chromium in kiosk mode for a HallQ kiosk, window terminal or display PC.
#   kiosk-browser.sh http://192.168.1.10:8080/kiosk?token=TOKEN
#   kiosk-browser.sh http://192.168.1.10:8080/display
# Start it from the desktop session's autostart (e.g. ~/.config/autostart/hallq.desktop).
set -eu
URL="${1:?usage: kiosk-browser.sh URL}"
BROWSER="$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)"
[ -n "$BROWSER" ] || { echo "Chromium not found" >&2; exit 1; }
PROFILE="${XDG_RUNTIME_DIR:-/tmp}/hallq-kiosk-profile"

# No screen blanking on a public screen.
command -v xset >/dev/null 2>&1 && { xset s off; xset -dpms; xset s noblank; } || true

while true; do
  # A fresh profile each start: no "restore pages?" bubble after a power cut.
  rm -rf "$PROFILE"
  "$BROWSER" --kiosk --no-first-run --noerrdialogs --disable-infobars --disable-session-crashed-bubble \
    --disable-translate --disable-features=Translate --overscroll-history-navigation=0 \
    --autoplay-policy=no-user-gesture-required --check-for-update-interval=31536000 \
    --user-data-dir="$PROFILE" "$URL" || true
  sleep 2
done
