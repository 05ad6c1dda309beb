-- English names of the managed vocabularies, for clients that speak English (NULL: none yet).
ALTER TABLE skills ADD COLUMN name_en TEXT;
ALTER TABLE project_batches ADD COLUMN name_en TEXT;
