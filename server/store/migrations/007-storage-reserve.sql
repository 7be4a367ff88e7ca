-- Room kept back inside the database for sign-in, sign-out and their audit entries once the disk is
-- full (store/storage-guard.ts): one row a page, deleted on the first SQLITE_FULL so the database can
-- grow into the freed pages, re-created once there is room again. Row 0 is the I/O-error probe's.
CREATE TABLE storage_reserve (
  id     INTEGER PRIMARY KEY,
  filler BLOB NOT NULL
);
