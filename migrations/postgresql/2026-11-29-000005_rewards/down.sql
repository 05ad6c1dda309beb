DROP TABLE honours;
DROP TABLE vouchers;
DROP TABLE rewards;
DROP TABLE points_entries;
DROP TABLE star_changes;
