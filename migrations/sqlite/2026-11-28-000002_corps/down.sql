DROP TABLE team_members;
DROP TABLE recruitments;
DROP TABLE team_decisions;
DROP TABLE teams;
DROP TABLE volunteer_skills;
DROP TABLE volunteers;
DROP TABLE skills;
