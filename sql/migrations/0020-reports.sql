-- 0020: indexes for the reports dashboard (ADM-4): every figure is one
-- aggregate query over a scheme and a period (db/reports.def).
-- Requests submitted in a period, whatever their status.
CREATE INDEX match_requests_submitted ON match_requests(scheme_id, submitted_at);
-- Evaluations due in a period.
CREATE INDEX evaluations_scheme_due ON evaluations(scheme_id, due_at);
