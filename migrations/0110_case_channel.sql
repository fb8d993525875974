-- Where a case came in, finer than its source (issue #15): '12345' (a 12345 work order), 'portal',
-- 'open311'; NULL for the rest. The publication rule (server/cases/publication.ts) never publishes
-- a 12345 case, though its source is 'api' like Open311's.
ALTER TABLE cases ADD COLUMN channel TEXT;
UPDATE cases SET channel = '12345' WHERE id IN (SELECT case_id FROM exchange_orders WHERE case_id IS NOT NULL);
UPDATE cases SET channel = (SELECT p.channel FROM public_reports p WHERE p.case_id = cases.id)
  WHERE channel IS NULL AND id IN (SELECT case_id FROM public_reports);
