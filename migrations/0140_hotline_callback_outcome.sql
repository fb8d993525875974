-- Click-to-call outcome from the citizen's leg (issue #18). OriginateResponse only covers the
-- agent's leg; the citizen's result arrives later (DialEnd), so an attempt is recorded at once
-- with outcome NULL (pending) and completed when the PBX reports it. ok = 1 only when the
-- citizen answered.
ALTER TABLE hotline_originates ADD COLUMN outcome TEXT;
ALTER TABLE hotline_originates ADD COLUMN dial_status TEXT;
ALTER TABLE hotline_originates ADD COLUMN done_at TEXT;
-- Earlier rows knew only the agent's leg: keep them honest.
UPDATE hotline_originates SET outcome = CASE WHEN ok = 1 THEN 'agent_answered' ELSE COALESCE(reason_text, 'failed') END,
  done_at = at, ok = 0;

-- A call-back stays open until a citizen-answered attempt, or a supervisor closes it with a reason.
ALTER TABLE hotline_calls ADD COLUMN callback_close_reason TEXT;
ALTER TABLE hotline_calls ADD COLUMN callback_closed_by INTEGER;
