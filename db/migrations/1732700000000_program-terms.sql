-- Up Migration

-- R27: the operator changes the program's terms unilaterally. Each version holds the settings it
-- changes (keys of ProgramConfig) and applies from its instant; the terms at an instant are the
-- defaults (configuration) overlaid by every version in force then, oldest first. Past credits are
-- never rewritten: a lot's expiry and a workflow's terms are fixed when they start.
CREATE TABLE program_terms (
  id             bigserial PRIMARY KEY,
  settings       jsonb NOT NULL CHECK (jsonb_typeof(settings) = 'object'),
  effective_from timestamptz NOT NULL,
  reason         text NOT NULL,
  created_by     text NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX program_terms_effective ON program_terms (effective_from, id);

-- Down Migration
DROP TABLE program_terms;
