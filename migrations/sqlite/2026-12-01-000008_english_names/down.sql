ALTER TABLE project_batches DROP COLUMN name_en;
ALTER TABLE skills DROP COLUMN name_en;
