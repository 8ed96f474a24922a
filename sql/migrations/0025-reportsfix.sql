-- 0025: the reports fixes of issue 10's review (docs/reports.md).
-- Mentors' training now counts verified records only, the same rule as
-- the scheme standards (db/reports.def REPORT_TRAINING, annual.def
-- ANNUAL_EV_TRAINING): the records' index carries verified_at so the
-- dashboard still reads it without the table (0023 made it for this
-- statement alone).
DROP INDEX training_records_refresh;
CREATE INDEX training_records_refresh ON training_records(user_id, refresh_due_on, verified_at);
