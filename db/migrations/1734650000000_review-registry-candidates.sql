-- Up Migration

-- Issue 14: a review task keeps the registry rows its check found as data (rules/verification.ts
-- `candidates`: contractNumber, contractType, inn, legalName, status), so the console says them in
-- the reader's language; `registry_hint` keeps the English text for the API and the logs. Tasks
-- opened before have no candidates, except those whose check found nothing, which say so.
ALTER TABLE review_tasks ADD COLUMN registry_candidates jsonb;
UPDATE review_tasks SET registry_candidates = '[]'::jsonb WHERE registry_hint = 'no matching contract in the registry';

-- Down Migration

ALTER TABLE review_tasks DROP COLUMN registry_candidates;
