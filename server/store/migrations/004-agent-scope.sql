-- What a device agent may drive: the kiosks and windows its PC serves (JSON), NULL = any.
ALTER TABLE devices ADD COLUMN scope TEXT;
