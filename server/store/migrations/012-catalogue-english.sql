-- English department names for the kiosk's English mode (items and materials keep theirs in the
-- item's JSON config, so they need no column).
ALTER TABLE departments ADD COLUMN name_en TEXT;
