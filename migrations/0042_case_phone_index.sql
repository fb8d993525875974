-- The hotline's screen pop and the citizen lookup find cases by the caller's phone number.
CREATE INDEX cases_reporter_phone ON cases(reporter_phone) WHERE reporter_phone IS NOT NULL;
