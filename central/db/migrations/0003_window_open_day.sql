-- An open interval is credited to the business day it started on, not the day of the event that
-- ends it (the rollover closes yesterday's windows with events of the new day).
ALTER TABLE proj_windows ADD COLUMN opened_day date;
