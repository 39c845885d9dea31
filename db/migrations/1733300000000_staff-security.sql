-- Up Migration

-- Staff accounts may have a second factor: a TOTP authenticator (RFC 6238, SHA-1, 30 s, 6 digits).
-- The shared secret must be readable to check codes, so it is kept sealed (AES-256-GCM with a key
-- derived from TOKEN_SECRET, infra/totp.ts), never in the clear. An enrolment in progress keeps its
-- secret apart until a code proves the authenticator has it. totp_last_step is the last time step a
-- code was accepted for: a code is refused for it or any earlier step (replay protection).
ALTER TABLE staff_users
  ADD COLUMN totp_secret_sealed  text,
  ADD COLUMN totp_enabled_at     timestamptz,
  ADD COLUMN totp_pending_sealed text,
  ADD COLUMN totp_last_step      bigint,
  ADD CHECK ((totp_secret_sealed IS NULL) = (totp_enabled_at IS NULL));

-- Step one of a staff sign-in with a second factor passed (the password was right); step two
-- trades the challenge and a code from the authenticator for a session.
CREATE TABLE staff_sign_in_challenges (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  staff_id     uuid NOT NULL REFERENCES staff_users(id),
  attempts     integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  max_attempts integer NOT NULL CHECK (max_attempts > 0),
  expires_at   timestamptz NOT NULL,
  used_at      timestamptz,
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX staff_sign_in_challenges_staff ON staff_sign_in_challenges (staff_id, created_at);

-- The staff console's security settings, one row; while there is none, the configuration
-- (STAFF_ADMIN_TOTP_REQUIRED) decides. Admins change it in the console (audited).
CREATE TABLE staff_security_settings (
  id                  boolean PRIMARY KEY DEFAULT true CHECK (id),
  admin_totp_required boolean NOT NULL,
  updated_at          timestamptz NOT NULL DEFAULT now(),
  updated_by          uuid REFERENCES staff_users(id)
);

-- Down Migration
DROP TABLE staff_security_settings, staff_sign_in_challenges;
ALTER TABLE staff_users
  DROP COLUMN totp_secret_sealed,
  DROP COLUMN totp_enabled_at,
  DROP COLUMN totp_pending_sealed,
  DROP COLUMN totp_last_step;
